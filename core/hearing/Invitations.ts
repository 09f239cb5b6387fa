// The clerk's side of each person's link, beyond issuing it (CaseFile.issueInvitation): sending a
// new link through the Notifier (email or SMS), revoking it, and noting when it is first opened.
// A link is shown once, so sending always makes a new one; the old one stops when the new is sent.
import { KeyedQueue } from '../lib/KeyedQueue.js';
import { isStaffSeat } from '../protocol/staffSeats.js';
import { AuditLog } from './AuditLog.js';
import type { CaseFile } from './CaseFile.js';
import { NEW_LINK } from './CaseFile.js';
import { addressFor, maskAddress } from './contacts.js';
import { InvalidStateError, PermissionDeniedError, ValidationError } from './errors.js';
import { invitationSubject, invitationText } from './invitationMessage.js';
import type { Clock, DeliveryReceipt, InvitationChannel, InvitationIssuer, IssuedInvitation, Notifier, Store } from './ports.js';
import type { Actor, ParticipantRecord } from './types.js';

export interface SentInvitation {
  issued: IssuedInvitation;
  link: string;
  channel: InvitationChannel;
  /** Masked. */
  to: string;
  sentAt: string;
  receipt: DeliveryReceipt;
}

export interface InvitationsDeps {
  store: Store;
  clock: Clock;
  caseFile: CaseFile;
  issuer: InvitationIssuer;
  notifier: Notifier;
  /** The join link a token opens (`<public URL>/join#<token>`): the server knows its address. */
  linkOf: (token: string) => string;
}

export class Invitations {
  readonly #audit: AuditLog;
  /** One send at a time per participant: two clicks make two links, and the later one wins. */
  readonly #sending = new KeyedQueue();

  constructor(private readonly deps: InvitationsDeps) {
    this.#audit = new AuditLog(deps.store, deps.clock);
  }

  /**
   * A new link, sent to the person's contact (by `channel`, or email when they have one, else SMS).
   * Signed, then sent, then recorded: if the notifier refuses, nothing changed and the old link
   * still works. Same guards as issuing: never the presiding judge's, nobody removed or denied,
   * nothing once the hearing ended.
   */
  send(
    actor: Actor,
    hearingId: string,
    participantId: string,
    expiresInSeconds: number,
    channel?: InvitationChannel,
  ): Promise<SentInvitation> {
    return this.#sending.run(participantId, async () => {
      const { store, caseFile, clock } = this.deps;
      const p = await this.#invitable(hearingId, participantId);
      const address = addressFor(p.contact, channel);
      if (!address) {
        throw new ValidationError(
          channel
            ? `${p.displayName} has no ${channel === 'email' ? 'email address' : 'phone number'}`
            : `${p.displayName} has no contact to send to`,
        );
      }
      const hearing = await caseFile.getHearing(hearingId);
      const kase = await caseFile.getCase(hearing.caseId);
      const issued = this.deps.issuer.issueInvitation({ hearingId, participantId, role: p.role, expiresInSeconds });
      const link = this.deps.linkOf(issued.token);
      const words = {
        channel: address.channel,
        court: kase.court,
        displayName: p.displayName,
        role: p.role,
        caseNumber: kase.number,
        caseTitle: kase.title,
        hearingTitle: hearing.title,
        scheduledAt: hearing.scheduledAt,
        expiresAt: issued.expiresAt.toISOString(),
        link,
      };
      const maskedTo = maskAddress(address.channel, address.to);
      const receipt = await this.deps.notifier.send({
        ...address,
        maskedTo,
        subject: invitationSubject(words),
        text: invitationText(words),
        link,
        hearingId,
        participantId,
        caseNumber: kase.number,
        hearingTitle: hearing.title,
        scheduledAt: hearing.scheduledAt,
        expiresAt: words.expiresAt,
      });
      const sentAt = clock.now().toISOString();
      await store.transaction(async () => {
        // Checked again after the wait: the person may have been removed or the hearing ended meanwhile.
        const current = await this.#invitable(hearingId, participantId);
        await store.participants.update({ ...current, invitationId: issued.invitationId });
        await store.invitations.set(p.id, { ...NEW_LINK, issuedAt: sentAt, expiresAt: words.expiresAt, sentAt, sentTo: maskedTo });
        await this.#audit.append(hearingId, actor, 'invitation.issued', { participantId, invitationId: issued.invitationId });
        await this.#audit.append(hearingId, actor, 'invitation.sent', {
          participantId,
          invitationId: issued.invitationId,
          channel: address.channel,
          to: maskedTo,
          notifier: receipt.notifier,
        });
      });
      return { issued, link, channel: address.channel, to: maskedTo, sentAt, receipt };
    });
  }

  /** The current link stops working (the person is told their link was revoked); a new one can be issued later. */
  async revoke(actor: Actor, hearingId: string, participantId: string): Promise<void> {
    const { store, caseFile, clock } = this.deps;
    await store.transaction(async () => {
      const p = await caseFile.getParticipant(hearingId, participantId);
      if (isStaffSeat(p.role)) throw new PermissionDeniedError("This seat's link is bound to its account's own sign-in: it ends with it");
      if (p.invitationId === null) throw new InvalidStateError(`${p.displayName} has no working link to revoke`);
      const invitationId = p.invitationId;
      await store.participants.update({ ...p, invitationId: null });
      await store.invitations.set(p.id, { ...(await store.invitations.get(p.id)), revokedAt: clock.now().toISOString() });
      await this.#audit.append(hearingId, actor, 'invitation.revoked', { participantId, invitationId });
    });
  }

  /**
   * The invitation page was read with the participant's current link (server/http's GET
   * /api/invitation, after the link was checked): noted and audited the first time only.
   */
  async opened(p: ParticipantRecord, invitationId: string): Promise<void> {
    const { store, clock } = this.deps;
    await store.transaction(async () => {
      const current = await store.participants.get(p.id);
      if (!current || current.invitationId !== invitationId) return;
      const link = await store.invitations.get(p.id);
      if (link.openedAt !== null) return;
      await store.invitations.set(p.id, { ...link, openedAt: clock.now().toISOString() });
      await this.#audit.append(p.hearingId, { kind: 'participant', participantId: p.id, role: p.role }, 'invitation.opened', {
        participantId: p.id,
        invitationId,
      });
    });
  }

  async #invitable(hearingId: string, participantId: string): Promise<ParticipantRecord> {
    const { caseFile } = this.deps;
    const p = await caseFile.getParticipant(hearingId, participantId);
    if (isStaffSeat(p.role)) {
      throw new PermissionDeniedError("This seat's link comes only from its own account's sign-in (/bench); it is never sent");
    }
    if (p.role === 'device') throw new ValidationError('A device gets its session from its own token, not a link');
    if (p.status === 'removed' || p.status === 'denied') {
      throw new InvalidStateError(`Participant was ${p.status}; invite them again as a new participant`);
    }
    if ((await caseFile.getHearing(hearingId)).state === 'adjourned') throw new InvalidStateError('The hearing has ended');
    return p;
  }
}
