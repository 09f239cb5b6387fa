// Raise hand and chat in English: the same keys as chat.vi.ts (the type checker enforces it).
import type { chatVi } from './chat.vi.js';

export const chatEn: Record<keyof typeof chatVi, string> = {
  'hand.raise': 'Raise hand',
  'hand.lower': 'Lower hand',
  'hand.raisedNote': 'Your hand is raised',
  'hand.queue': 'Raised hands ({count})',
  'hand.waited': 'waiting {time}',
  'hand.lowerFor': 'Lower the hand of {name}',
  'hand.someone': 'Participant',

  'chat.toggle': 'Messages',
  'chat.toggleUnread': 'Messages, {count} unread',
  'chat.title': 'Messages',
  'chat.close': 'Close messages',
  'chat.conversations': 'Conversations',
  'chat.back': 'Conversations',
  'chat.everyone': 'Everyone in the hearing',
  'chat.court': 'The clerk',
  'chat.you': 'You',
  'chat.left': '(no longer in the hearing)',
  'chat.empty': 'No messages yet.',
  'chat.unread': '{count} unread',
  'chat.message': 'Message',
  'chat.messageTo': 'Message to {name}',
  'chat.placeholder': 'Type a message (Enter sends, Shift+Enter for a new line)',
  'chat.send': 'Send',
  'chat.length': '{count}/{max} characters',
  'chat.closedNote': 'The presiding judge has not allowed open chat. You can write to the clerk.',
  'chat.publicNote': 'Observers can write to the clerk only.',
  'chat.allowOpen': 'Allow open chat',
  'chat.record': 'Every message goes into the minutes of the hearing.',
};
