// The clerk's corrections to the case file: a case's number, title or kind; a hearing's title,
// time or courtroom while it is still scheduled; a person's name, role, site or contact before
// they ever join; withdrawing someone who never joined; a site's name or kind. Each change is
// read, guarded and written with its audit event in one transaction (sites have no hearing to log in).
import type { SiteView } from '../protocol/model.js';
import { isStaffSeat } from '../protocol/staffSeats.js';
import type { UpdateCaseBody, UpdateHearingBody, UpdateParticipantBody, UpdateSiteBody } from '../protocol/workspace.js';
import { AuditLog } from './AuditLog.js';
import type { CaseFile } from './CaseFile.js';
import { maskContact, normalContact } from './contacts.js';
import { InvalidStateError, NotFoundError, PermissionDeniedError, ValidationError } from './errors.js';
import type { Clock, Store } from './ports.js';
import type { Actor, CaseRecord, HearingRecord, ParticipantRecord, SiteRecord } from './types.js';

type Changes = Record<string, { from: unknown; to: unknown }>;

/** The fields of `next` that differ from `prev`, as { from, to } (JSON equality: contacts are objects). */
function diff<T extends object>(prev: T, next: T, keys: readonly (keyof T & string)[]): Changes {
  const changes: Changes = {};
  for (const k of keys) {
    if (JSON.stringify(prev[k] ?? null) !== JSON.stringify(next[k] ?? null)) changes[k] = { from: prev[k] ?? null, to: next[k] ?? null };
  }
  return changes;
}

/** Before the opening (khai mạc): scheduled, or being prepared ('open'); people may still be changed. */
const NOT_STARTED = new Set<HearingRecord['state']>(['scheduled', 'open']);

export class CaseFileEdits {
  readonly #audit: AuditLog;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly caseFile: CaseFile,
    private readonly isConnected: (participantId: string) => boolean = () => false,
  ) {
    this.#audit = new AuditLog(store, clock);
  }

  /** Logged in each hearing of the case: the case has no log of its own, and its record names it. */
  updateCase(actor: Actor, caseId: string, body: UpdateCaseBody): Promise<CaseRecord> {
    // Read, compared and written in one transaction: the changes logged are against what was stored.
    return this.store.transaction(async () => {
      const prev = await this.caseFile.getCase(caseId);
      const next: CaseRecord = { ...prev, ...body, kind: body.kind ?? prev.kind ?? 'criminal' };
      const changes = diff({ ...prev, kind: prev.kind ?? 'criminal' }, next, ['number', 'title', 'kind']);
      if (Object.keys(changes).length === 0) return prev;
      await this.store.cases.update(next);
      for (const h of await this.store.hearings.listByCase(caseId))
        await this.#audit.append(h.id, actor, 'case.updated', { caseId, changes });
      return next;
    });
  }

  /**
   * Only while scheduled: once the hearing is being opened its time and place are facts of the
   * record. A new time must be in the future. A new courtroom brings its devices (the route
   * attaches them) and takes the old courtroom's away, unless one is connected right now.
   */
  updateHearing(actor: Actor, hearingId: string, body: UpdateHearingBody): Promise<HearingRecord> {
    // Guards and writes in one transaction, so the hearing checked is the hearing changed.
    return this.store.transaction(() => this.#updateHearing(actor, hearingId, body));
  }

  async #updateHearing(actor: Actor, hearingId: string, body: UpdateHearingBody): Promise<HearingRecord> {
    const prev = await this.caseFile.getHearing(hearingId);
    if (prev.state !== 'scheduled') throw new InvalidStateError('Only a scheduled hearing can be changed: this one has opened or ended');
    let scheduledAt = prev.scheduledAt;
    if (body.scheduledAt !== undefined) {
      const at = new Date(body.scheduledAt);
      if (Number.isNaN(at.getTime()) || at.getTime() <= this.clock.now().getTime()) {
        throw new ValidationError('The new time must be in the future');
      }
      scheduledAt = at.toISOString();
    }
    if (body.courtroomSiteId) await this.#site(body.courtroomSiteId);
    const next: HearingRecord = {
      ...prev,
      title: body.title ?? prev.title,
      scheduledAt,
      courtroomSiteId: body.courtroomSiteId === undefined ? prev.courtroomSiteId : body.courtroomSiteId,
    };
    const changes = diff(prev, next, ['title', 'scheduledAt', 'courtroomSiteId']);
    if (Object.keys(changes).length === 0) return prev;
    next.updatedAt = this.clock.now().toISOString();
    await this.store.hearings.update(next);
    await this.#audit.append(hearingId, actor, 'hearing.updated', { changes });
    if (changes.courtroomSiteId && prev.courtroomSiteId) await this.#leaveCourtroom(actor, prev.id, prev.courtroomSiteId);
    return next;
  }

  /**
   * Someone who has not joined yet, of a hearing not yet opened. A bench seat (staffSeats.ts) keeps
   * its role (and so its account binding); devices are attached, not edited. A new role ends the
   * current link: the link names the role, so the clerk issues a new one.
   */
  updateParticipant(actor: Actor, hearingId: string, participantId: string, body: UpdateParticipantBody): Promise<ParticipantRecord> {
    // As updateHearing: someone joining meanwhile cannot slip between the check and the write.
    return this.store.transaction(() => this.#updateParticipant(actor, hearingId, participantId, body));
  }

  async #updateParticipant(
    actor: Actor,
    hearingId: string,
    participantId: string,
    body: UpdateParticipantBody,
  ): Promise<ParticipantRecord> {
    const prev = await this.#untouched(hearingId, participantId, 'changed');
    // A bench seat is bound to its account (staffSeats.ts): it keeps its role, and no invited seat becomes one.
    if (body.role !== undefined && body.role !== prev.role && (isStaffSeat(prev.role) || isStaffSeat(body.role))) {
      throw new PermissionDeniedError('A seat bound to a staff account keeps its role, and none becomes one: withdraw it and add it again');
    }
    if (body.siteId) await this.#site(body.siteId);
    const role = body.role ?? prev.role;
    if (body.languages && role !== 'interpreter') throw new ValidationError('Only an interpreter has a language pair');
    const next: ParticipantRecord = {
      ...prev,
      displayName: body.displayName ?? prev.displayName,
      role: body.role ?? prev.role,
      siteId: body.siteId === undefined ? prev.siteId : body.siteId,
      contact: body.contact === undefined ? (prev.contact ?? null) : normalContact(body.contact),
      // Someone who stops being an interpreter loses their language pair.
      languages: role !== 'interpreter' ? null : body.languages === undefined ? (prev.languages ?? null) : body.languages,
    };
    const changes = diff(prev, next, ['displayName', 'role', 'siteId', 'languages']);
    if (JSON.stringify(normalContact(prev.contact)) !== JSON.stringify(next.contact)) {
      changes.contact = { from: maskContact(prev.contact), to: maskContact(next.contact) };
    }
    if (Object.keys(changes).length === 0) return prev;
    const invitationCleared = changes.role !== undefined && prev.invitationId !== null;
    if (invitationCleared) next.invitationId = null;
    await this.store.participants.update(next);
    await this.#audit.append(hearingId, actor, 'participant.updated', { participantId, changes, invitationCleared });
    return next;
  }

  /** Taken off the hearing before ever joining: their link stops, the log keeps who they were. */
  async withdrawParticipant(actor: Actor, hearingId: string, participantId: string): Promise<void> {
    await this.store.transaction(async () => {
      const p = await this.#untouched(hearingId, participantId, 'withdrawn');
      await this.#withdraw(actor, p);
    });
  }

  /** A site's name, kind or relay-only: no hearing's log holds it (sites are the court's, not a case's). */
  updateSite(siteId: string, body: UpdateSiteBody): Promise<SiteView & { relayOnly: boolean }> {
    return this.store.transaction(async () => {
      const prev = await this.#site(siteId);
      const next: SiteRecord = { ...prev, ...body };
      await this.store.sites.update(next);
      return { id: next.id, name: next.name, kind: next.kind, relayOnly: next.relayOnly ?? false };
    });
  }

  /** A participant the clerk may still change: never joined, not connected, hearing not opened. */
  async #untouched(hearingId: string, participantId: string, what: 'changed' | 'withdrawn'): Promise<ParticipantRecord> {
    const hearing = await this.caseFile.getHearing(hearingId);
    const p = await this.caseFile.getParticipant(hearingId, participantId);
    if (p.role === 'device') throw new InvalidStateError(`A courtroom device is not ${what} here: revoke it, or change the courtroom`);
    if (!NOT_STARTED.has(hearing.state)) throw new InvalidStateError(`The hearing has opened: participants can no longer be ${what}`);
    if (p.status !== 'invited' || this.isConnected(p.id)) {
      throw new InvalidStateError(`${p.displayName} has already joined the hearing and can no longer be ${what}`);
    }
    return p;
  }

  async #withdraw(actor: Actor, p: ParticipantRecord): Promise<void> {
    await this.store.participants.delete(p.id);
    await this.#audit.append(p.hearingId, actor, 'participant.withdrawn', {
      participantId: p.id,
      displayName: p.displayName,
      role: p.role,
    });
  }

  /** The old courtroom's devices leave the hearing (a connected one stays until it disconnects). */
  async #leaveCourtroom(actor: Actor, hearingId: string, siteId: string): Promise<void> {
    for (const p of await this.store.participants.listByHearing(hearingId)) {
      if (p.role === 'device' && p.siteId === siteId && !this.isConnected(p.id)) await this.#withdraw(actor, p);
    }
  }

  async #site(siteId: string): Promise<SiteRecord> {
    const site = await this.store.sites.get(siteId);
    if (!site) throw new NotFoundError('Site', siteId);
    return site;
  }
}
