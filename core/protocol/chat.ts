// Raise hand and chat, as the wire sees them (core/hearing/Hands.ts, Chat.ts). Shared with the
// client: types and constants only, nothing that pulls zod into the bundle.

/** A message is 1–1000 characters once trimmed (counted as characters, not UTF-16 units). */
export const CHAT_MAX_CHARS = 1000;
/** What a participant joining late is given: the latest messages they may read, at most this many. */
export const CHAT_HISTORY_LIMIT = 200;

/** Whom a message is for: the clerk (of the hearing), everyone in the hearing, or one participant. */
export type ChatTo = 'clerk' | 'everyone' | 'participant';

/** One raised hand: who, and since when (the bench shows how long each has waited). */
export interface HandView {
  participantId: string;
  raisedAt: string;
}

/** One message, as written (trimmed) and recorded: `id` is its audit event's sequence number. */
export interface ChatMessageView {
  id: string;
  at: string;
  fromId: string;
  to: ChatTo;
  /** Set when `to` is 'participant'. */
  toId: string | null;
  text: string;
}

/** Chat as a participant sees it on joining: whether open chat is allowed, and their messages so far. */
export interface ChatSnapshot {
  open: boolean;
  messages: ChatMessageView[];
}
