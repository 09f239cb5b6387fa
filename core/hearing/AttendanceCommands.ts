// Attendance (điểm danh) and identity: the clerk (or the presiding judge) calls each summoned
// participant against the summons, present or absent with a reason, checking their identity
// document; an officer at a detention facility or component site vouches for who is in front of
// the camera there. Each write is one transaction with its audit event, then the bench is told
// (attendance.updated). The identity provider (ports.ts) is asked before the hearing's queue, so a
// slow provider never holds up the hearing's other commands.
import { maskIdDocument, type AttendanceStatus, type IdDocument } from '../protocol/attendance.js';
import type { SiteHearing } from '../protocol/http.js';
import type { AttendanceView } from '../protocol/model.js';
import { COURT_TIME_ZONE, zoneOffsetMs } from '../lib/courtLocale.js';
import { attendanceView, isSummoned } from './attendanceViews.js';
import { InvalidStateError, NotFoundError, PermissionDeniedError, ValidationError } from './errors.js';
import type { HearingContext } from './HearingContext.js';
import type { IdentityProvider, IdentityVerdict } from './ports.js';
import type { Actor, AttendanceRecord, HearingRecord, ParticipantRecord, ParticipantRef } from './types.js';
import { hearingView } from './views.js';

export interface AttendanceMark {
  participantId: string;
  status: AttendanceStatus;
  reason?: string;
  idDocument?: IdDocument;
}

/** A site officer's staff account, as the HTTP guard proved it; its one site is read from the account. */
export interface SiteOfficer {
  accountId: string;
  username: string;
}

const DAY_MS = 24 * 3600 * 1000;

/** What the provider's verdict adds to the record and its audit event. */
function verdictFields(provider: IdentityProvider, verdict: IdentityVerdict | null): { verifiedBy?: string; verifyMismatch?: boolean } {
  if (!verdict?.checked) return {};
  return verdict.matches ? { verifiedBy: provider.name } : { verifyMismatch: true };
}

export class AttendanceCommands {
  constructor(
    private readonly h: HearingContext,
    private readonly identity: IdentityProvider,
  ) {}

  /** The clerk or the judge calls one summoned participant: from the opening until the hearing ends. */
  async mark(ref: ParticipantRef, m: AttendanceMark): Promise<AttendanceView> {
    const { h } = this;
    const guard = async () => {
      const { hearing, self } = await h.loadPresent(ref, 'markAttendance');
      if (hearing.state === 'scheduled') throw new InvalidStateError('Attendance is taken once the hearing is opened');
      h.ensureNotEnded(hearing);
      const target = await this.#summoned(hearing.id, m.participantId);
      const reason = m.reason?.trim() || null;
      if (m.status === 'absent' && !reason) throw new ValidationError('Say why the participant is absent');
      return { hearing, self, target, reason };
    };
    const first = await guard();
    const verdict = m.idDocument ? await this.#verify(first.target, m.idDocument) : null;
    return h.run(ref.hearingId, async () => {
      const { hearing, self, target, reason } = await guard();
      const before = await h.store.attendance.get(target.id);
      // Typed now, or confirmed: the one entered before (an earlier call, or the site officer's).
      const idDocument = m.idDocument ?? before?.idDocument ?? before?.attestation?.idDocument ?? null;
      const idChecked = m.status === 'present' && idDocument !== null;
      const checked = verdictFields(this.identity, verdict);
      const at = h.now();
      const record: AttendanceRecord = {
        participantId: target.id,
        hearingId: hearing.id,
        status: m.status,
        reason,
        idDocument,
        idChecked,
        markedBy: self.role,
        markedAt: at,
        attestation: before?.attestation ?? null,
        // A new document is verified afresh; the one confirmed keeps what the provider said of it.
        verifiedBy: m.idDocument ? (checked.verifiedBy ?? null) : (before?.verifiedBy ?? null),
      };
      await h.store.transaction(async () => {
        await h.store.attendance.put(record);
        await h.audit.append(
          hearing.id,
          h.actor(self),
          'attendance.marked',
          {
            participantId: target.id,
            status: m.status,
            ...(reason ? { reason } : {}),
            idDocument: idDocument ? maskIdDocument(idDocument) : null,
            idChecked,
            ...checked,
          },
          at,
        );
      });
      return this.#tell(hearing.id, target, record);
    });
  }

  /**
   * A site officer vouches for a participant at their own site (403 for anyone else's), from the
   * day the hearing is scheduled until it ends; the bench of a live hearing sees it at once.
   */
  async attest(by: SiteOfficer, hearingId: string, participantId: string, body: { idDocument: IdDocument; note?: string }) {
    const { h } = this;
    const guard = async () => {
      const officer = await this.#officer(by);
      const hearing = await h.store.hearings.get(hearingId);
      if (!hearing) throw new NotFoundError('Hearing', hearingId);
      h.ensureNotEnded(hearing);
      const target = await this.#summoned(hearing.id, participantId);
      if (target.siteId !== officer.siteId) throw new PermissionDeniedError(`${target.displayName} is not at your site`);
      return { hearing, target, officer };
    };
    const first = await guard();
    const verdict = await this.#verify(first.target, body.idDocument);
    return h.run(hearingId, async () => {
      const { hearing, target, officer } = await guard();
      const site = await h.store.sites.get(officer.siteId);
      const before = await h.store.attendance.get(target.id);
      const note = body.note?.trim() || null;
      const checked = verdictFields(this.identity, verdict);
      const at = h.now();
      const record: AttendanceRecord = {
        participantId: target.id,
        hearingId: hearing.id,
        status: before?.status ?? null,
        reason: before?.reason ?? null,
        idDocument: before?.idDocument ?? null,
        idChecked: before?.idChecked ?? false,
        markedBy: before?.markedBy ?? null,
        markedAt: before?.markedAt ?? null,
        attestation: {
          accountId: officer.accountId,
          officer: officer.officer,
          siteId: officer.siteId,
          idDocument: body.idDocument,
          note,
          at,
        },
        verifiedBy: checked.verifiedBy ?? before?.verifiedBy ?? null,
      };
      const actor: Actor = { kind: 'account', accountId: officer.accountId, username: by.username };
      await h.store.transaction(async () => {
        await h.store.attendance.put(record);
        await h.audit.append(
          hearing.id,
          actor,
          'identity.attested',
          {
            participantId: target.id,
            siteId: officer.siteId,
            siteName: site?.name ?? officer.siteId,
            officer: officer.officer,
            idDocument: maskIdDocument(body.idDocument),
            ...(note ? { note } : {}),
            ...checked,
          },
          at,
        );
      });
      return this.#tell(hearing.id, target, record);
    });
  }

  /** The officer's day: hearings of today (the court's day) and later, not ended, with their participants at `siteId`. */
  async siteHearings(by: SiteOfficer): Promise<SiteHearing[]> {
    const { store, clock } = this.h;
    const { siteId } = await this.#officer(by);
    const site = await store.sites.get(siteId);
    if (!site) throw new NotFoundError('Site', siteId);
    const nowMs = clock.now().getTime();
    const offset = zoneOffsetMs(COURT_TIME_ZONE, nowMs);
    const startOfToday = new Date(Math.floor((nowMs + offset) / DAY_MS) * DAY_MS - offset).toISOString();
    const out: SiteHearing[] = [];
    for (const hearing of await store.hearings.listBetween(startOfToday, '9999-12-31T00:00:00.000Z')) {
      if (hearing.state === 'adjourned') continue;
      const here = (await store.participants.listByHearing(hearing.id)).filter((p) => p.siteId === siteId && isSummoned(p.role));
      if (here.length === 0) continue;
      out.push(await this.#siteHearing(hearing, site, here));
    }
    return out;
  }

  async #siteHearing(
    hearing: HearingRecord,
    site: { id: string; name: string; kind: SiteHearing['site']['kind'] },
    here: ParticipantRecord[],
  ): Promise<SiteHearing> {
    const { store } = this.h;
    const view = await hearingView(store, hearing);
    const participants: AttendanceView[] = [];
    for (const p of here) participants.push(await attendanceView(store, p, await store.attendance.get(p.id)));
    return {
      hearingId: hearing.id,
      caseNumber: view.caseNumber,
      caseTitle: view.caseTitle,
      title: hearing.title,
      scheduledAt: hearing.scheduledAt,
      state: hearing.state,
      site: { id: site.id, name: site.name, kind: site.kind },
      participants,
    };
  }

  /** The officer's account as it stands now: still a site officer, and its site. */
  async #officer(by: SiteOfficer): Promise<{ accountId: string; officer: string; siteId: string }> {
    const account = await this.h.store.accounts.get(by.accountId);
    if (account?.role !== 'site_officer' || !account.siteId) throw new PermissionDeniedError('This account is no site officer');
    return { accountId: account.id, officer: account.displayName, siteId: account.siteId };
  }

  async #summoned(hearingId: string, participantId: string): Promise<ParticipantRecord> {
    const target = await this.h.target(hearingId, participantId);
    if (!isSummoned(target.role)) throw new ValidationError(`${target.displayName} is not called in the attendance`);
    return target;
  }

  /** The provider's verdict; a provider that fails is "not checked", never a refusal of the mark. */
  async #verify(target: ParticipantRecord, idDocument: IdDocument): Promise<IdentityVerdict> {
    try {
      return await this.identity.verify({ displayName: target.displayName, role: target.role, idDocument });
    } catch (error) {
      console.warn(`[identity] ${this.identity.name} could not check participant ${target.id}:`, error);
      return { checked: false };
    }
  }

  async #tell(hearingId: string, target: ParticipantRecord, record: AttendanceRecord): Promise<AttendanceView> {
    const view = await attendanceView(this.h.store, target, record);
    this.h.notify(hearingId, 'bench', { type: 'attendance.updated', attendance: view });
    return view;
  }
}
