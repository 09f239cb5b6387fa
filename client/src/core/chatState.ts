// Raised hands and chat as this client keeps them (sessionState.ts holds them): pure functions over
// the messages the server let us read (core/hearing/Chat.ts decides who reads what), grouped into
// conversations, with unread counts. No UI here.
import type { ChatMessageView, ChatSnapshot, Role } from './protocol.js';

export interface ChatState {
  /** Whether the presiding judge allows open chat (participants to everyone). */
  open: boolean;
  /** Every message we may read, oldest first (ordered by their audit sequence). */
  messages: ChatMessageView[];
  /** Per conversation, the id (audit sequence) of the last message read. */
  readUpTo: Record<string, number>;
}

export const INITIAL_CHAT: ChatState = { open: false, messages: [], readUpTo: {} };

/** The open-chat conversation; everyone in the hearing reads it. */
export const EVERYONE = 'everyone';
/** A participant's one conversation with the court (the clerk, and whatever the bench wrote to them). */
export const COURT = 'clerk';

/** The clerk and the presiding judge write to anyone: they see one conversation per person. */
export function isDesk(role: Role): boolean {
  return role === 'clerk' || role === 'judge';
}

/**
 * Which conversation a message belongs to, as `selfId` sees it: EVERYONE; for the desk (clerk,
 * judge) the other person's id (COURT for the judge's own notes to the clerk); for anyone else COURT.
 * The key is also whom a reply goes to: chat.send's `to`.
 */
export function conversationOf(m: ChatMessageView, selfId: string, desk: boolean): string {
  if (m.to === 'everyone') return EVERYONE;
  if (!desk) return COURT;
  if (m.to === 'clerk') return m.fromId === selfId ? COURT : m.fromId;
  return m.toId === selfId ? m.fromId : (m.toId ?? COURT);
}

/** One message more (from a notification or a send's reply), kept once and in order. */
export function addMessage(chat: ChatState, m: ChatMessageView): ChatState {
  if (chat.messages.some((x) => x.id === m.id)) return chat;
  return { ...chat, messages: sorted([...chat.messages, m]) };
}

/** A join snapshot: its messages merged with those we had (a reconnect keeps what was read). */
export function fromChatSnapshot(chat: ChatState, snapshot: ChatSnapshot | undefined): ChatState {
  if (!snapshot) return chat;
  const known = new Set(chat.messages.map((m) => m.id));
  return { ...chat, open: snapshot.open, messages: sorted([...chat.messages, ...snapshot.messages.filter((m) => !known.has(m.id))]) };
}

export function markRead(chat: ChatState, conversation: string, selfId: string, desk: boolean): ChatState {
  const last = chat.messages.filter((m) => conversationOf(m, selfId, desk) === conversation).at(-1);
  if (!last || (chat.readUpTo[conversation] ?? 0) >= Number(last.id)) return chat;
  return { ...chat, readUpTo: { ...chat.readUpTo, [conversation]: Number(last.id) } };
}

/** Unread messages per conversation (one's own never count). */
export function unreadCounts(chat: ChatState, selfId: string, desk: boolean): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of chat.messages) {
    if (m.fromId === selfId) continue;
    const c = conversationOf(m, selfId, desk);
    if (Number(m.id) > (chat.readUpTo[c] ?? 0)) counts[c] = (counts[c] ?? 0) + 1;
  }
  return counts;
}

function sorted(messages: ChatMessageView[]): ChatMessageView[] {
  return messages.sort((a, b) => Number(a.id) - Number(b.id));
}
