// Chat in a live hearing: any participant writes to the clerk; the clerk and the presiding judge
// write to any one participant or to everyone; everyone else writes to everyone only while the
// presiding judge allows open chat (off by default). Each message is an audit event (who, to whom,
// when, the text), so the hearing's event log is the conversation: the minutes print it, and a
// participant who joins late reads their part of it from there. Plain text only: nothing here or in
// the client ever renders it as HTML.
import { CHAT_HISTORY_LIMIT, CHAT_MAX_CHARS, type ChatMessageView, type ChatSnapshot, type ChatTo } from '../protocol/chat.js';
import { isAudit, type AuditEventOf } from './auditEvents.js';
import { InvalidStateError, PermissionDeniedError, ValidationError } from './errors.js';
import type { HearingContext } from './HearingContext.js';
import { can, ensureAllowed } from './permissions.js';
import type { ParticipantRecord, ParticipantRef } from './types.js';

/** The one message-reading rule, for delivery and for history alike. */
export function mayRead(viewer: Pick<ParticipantRecord, 'id' | 'role'>, m: ChatMessageView): boolean {
  if (m.fromId === viewer.id || m.to === 'everyone' || m.toId === viewer.id) return true;
  // The clerk keeps every conversation: those addressed to the clerk and what the bench wrote to anyone.
  return viewer.role === 'clerk';
}

export class Chat {
  /** Whether open chat is allowed, per hearing; read back from the audit log after a restart. */
  readonly #open = new Map<string, boolean>();

  constructor(private readonly h: HearingContext) {}

  /** `to`: 'clerk', 'everyone' or a participant's id. Returns the message as recorded. */
  send(ref: ParticipantRef, to: string, text: string): Promise<ChatMessageView> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.loadPresent(ref, 'chat');
      h.ensureNotEnded(hearing);
      const body = plainText(text);
      const target = await this.#recipient(hearing.id, self, to);
      const event = await h.audit.append(hearing.id, h.actor(self), 'chat.message', {
        participantId: self.id,
        to: target.to,
        toId: target.toId,
        text: body,
      });
      const message = messageView(event as AuditEventOf<'chat.message'>);
      await this.#deliver(hearing.id, message);
      return message;
    });
  }

  /** The presiding judge allows open chat or closes it; everyone in the hearing is told. */
  setOpen(ref: ParticipantRef, open: boolean): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.loadPresent(ref, 'openChat');
      h.ensureNotEnded(hearing);
      if ((await this.isOpen(hearing.id)) === open) return;
      await h.audit.append(hearing.id, h.actor(self), open ? 'chat.opened' : 'chat.closed', {});
      this.#open.set(hearing.id, open);
      h.notify(hearing.id, 'admitted', { type: 'chat.open', open });
    });
  }

  async isOpen(hearingId: string): Promise<boolean> {
    let open = this.#open.get(hearingId);
    if (open === undefined) {
      const last = (await this.h.audit.list(hearingId)).findLast((e) => isAudit(e, 'chat.opened', 'chat.closed'));
      // Set while the log was read (setOpen): that is newer than what the log held.
      open = this.#open.get(hearingId) ?? last?.type === 'chat.opened';
      this.#open.set(hearingId, open);
    }
    return open;
  }

  /** What `viewer` gets on joining: open or not, and the latest messages they may read (the audit log is the source). */
  async snapshot(hearingId: string, viewer: ParticipantRecord): Promise<ChatSnapshot> {
    const messages = (await this.h.audit.list(hearingId))
      .filter((e): e is AuditEventOf<'chat.message'> => isAudit(e, 'chat.message'))
      .map(messageView)
      .filter((m) => mayRead(viewer, m));
    return { open: await this.isOpen(hearingId), messages: messages.slice(-CHAT_HISTORY_LIMIT) };
  }

  /** The hearing ended. */
  forget(hearingId: string): void {
    this.#open.delete(hearingId);
  }

  async #recipient(hearingId: string, self: ParticipantRecord, to: string): Promise<{ to: ChatTo; toId: string | null }> {
    const { h } = this;
    if (to === 'clerk') {
      if (self.role === 'clerk') throw new ValidationError('Write to a participant or to everyone');
      if (!(await this.#clerks(hearingId)).length) throw new InvalidStateError('This hearing has no clerk');
      return { to: 'clerk', toId: null };
    }
    if (to === 'everyone') {
      // Open chat is for those who take part; the public may write to the clerk only.
      const mayOpen = can(self.role, 'raiseHand') && (await this.isOpen(hearingId));
      if (!can(self.role, 'chatAnyone') && !mayOpen) {
        throw new PermissionDeniedError('Open chat is not allowed now: write to the clerk');
      }
      return { to: 'everyone', toId: null };
    }
    ensureAllowed(self.role, 'chatAnyone');
    const target = await h.target(hearingId, to);
    if (target.id === self.id) throw new ValidationError('You cannot write to yourself');
    if (target.deviceId !== null || target.role === 'device') throw new ValidationError(`${target.displayName} is a device`);
    if (target.status !== 'admitted') throw new InvalidStateError(`${target.displayName} is not in the hearing`);
    return { to: 'participant', toId: target.id };
  }

  async #clerks(hearingId: string): Promise<ParticipantRecord[]> {
    return (await this.h.store.participants.listByHearing(hearingId)).filter(
      (p) => p.role === 'clerk' && p.status !== 'removed' && p.status !== 'denied',
    );
  }

  /** Everyone: one broadcast. Otherwise each reader by name: the sender (their other tabs), the addressee, the clerks. */
  async #deliver(hearingId: string, message: ChatMessageView): Promise<void> {
    const { h } = this;
    if (message.to === 'everyone') return h.notify(hearingId, 'admitted', { type: 'chat.message', message });
    const readers = new Set([message.fromId, ...(message.toId ? [message.toId] : []), ...(await this.#clerks(hearingId)).map((c) => c.id)]);
    for (const participantId of readers) h.notify(hearingId, { participantId }, { type: 'chat.message', message });
  }
}

/** Trimmed, 1–1000 characters: counted in NFC code points, so a Vietnamese letter is one however it was typed. */
export function plainText(text: string): string {
  const body = text.normalize('NFC').trim();
  const length = [...body].length;
  if (length === 0) throw new ValidationError('A message cannot be empty');
  if (length > CHAT_MAX_CHARS) throw new ValidationError(`A message is at most ${CHAT_MAX_CHARS} characters (this one has ${length})`);
  return body;
}

function messageView(e: AuditEventOf<'chat.message'>): ChatMessageView {
  return { id: String(e.seq), at: e.at, fromId: e.data.participantId, to: e.data.to, toId: e.data.toId, text: e.data.text };
}
