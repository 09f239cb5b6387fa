// The client's chat and hands state (client/src/core/chatState.ts, sessionState.ts): conversations
// as each seat sees them, unread counts, and the same message kept once whichever way it arrived.
import { describe, expect, it } from 'vitest';
import type { ChatMessageView } from '../../../core/protocol/chat.js';
import {
  addMessage,
  conversationOf,
  COURT,
  EVERYONE,
  fromChatSnapshot,
  INITIAL_CHAT,
  markRead,
  unreadCounts,
} from '../../../client/src/core/chatState.js';
import { applyNotification, INITIAL_STATE, type SessionState } from '../../../client/src/core/sessionState.js';

const msg = (id: number, fromId: string, to: ChatMessageView['to'], toId: string | null = null): ChatMessageView => ({
  id: String(id),
  at: new Date(Date.UTC(2025, 2, 1, 8, 0, id)).toISOString(),
  fromId,
  to,
  toId,
  text: `m${id}`,
});

describe('conversationOf()', () => {
  it('a participant has two: the court (the clerk and the bench) and everyone', () => {
    expect(conversationOf(msg(1, 'w', 'clerk'), 'w', false)).toBe(COURT);
    expect(conversationOf(msg(2, 'clerk-1', 'participant', 'w'), 'w', false)).toBe(COURT);
    expect(conversationOf(msg(3, 'judge-1', 'participant', 'w'), 'w', false)).toBe(COURT);
    expect(conversationOf(msg(4, 'd', 'everyone'), 'w', false)).toBe(EVERYONE);
  });

  it('the clerk has one per person, whoever on the bench wrote', () => {
    expect(conversationOf(msg(1, 'w', 'clerk'), 'clerk-1', true)).toBe('w');
    expect(conversationOf(msg(2, 'clerk-1', 'participant', 'w'), 'clerk-1', true)).toBe('w');
    expect(conversationOf(msg(3, 'judge-1', 'participant', 'w'), 'clerk-1', true)).toBe('w');
    expect(conversationOf(msg(4, 'judge-1', 'clerk'), 'clerk-1', true)).toBe('judge-1');
  });
});

describe('unread counts', () => {
  it('count others’ messages per conversation until read; one’s own never count', () => {
    let chat = INITIAL_CHAT;
    for (const m of [msg(1, 'w', 'clerk'), msg(2, 'clerk-1', 'participant', 'w'), msg(3, 'd', 'clerk'), msg(4, 'clerk-1', 'everyone')]) {
      chat = addMessage(chat, m);
    }
    expect(unreadCounts(chat, 'clerk-1', true)).toEqual({ w: 1, d: 1 });
    chat = markRead(chat, 'w', 'clerk-1', true);
    expect(unreadCounts(chat, 'clerk-1', true)).toEqual({ d: 1 });
    // The witness never receives the defendant's message to the clerk.
    const witnessChat = { ...chat, messages: chat.messages.filter((m) => m.fromId !== 'd') };
    expect(unreadCounts(witnessChat, 'w', false)).toEqual({ [COURT]: 1, [EVERYONE]: 1 });
  });
});

describe('one message, kept once', () => {
  it('from the send reply, the notification and a later join snapshot', () => {
    const m = msg(5, 'w', 'clerk');
    let chat = addMessage(INITIAL_CHAT, m);
    chat = addMessage(chat, m);
    chat = fromChatSnapshot(chat, { open: true, messages: [msg(3, 'clerk-1', 'everyone'), m] });
    expect(chat.messages.map((x) => x.id)).toEqual(['3', '5']);
    expect(chat.open).toBe(true);
  });

  it('through sessionState: chat.message, chat.open and hand.queue notifications', () => {
    let s: SessionState = { ...INITIAL_STATE, phase: 'in_hearing' };
    s = applyNotification(s, { type: 'chat.message', message: msg(1, 'w', 'clerk') });
    s = applyNotification(s, { type: 'chat.message', message: msg(1, 'w', 'clerk') });
    s = applyNotification(s, { type: 'chat.open', open: true });
    s = applyNotification(s, { type: 'hand.queue', hands: [{ participantId: 'w', raisedAt: '2025-03-01T08:00:00.000Z' }] });
    expect(s.chat.messages).toHaveLength(1);
    expect(s.chat.open).toBe(true);
    expect(s.hands).toEqual([{ participantId: 'w', raisedAt: '2025-03-01T08:00:00.000Z' }]);
  });
});
