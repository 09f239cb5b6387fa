// The clerk's side of the domain: cases, sites, hearings and their invited participants, and every
// invitation (a clerk's link, a device's session): guarded and audited here, signed through the
// InvitationIssuer port (server/auth's TokenService).
import type { CaseKind, HearingView, ParticipantView, Role, SiteKind } from '../protocol/model.js';
import type { Contact } from '../protocol/workspace.js';
import type { LanguagePair } from '../protocol/interpretation.js';
import { AuditLog } from './AuditLog.js';
import { isStaffSeat, seatAccountRole } from '../protocol/staffSeats.js';
import { ConflictError, InvalidStateError, NotFoundError, PermissionDeniedError, ValidationError } from './errors.js';
import type { Clock, InvitationIssuer, IssuedInvitation, Store } from './ports.js';
import type { Actor, AuditEvent, CaseRecord, HearingRecord, InvitationRecord, ParticipantRecord, SiteRecord } from './types.js';
import { hearingView, participantView } from './views.js';

const newId = (): string => globalThis.crypto.randomUUID();

/** A link just made: nothing has happened to it yet. */
export const NEW_LINK: InvitationRecord = { issuedAt: null, expiresAt: null, openedAt: null, sentAt: null, sentTo: null, revokedAt: null };

/** For fixtures that never invite anyone; server/main.ts always wires the real signer. */
const NO_ISSUER: InvitationIssuer = {
  issueInvitation: () => {
    throw new Error('This CaseFile was built without an InvitationIssuer');
  },
};

export class CaseFile {
  readonly #audit: AuditLog;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly court: string,
    private readonly isConnected: (participantId: string) => boolean = () => false,
    private readonly issuer: InvitationIssuer = NO_ISSUER,
  ) {
    this.#audit = new AuditLog(store, clock);
  }

  #now(): string {
    return this.clock.now().toISOString();
  }

  async createSite(name: string, kind: SiteKind, relayOnly = false): Promise<SiteRecord> {
    const site: SiteRecord = { id: newId(), name, kind, relayOnly, createdAt: this.#now() };
    await this.store.sites.insert(site);
    return site;
  }

  listSites(): Promise<SiteRecord[]> {
    return this.store.sites.list();
  }

  async createCase(number: string, title: string, kind: CaseKind = 'criminal'): Promise<CaseRecord> {
    const kase: CaseRecord = { id: newId(), number, title, kind, court: this.court, createdAt: this.#now() };
    await this.store.cases.insert(kase);
    return kase;
  }

  searchCases(query: string | undefined): Promise<CaseRecord[]> {
    return this.store.cases.search(query, 100);
  }

  async getCase(caseId: string): Promise<CaseRecord> {
    const kase = await this.store.cases.get(caseId);
    if (!kase) throw new NotFoundError('Case', caseId);
    return kase;
  }

  async createHearing(
    actor: Actor,
    args: { caseId: string; title: string; scheduledAt: string; courtroomSiteId?: string },
  ): Promise<HearingRecord> {
    await this.getCase(args.caseId);
    if (args.courtroomSiteId) await this.#site(args.courtroomSiteId);
    const now = this.#now();
    const hearing: HearingRecord = {
      id: newId(),
      caseId: args.caseId,
      title: args.title,
      scheduledAt: new Date(args.scheduledAt).toISOString(),
      state: 'scheduled',
      stage: null,
      outcome: null,
      courtroomSiteId: args.courtroomSiteId ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.transaction(async () => {
      await this.store.hearings.insert(hearing);
      await this.#audit.append(hearing.id, actor, 'hearing.created', { title: hearing.title, scheduledAt: hearing.scheduledAt });
    });
    return hearing;
  }

  /**
   * A postponed hearing (hoãn) is held again: a new hearing of the same case, courtroom and title at
   * `scheduledAt`, with the same people (removed and denied seats left out; the presiding judge's
   * seat bound to the same account). Nobody's old link opens it: the clerk sends new ones, the judge
   * joins from /bench. Once per postponed hearing; both hearings' logs say so.
   */
  reschedule(actor: Actor, hearingId: string, scheduledAt: string): Promise<{ hearing: HearingRecord; participants: ParticipantRecord[] }> {
    // One transaction from the checks to the writes: two clerks rescheduling at once cannot both pass.
    return this.store.transaction(async () => {
      const old = await this.getHearing(hearingId);
      if (old.state !== 'adjourned' || old.outcome !== 'postponed') throw new InvalidStateError('Only a postponed hearing is rescheduled');
      const at = new Date(scheduledAt);
      if (Number.isNaN(at.getTime()) || at.getTime() <= this.clock.now().getTime())
        throw new ValidationError('The new date must be in the future');
      if ((await this.store.audit.list(hearingId)).some((e) => e.type === 'hearing.rescheduled')) {
        throw new ConflictError('This hearing was already rescheduled');
      }
      const now = this.#now();
      const hearing: HearingRecord = {
        ...old,
        id: newId(),
        scheduledAt: at.toISOString(),
        state: 'scheduled',
        stage: null,
        outcome: null,
        createdAt: now,
        updatedAt: now,
      };
      const participants: ParticipantRecord[] = (await this.store.participants.listByHearing(hearingId))
        .filter((p) => p.role !== 'device' && p.status !== 'removed' && p.status !== 'denied')
        .map((p) => ({
          ...p,
          id: newId(),
          hearingId: hearing.id,
          status: 'invited',
          forcedMuteAudio: false,
          forcedMuteVideo: false,
          invitationId: null,
          createdAt: now,
        }));
      await this.store.hearings.insert(hearing);
      await this.#audit.append(hearing.id, actor, 'hearing.created', {
        title: hearing.title,
        scheduledAt: hearing.scheduledAt,
        rescheduledFrom: old.id,
      });
      for (const p of participants) {
        await this.store.participants.insert(p);
        await this.#audit.append(hearing.id, actor, 'participant.invited', {
          participantId: p.id,
          displayName: p.displayName,
          role: p.role,
          ...(p.languages ? { languages: p.languages } : {}),
        });
      }
      await this.#audit.append(old.id, actor, 'hearing.rescheduled', { hearingId: hearing.id, scheduledAt: hearing.scheduledAt });
      return { hearing, participants };
    });
  }

  async getHearing(hearingId: string): Promise<HearingRecord> {
    const hearing = await this.store.hearings.get(hearingId);
    if (!hearing) throw new NotFoundError('Hearing', hearingId);
    return hearing;
  }

  async hearingView(hearingId: string): Promise<HearingView> {
    return hearingView(this.store, await this.getHearing(hearingId));
  }

  async listHearings(caseId: string): Promise<HearingView[]> {
    const kase = await this.getCase(caseId);
    const views: HearingView[] = [];
    for (const h of await this.store.hearings.listByCase(caseId)) views.push(await hearingView(this.store, h, kase));
    return views;
  }

  /**
   * The panel's judges and the clerk of the hearing sit in staff seats (staffSeats.ts): bound
   * (`accountId`) to a staff account of the matching kind, opened only by that account's own sign-in
   * (issueBenchInvitation); the archive lets the presiding judge's account read the record. One
   * presiding judge per hearing and one seat per account: a second is refused while the first
   * stands (removed or denied seats do not count).
   */
  async addParticipant(
    actor: Actor,
    hearingId: string,
    args: { displayName: string; role: Role; siteId?: string; accountId?: string; contact?: Contact; languages?: LanguagePair },
  ): Promise<ParticipantRecord> {
    const hearing = await this.getHearing(hearingId);
    if (hearing.state === 'adjourned') throw new InvalidStateError('The hearing has ended');
    if (args.role === 'device') throw new ValidationError('Devices are registered at a site and attached, not invited');
    if (args.siteId) await this.#site(args.siteId);
    if (args.languages && args.role !== 'interpreter') throw new ValidationError('Only an interpreter has a language pair');
    const accountRole = seatAccountRole(args.role);
    if (args.accountId !== undefined && !accountRole) {
      throw new ValidationError('Only the panel’s judges and the clerk sit in seats bound to a staff account');
    }
    if (accountRole) {
      if (args.accountId === undefined)
        throw new ValidationError(`A ${args.role} seat must be bound to a ${accountRole} account (accountId)`);
      if ((await this.store.accounts.get(args.accountId))?.role !== accountRole)
        throw new ValidationError(`accountId is not a ${accountRole} account`);
    }
    const participant: ParticipantRecord = {
      id: newId(),
      hearingId,
      displayName: args.displayName,
      role: args.role,
      siteId: args.siteId ?? null,
      status: 'invited',
      forcedMuteAudio: false,
      forcedMuteVideo: false,
      invitationId: null,
      deviceId: null,
      accountId: args.accountId ?? null,
      contact: args.contact?.email || args.contact?.phone ? args.contact : null,
      languages: args.languages ?? null,
      createdAt: this.#now(),
    };
    await this.store.transaction(async () => {
      // Checked inside the transaction: two clerks adding a judge at once cannot both pass.
      if (args.role === 'judge' && (await this.#presiding(hearingId)))
        throw new ConflictError('This hearing already has a presiding judge');
      if (args.accountId !== undefined && (await this.#seatOf(hearingId, args.accountId))) {
        throw new ConflictError('That account already has a seat in this hearing');
      }
      await this.store.participants.insert(participant);
      await this.#audit.append(hearingId, actor, 'participant.invited', {
        participantId: participant.id,
        displayName: participant.displayName,
        role: participant.role,
        ...(participant.languages ? { languages: participant.languages } : {}),
      });
    });
    return participant;
  }

  async getParticipant(hearingId: string, participantId: string): Promise<ParticipantRecord> {
    const p = await this.store.participants.get(participantId);
    if (!p || p.hearingId !== hearingId) throw new NotFoundError('Participant', participantId);
    return p;
  }

  async participantViews(hearingId: string): Promise<ParticipantView[]> {
    await this.getHearing(hearingId);
    const views: ParticipantView[] = [];
    for (const p of await this.store.participants.listByHearing(hearingId)) views.push(await this.participantView(p));
    return views;
  }

  async participantView(p: ParticipantRecord): Promise<ParticipantView> {
    return participantView(this.store, p, this.isConnected(p.id));
  }

  /**
   * A new invitation for a participant (the clerk's link); any earlier link stops working.
   * Removed or denied participants get no new link (add them again), nor anyone once it ended.
   * Never the presiding judge's: that link comes only from the judge's own sign-in.
   */
  async issueInvitation(actor: Actor, hearingId: string, participantId: string, expiresInSeconds: number): Promise<IssuedInvitation> {
    const p = await this.getParticipant(hearingId, participantId);
    if (isStaffSeat(p.role)) {
      throw new PermissionDeniedError("This seat's link comes only from its own account's sign-in (/bench); no one else can issue it");
    }
    return this.#issue(actor, p, expiresInSeconds);
  }

  /** The hearings a staff account sits in (its bound seats), not ended, soonest first. */
  async benchSeats(accountId: string): Promise<{ participant: ParticipantRecord; hearing: HearingRecord; case: CaseRecord }[]> {
    const seats: { participant: ParticipantRecord; hearing: HearingRecord; case: CaseRecord }[] = [];
    for (const participant of await this.store.participants.listByAccount(accountId)) {
      if (!isStaffSeat(participant.role) || participant.status === 'removed' || participant.status === 'denied') continue;
      const hearing = await this.getHearing(participant.hearingId);
      seats.push({ participant, hearing, case: await this.getCase(hearing.caseId) });
    }
    return seats
      .filter((seat) => seat.hearing.state !== 'adjourned')
      .sort((a, b) => a.hearing.scheduledAt.localeCompare(b.hearing.scheduledAt));
  }

  /**
   * A staff seat's link (the presiding judge's, a panel judge's, the clerk's), asked for by the
   * account's own staff session and bound to it: the link lasts no longer than the session, and the
   * verifier refuses it once the session ends. Only the account the seat is bound to gets it.
   */
  async issueBenchInvitation(
    account: { accountId: string; username: string },
    hearingId: string,
    staffSessionId: string,
    expiresInSeconds: number,
  ): Promise<IssuedInvitation> {
    await this.getHearing(hearingId);
    const seat = await this.#seatOf(hearingId, account.accountId);
    if (!seat) throw new PermissionDeniedError('You have no seat in this hearing');
    return this.#issue({ kind: 'account', ...account }, seat, expiresInSeconds, staffSessionId);
  }

  /**
   * A device's own session (POST /api/device/session): a fresh invitation for its participant, so
   * a display joins through the same path as a person. The device asks for itself, as that
   * participant; it must not be revoked and the participant must be its own.
   */
  async issueDeviceInvitation(
    deviceId: string,
    hearingId: string,
    participantId: string,
    expiresInSeconds: number,
  ): Promise<IssuedInvitation> {
    const device = await this.store.devices.get(deviceId);
    if (!device) throw new NotFoundError('Device', deviceId);
    if (device.revokedAt) throw new PermissionDeniedError('This device was revoked');
    const p = await this.getParticipant(hearingId, participantId);
    if (p.deviceId !== deviceId) throw new PermissionDeniedError('This participant is not this device');
    return this.#issue({ kind: 'participant', participantId: p.id, role: p.role }, p, expiresInSeconds);
  }

  /** The one path every invitation takes: guards, then sign, then record and audit together. */
  async #issue(actor: Actor, p: ParticipantRecord, expiresInSeconds: number, staffSessionId?: string): Promise<IssuedInvitation> {
    await this.#issuable(p);
    const issued = this.issuer.issueInvitation({
      hearingId: p.hearingId,
      participantId: p.id,
      role: p.role,
      expiresInSeconds,
      ...(staffSessionId ? { staffSessionId } : {}),
    });
    await this.store.transaction(async () => {
      // Read and checked again inside: the participant may have changed (or been removed) since.
      const current = await this.getParticipant(p.hearingId, p.id);
      await this.#issuable(current);
      await this.store.participants.update({ ...current, invitationId: issued.invitationId });
      // The clerk follows the new link from here: not opened, not sent yet (core/hearing/Invitations.ts).
      await this.store.invitations.set(p.id, { ...NEW_LINK, issuedAt: this.#now(), expiresAt: issued.expiresAt.toISOString() });
      await this.#audit.append(p.hearingId, actor, 'invitation.issued', { participantId: p.id, invitationId: issued.invitationId });
    });
    return issued;
  }

  /** Removed or denied participants get no link, nor anyone once the hearing ended. */
  async #issuable(p: ParticipantRecord): Promise<void> {
    if (p.status === 'removed' || p.status === 'denied') {
      throw new InvalidStateError(`Participant was ${p.status}; invite them again as a new participant`);
    }
    if ((await this.getHearing(p.hearingId)).state === 'adjourned') throw new InvalidStateError('The hearing has ended');
  }

  async audit(hearingId: string): Promise<AuditEvent[]> {
    await this.getHearing(hearingId);
    return this.#audit.list(hearingId);
  }

  /** The hearing's presiding judge's seat, if one stands (removed and denied seats do not). */
  async #presiding(hearingId: string): Promise<ParticipantRecord | undefined> {
    return (await this.store.participants.listByHearing(hearingId)).find(
      (p) => p.role === 'judge' && p.status !== 'removed' && p.status !== 'denied',
    );
  }

  /** The staff seat bound to this account in the hearing, if one stands. */
  async #seatOf(hearingId: string, accountId: string): Promise<ParticipantRecord | undefined> {
    return (await this.store.participants.listByHearing(hearingId)).find(
      (p) => p.accountId === accountId && isStaffSeat(p.role) && p.status !== 'removed' && p.status !== 'denied',
    );
  }

  async #site(siteId: string): Promise<SiteRecord> {
    const site = await this.store.sites.get(siteId);
    if (!site) throw new NotFoundError('Site', siteId);
    return site;
  }
}
