// The clerk's side of the domain: cases, sites, hearings and their invited participants, and every
// invitation (a clerk's link, a device's session): guarded and audited here, signed through the
// InvitationIssuer port (server/auth's TokenService).
import type { HearingView, ParticipantView, Role, SiteKind } from '../protocol/model.js';
import { AuditLog } from './AuditLog.js';
import { InvalidStateError, NotFoundError, PermissionDeniedError, ValidationError } from './errors.js';
import type { Clock, InvitationIssuer, IssuedInvitation, Store } from './ports.js';
import type { Actor, AuditEvent, CaseRecord, HearingRecord, ParticipantRecord, SiteRecord } from './types.js';
import { hearingView, participantView } from './views.js';

const newId = (): string => globalThis.crypto.randomUUID();

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

  createSite(name: string, kind: SiteKind): SiteRecord {
    const site: SiteRecord = { id: newId(), name, kind, createdAt: this.#now() };
    this.store.sites.insert(site);
    return site;
  }

  listSites(): SiteRecord[] {
    return this.store.sites.list();
  }

  createCase(number: string, title: string): CaseRecord {
    const kase: CaseRecord = { id: newId(), number, title, court: this.court, createdAt: this.#now() };
    this.store.cases.insert(kase);
    return kase;
  }

  searchCases(query: string | undefined): CaseRecord[] {
    return this.store.cases.search(query, 100);
  }

  getCase(caseId: string): CaseRecord {
    const kase = this.store.cases.get(caseId);
    if (!kase) throw new NotFoundError('Case', caseId);
    return kase;
  }

  createHearing(actor: Actor, args: { caseId: string; title: string; scheduledAt: string; courtroomSiteId?: string }): HearingRecord {
    this.getCase(args.caseId);
    if (args.courtroomSiteId) this.#site(args.courtroomSiteId);
    const now = this.#now();
    const hearing: HearingRecord = {
      id: newId(),
      caseId: args.caseId,
      title: args.title,
      scheduledAt: new Date(args.scheduledAt).toISOString(),
      state: 'scheduled',
      courtroomSiteId: args.courtroomSiteId ?? null,
      createdAt: now,
      updatedAt: now,
    };
    this.store.transaction(() => {
      this.store.hearings.insert(hearing);
      this.#audit.append(hearing.id, actor, 'hearing.created', { title: hearing.title, scheduledAt: hearing.scheduledAt });
    });
    return hearing;
  }

  getHearing(hearingId: string): HearingRecord {
    const hearing = this.store.hearings.get(hearingId);
    if (!hearing) throw new NotFoundError('Hearing', hearingId);
    return hearing;
  }

  hearingView(hearingId: string): HearingView {
    return hearingView(this.store, this.getHearing(hearingId));
  }

  listHearings(caseId: string): HearingView[] {
    const kase = this.getCase(caseId);
    return this.store.hearings.listByCase(caseId).map((h) => hearingView(this.store, h, kase));
  }

  /**
   * `accountId` binds a judge seat to a judge's staff account: the archive lets that account read
   * the record of the hearing it presided. Refused for any other role or account.
   */
  addParticipant(
    actor: Actor,
    hearingId: string,
    args: { displayName: string; role: Role; siteId?: string; accountId?: string },
  ): ParticipantRecord {
    const hearing = this.getHearing(hearingId);
    if (hearing.state === 'adjourned') throw new InvalidStateError('The hearing has ended');
    if (args.role === 'device') throw new ValidationError('Devices are registered at a site and attached, not invited');
    if (args.siteId) this.#site(args.siteId);
    if (args.accountId !== undefined) {
      if (args.role !== 'judge') throw new ValidationError('Only a judge seat is bound to a staff account');
      if (this.store.accounts.get(args.accountId)?.role !== 'judge') throw new ValidationError('accountId is not a judge account');
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
      createdAt: this.#now(),
    };
    this.store.transaction(() => {
      this.store.participants.insert(participant);
      this.#audit.append(hearingId, actor, 'participant.invited', {
        participantId: participant.id,
        displayName: participant.displayName,
        role: participant.role,
      });
    });
    return participant;
  }

  getParticipant(hearingId: string, participantId: string): ParticipantRecord {
    const p = this.store.participants.get(participantId);
    if (!p || p.hearingId !== hearingId) throw new NotFoundError('Participant', participantId);
    return p;
  }

  participantViews(hearingId: string): ParticipantView[] {
    this.getHearing(hearingId);
    return this.store.participants.listByHearing(hearingId).map((p) => participantView(this.store, p, this.isConnected(p.id)));
  }

  participantView(p: ParticipantRecord): ParticipantView {
    return participantView(this.store, p, this.isConnected(p.id));
  }

  /**
   * A new invitation for a participant (the clerk's link); any earlier link stops working.
   * Removed or denied participants get no new link (add them again), nor anyone once it ended.
   */
  issueInvitation(actor: Actor, hearingId: string, participantId: string, expiresInSeconds: number): IssuedInvitation {
    return this.#issue(actor, this.getParticipant(hearingId, participantId), expiresInSeconds);
  }

  /**
   * A device's own session (POST /api/device/session): a fresh invitation for its participant, so
   * a display joins through the same path as a person. The device asks for itself, as that
   * participant; it must not be revoked and the participant must be its own.
   */
  issueDeviceInvitation(deviceId: string, hearingId: string, participantId: string, expiresInSeconds: number): IssuedInvitation {
    const device = this.store.devices.get(deviceId);
    if (!device) throw new NotFoundError('Device', deviceId);
    if (device.revokedAt) throw new PermissionDeniedError('This device was revoked');
    const p = this.getParticipant(hearingId, participantId);
    if (p.deviceId !== deviceId) throw new PermissionDeniedError('This participant is not this device');
    return this.#issue({ kind: 'participant', participantId: p.id, role: p.role }, p, expiresInSeconds);
  }

  /** The one path every invitation takes: guards, then sign, then record and audit together. */
  #issue(actor: Actor, p: ParticipantRecord, expiresInSeconds: number): IssuedInvitation {
    if (p.status === 'removed' || p.status === 'denied') {
      throw new InvalidStateError(`Participant was ${p.status}; invite them again as a new participant`);
    }
    if (this.getHearing(p.hearingId).state === 'adjourned') throw new InvalidStateError('The hearing has ended');
    const issued = this.issuer.issueInvitation({ hearingId: p.hearingId, participantId: p.id, role: p.role, expiresInSeconds });
    this.store.transaction(() => {
      this.store.participants.update({ ...p, invitationId: issued.invitationId });
      this.#audit.append(p.hearingId, actor, 'invitation.issued', { participantId: p.id, invitationId: issued.invitationId });
    });
    return issued;
  }

  audit(hearingId: string): AuditEvent[] {
    this.getHearing(hearingId);
    return this.#audit.list(hearingId);
  }

  #site(siteId: string): SiteRecord {
    const site = this.store.sites.get(siteId);
    if (!site) throw new NotFoundError('Site', siteId);
    return site;
  }
}
