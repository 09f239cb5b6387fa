// Every kind of audit event, and what it carries. The type strings are stored and hash-chained in
// existing databases and bundles (audit.jsonl): never rename one; add new ones instead. Writers
// go through AuditLog.append (or ArchiveContext.audit), so a wrong name or payload fails to
// compile; readers narrow a stored AuditEvent with isAudit().
import type { DisplayLayout } from '../protocol/display.js';
import type { ChatTo } from '../protocol/chat.js';
import type { AuditStatus, RecordRequestKind, RecordStatus, VerifyReport } from '../protocol/http.js';
import type {
  DeviceKind,
  HearingOutcome,
  HearingStage,
  HearingState,
  MediaKind,
  MediaSource,
  RecordingGapCause,
  Role,
  RoomId,
  TransitionAction,
} from '../protocol/model.js';
import type { LinkFigures, LinkGrade } from '../protocol/linkQuality.js';
import type { AttendanceStatus, MaskedIdDocument } from '../protocol/attendance.js';
import type { NetworkGrade } from '../protocol/networkGrade.js';
import type { AuditEvent } from './types.js';
import type { LanguagePair } from '../protocol/interpretation.js';

/**
 * A transition (`hearing.${action}`): the state the hearing left and the one it entered, the stage
 * it entered (in session or suspended), how it ended (once ended) and the reason (suspension and
 * postponement need one). Events written before the procedure had stages carry from and to only.
 */
type StateChange = {
  from: HearingState;
  to: HearingState;
  stage?: HearingStage | null;
  outcome?: HearingOutcome | null;
  reason?: string;
  /** Who went to the deliberation room with it, or came back from it (deliberation.ts); absent when nobody. */
  moved?: string[];
};
/** Something that happened to (or was done by) one participant. */
type Presence = { participantId: string };
/** What an edit changed: each field's old and new value (contacts masked, never in full). */
type Changes<K extends string> = Partial<Record<K, { from: unknown; to: unknown }>>;

export interface AuditEventMap {
  // The case file (CaseFile).
  /** `rescheduledFrom`: the postponed hearing this one continues (CaseFile.reschedule). */
  'hearing.created': { title: string; scheduledAt: string; rescheduledFrom?: string };
  /** In a postponed hearing: the hearing that continues it. */
  'hearing.rescheduled': { hearingId: string; scheduledAt: string };
  'participant.invited': { participantId: string; displayName: string; role: Role; languages?: LanguagePair };
  'invitation.issued': { participantId: string; invitationId: string };

  // The clerk's workspace (CaseFileEdits, Invitations): what changed, from what to what.
  /** In each hearing of the case: the case's number, title or kind changed. */
  'case.updated': { caseId: string; changes: Changes<'number' | 'title' | 'kind'> };
  /** Title, scheduled time or courtroom, while the hearing was still scheduled. */
  'hearing.updated': { changes: Changes<'title' | 'scheduledAt' | 'courtroomSiteId'> };
  /** Name, role, site or contact (masked) of someone who had not joined yet; a role change ends their link. */
  'participant.updated': Presence & {
    changes: Changes<'displayName' | 'role' | 'siteId' | 'contact' | 'languages'>;
    invitationCleared: boolean;
  };
  /** Taken off the hearing before ever joining (also a device of a courtroom the hearing left). */
  'participant.withdrawn': Presence & { displayName: string; role: Role };
  /** A new link sent through the notifier (`to` masked). The link itself is `invitation.issued` just before. */
  'invitation.sent': { participantId: string; invitationId: string; channel: 'email' | 'sms'; to: string; notifier: string };
  'invitation.revoked': { participantId: string; invitationId: string };
  /** The invitation page read with the current link, the first time (by the participant). */
  'invitation.opened': { participantId: string; invitationId: string };

  // The state machine (HearingService.transition), one per TransitionAction.
  'hearing.open': StateChange;
  'hearing.start': StateChange;
  'hearing.examine': StateChange;
  'hearing.argue': StateChange;
  'hearing.deliberate': StateChange;
  'hearing.pronounce': StateChange;
  'hearing.recess': StateChange;
  'hearing.resume': StateChange;
  'hearing.adjourn': StateChange;
  'hearing.postpone': StateChange;

  // Presence and the lobby (HearingService).
  'participant.joined': Presence;
  'lobby.entered': Presence;
  'lobby.admitted': Presence;
  'lobby.denied': Presence & { reason?: string };
  /** `reason`: a party whose presence the hearing needs (core/protocol/presence.ts) says why. */
  'participant.left': Presence & { reason?: string };
  /** By the judge (reason optional) or by the system when a device is revoked. */
  'participant.removed': Presence & { reason?: string };
  'participant.connected': Presence;
  'participant.disconnected': Presence;
  'participant.muted': Presence & { kind: MediaKind };
  'participant.unmuted': Presence & { kind: MediaKind };
  /** The judge muted everyone but the bench and the courtroom devices at once (FloorCommands): who was muted now. */
  'participant.muted_all': { kind: 'audio'; participantIds: string[] };
  /** The judge let a participant share their screen, or withdrew it (their share closed). */
  'participant.screen_allowed': Presence & { allowed: boolean };
  /** The equipment check before joining (network probe, microphone, speakers, camera), as reported and graded. */
  'participant.checked': Presence & {
    grade: NetworkGrade | null;
    rttMs: number | null;
    lossPct: number | null;
    uplinkKbps: number | null;
    micOk: boolean;
    speakerOk: boolean | null;
    camera: boolean;
    /** The declaration: the court's rules read and accepted (absent in checks from before it existed). */
    rulesAccepted?: boolean;
  };

  // Raise hand and chat (Hands, Chat): live only, but every step is in the record and the minutes.
  'hand.raised': Presence;
  /** By its owner, by the presiding judge (after giving the floor), or by the system: the owner left or was removed. */
  'hand.lowered': Presence & { cause: 'own' | 'judge' | 'left' | 'removed' };
  /** `participantId` wrote to the clerk, to everyone, or to one participant (`toId`): the text as sent (trimmed). */
  'chat.message': Presence & { to: ChatTo; toId: string | null; text: string };
  /** The presiding judge allowed open chat (participants to everyone), or closed it. */
  'chat.opened': Record<string, never>;
  'chat.closed': Record<string, never>;

  // Rooms (RoomCommands): who was moved, from where to where, by whom; never what was said there.
  'room.moved': Presence & { from: RoomId; to: RoomId };
  /** The presiding judge gave counsel and their client(s) a private room (Consultations): who, never what was said. */
  'consultation.opened': { room: RoomId; participantIds: string[] };
  /** Everyone in it returned to the courtroom: by the judge, a member, or the system (too few left in it). */
  'consultation.ended': { room: RoomId; participantIds: string[] };
  /** Counsel (`participantId`), during a recess, asked the judge for a private room with `withIds`. */
  'consultation.requested': Presence & { withIds: string[] };
  /** The presiding judge declined the request of counsel (`participantId`). */
  'consultation.declined': Presence;

  // The server process (HearingService, at start and at a graceful stop), in every hearing in
  // session or recess at the time: an outage is part of the hearing's story.
  'server.stopped': {
    /** When the server stopped: now for a graceful stop, its last heartbeat after a crash. */
    at: string;
    cause: 'server_stopped' | 'server_crashed';
  };
  'server.started': { stoppedAt: string | null };
  /**
   * Several nodes (issue 15): node `node` serves the hearing from now on, after the outage of the
   * node that served it (`from`; null when no node was on record), which stopped at `stoppedAt`.
   */
  'server.took_over': { node: string; from: string | null; stoppedAt: string | null };
  /** Space for the record crossed a threshold (low: the bench was warned; full: media stopped). */
  'storage.status': { level: 'ok' | 'low' | 'full'; minutesLeft: number | null; freeBytes: number };

  // Media and capture (HearingService, reported by the SFU and the recorder).
  'media.reset': { reason: string };
  /** A participant's media connection stopped (ICE consent lost, DTLS failed) while their signaling may stay up. */
  'participant.media_lost': Presence;
  /** …and flows again (ICE restart or new transports). */
  'participant.media_back': Presence;
  /**
   * The grade of a participant's link changed (LinkQuality.ts), with the figures of that moment;
   * `previous` null: the first grade since they came (a first "good" is not written).
   */
  'participant.quality': Presence & LinkFigures & { grade: LinkGrade; previous: LinkGrade | null };
  /** While a link stays poor, at most once a minute: the worst figures of the readings since `from`. */
  'participant.quality_summary': Presence & LinkFigures & { from: string; samples: number };
  'recording.interrupted': {
    trackId: string;
    participantId: string;
    kind: MediaKind;
    source: MediaSource;
    cause: RecordingGapCause;
    at: string;
  };
  'recording.gap': {
    trackId: string | null;
    participantId: string | null;
    cause: RecordingGapCause;
    startedAt: string;
    endedAt: string;
    durationMs: number;
  };

  // The courtroom TV and hardware (DisplayLayouts, DeviceRegistry).
  'display.layout': { layout: DisplayLayout };
  'device.attached': { participantId: string; deviceId: string; kind: DeviceKind; displayName: string };
  'device.revoked': { deviceId: string; participantId: string };

  // The hearing record (recordings/archive).
  'record.building': { tracks: number; attempt?: number };
  'record.ready': { manifestSha256: string; files: number; retainUntil: string };
  'record.failed': { error: string; attempt?: number };
  /** A series of builds asked for: at start-up (a record missing, interrupted or failed) or by an admin. */
  'record.rebuild_requested': { reason: 'startup' | 'admin'; previous: RecordStatus | null; force: boolean };
  /** An attempt failed and the next one is due at `nextAttemptAt`. */
  'record.retry_scheduled': { attempt: number; of: number; nextAttemptAt: string; error: string };
  /** The last attempt of a series failed: the record stays failed (or, after a forced rebuild, its old bundle stays ready). */
  'record.gave_up': { attempts: number; error: string };
  'record.none': { reason: string };
  'record.verified': { ok: boolean; signature: VerifyReport['signature']; audit: AuditStatus; failed: string[] };
  'record.retention': { from: string | null; to: string };
  'record.deleted': { retainUntil: string | null; manifestSha256: string | null };
  /** Four eyes: a shortening or deletion asked for, then approved or refused by another admin, or withdrawn. */
  'record.change_requested': { requestId: string; kind: RecordRequestKind; retainUntil: string | null; reason: string };
  'record.change_approved': { requestId: string; kind: RecordRequestKind; requestedBy: string; retainUntil: string; reason: string | null };
  'record.change_refused': { requestId: string; kind: RecordRequestKind; requestedBy: string; reason: string | null };
  'record.change_withdrawn': { requestId: string; kind: RecordRequestKind };
  /** A clerk let another staff account read this hearing's record. */
  'record.access_granted': { accountId: string; username: string };

  // Attendance and identity (AttendanceCommands). Identity numbers masked (`***1234`), never whole:
  // the log is append-only and goes into the record's bundle.
  /** The clerk or the judge called a summoned participant: present, or absent with a reason. */
  'attendance.marked': Presence & {
    status: AttendanceStatus;
    reason?: string;
    idDocument: MaskedIdDocument | null;
    /** The document was checked at this mark (typed, or the one entered before confirmed). */
    idChecked: boolean;
    /** The identity provider that confirmed the document, or that found it did not match. */
    verifiedBy?: string;
    verifyMismatch?: boolean;
  };
  /** A site officer (staff account, the actor) vouched for who is in front of the camera at their site. */
  'identity.attested': Presence & {
    siteId: string;
    siteName: string;
    officer: string;
    idDocument: MaskedIdDocument;
    note?: string;
    verifiedBy?: string;
    verifyMismatch?: boolean;
  };
}

export type AuditEventType = keyof AuditEventMap;

/** The events that record a change to a participant's own record (status, forced mute). */
export type ParticipantUpdateType =
  | 'participant.joined'
  | 'lobby.entered'
  | 'lobby.admitted'
  | 'lobby.denied'
  | 'participant.left'
  | 'participant.removed'
  | 'participant.muted'
  | 'participant.unmuted';

/** A stored event known to be of `T` (distributes over a union, so `e.type` still narrows). */
export type AuditEventOf<T extends AuditEventType> = T extends AuditEventType ? AuditEvent & { type: T; data: AuditEventMap[T] } : never;

/** The events a transition records: `hearing.open`, `hearing.start`, … (AuditEventOf fails to compile if one is missing above). */
export type TransitionEventType = `hearing.${TransitionAction}`;
const TRANSITION_EVENTS: Record<TransitionEventType, true> = {
  'hearing.open': true,
  'hearing.start': true,
  'hearing.examine': true,
  'hearing.argue': true,
  'hearing.deliberate': true,
  'hearing.pronounce': true,
  'hearing.recess': true,
  'hearing.resume': true,
  'hearing.adjourn': true,
  'hearing.postpone': true,
};

/**
 * Narrows a stored event to one of `types`. The payload is trusted as written by this code base's
 * writers (the hash chain guards it); readers of old or foreign logs still check what they print.
 */
export function isAudit<T extends AuditEventType>(e: AuditEvent, ...types: T[]): e is AuditEventOf<T> {
  return (types as string[]).includes(e.type);
}

/** A state change, whichever transition made it. */
export function isTransitionEvent(e: AuditEvent): e is AuditEventOf<TransitionEventType> {
  return Object.hasOwn(TRANSITION_EVENTS, e.type);
}
