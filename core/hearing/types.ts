// Records the domain keeps. Persisted by the Store port; shown to the wire through views.ts.
import type {
  CaseKind,
  DeviceKind,
  HearingOutcome,
  HearingStage,
  HearingState,
  MediaKind,
  MediaSource,
  ParticipantStatus,
  Role,
  RoomId,
  SiteKind,
} from '../protocol/model.js';
import type { Contact } from '../protocol/workspace.js';
import type { LanguagePair } from '../protocol/interpretation.js';
import type { AttendanceStatus, IdDocument } from '../protocol/attendance.js';

export interface CaseRecord {
  id: string;
  number: string;
  title: string;
  /** Criminal, civil, …: which parties its hearings have. Absent in records made before kinds: criminal. */
  kind?: CaseKind;
  court: string;
  createdAt: string;
}

export interface SiteRecord {
  id: string;
  name: string;
  kind: SiteKind;
  /** Participants here reach media through TURN only (their network lets nothing else out); absent: false. */
  relayOnly?: boolean;
  createdAt: string;
}

export interface HearingRecord {
  id: string;
  caseId: string;
  title: string;
  scheduledAt: string;
  state: HearingState;
  /** In session or suspended: the stage of the procedure (core/protocol/procedure.ts). */
  stage: HearingStage | null;
  /** Once adjourned: concluded, postponed or ended. */
  outcome: HearingOutcome | null;
  courtroomSiteId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ParticipantRecord {
  id: string;
  hearingId: string;
  displayName: string;
  role: Role;
  siteId: string | null;
  status: ParticipantStatus;
  forcedMuteAudio: boolean;
  forcedMuteVideo: boolean;
  /** The presiding judge let this participant share their screen (the bench may without it); absent: false. */
  screenAllowed?: boolean;
  /** Id (jti) of the one invitation currently valid for this participant; older links stop working. */
  invitationId: string | null;
  /** The registered device this participant is (role 'device'); null for people. */
  deviceId: string | null;
  /** The judge account this judge seat is bound to (who presided, for the archive); null or absent otherwise. */
  accountId?: string | null;
  /** How the clerk sends this person their link (email, phone); null or absent when not given. */
  contact?: Contact | null;
  /** The room they were last moved to (room.move); null or absent: where their role starts (rooms.ts roomOf). */
  room?: RoomId | null;
  /** An interpreter's language pair (core/protocol/interpretation.ts); null or absent otherwise. */
  languages?: LanguagePair | null;
  createdAt: string;
}

/**
 * Where a participant's current link stands, as the clerk follows it: made (and until when),
 * first opened, sent (to a masked address), or revoked. A new link starts it afresh.
 */
export interface InvitationRecord {
  issuedAt: string | null;
  expiresAt: string | null;
  openedAt: string | null;
  sentAt: string | null;
  /** Masked (`n***@example.vn`): the full address stays in the participant's contact. */
  sentTo: string | null;
  revokedAt: string | null;
}

export interface DeviceRecord {
  id: string;
  siteId: string;
  kind: DeviceKind;
  name: string;
  /** Cameras: where the server pulls the stream from, its password masked (`user:***@`): shown and logged. */
  rtspUrl: string | null;
  /** Cameras: the full URL, password included, sealed (ports.ts `Sealer`); opened only by the camera ingest. */
  rtspSealed: string | null;
  /** Id (jti) of the one device token currently valid; null once revoked. */
  tokenId: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/**
 * Staff accounts: admins manage the court; clerks and judges use the archive of their court; a site
 * officer (cán bộ điểm cầu: a detention facility's, a component site's) attests who is in front of
 * the camera at their one site, and nothing else.
 */
export const ACCOUNT_ROLES = ['admin', 'clerk', 'judge', 'site_officer'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export interface AccountRecord {
  id: string;
  username: string;
  displayName: string;
  role: AccountRole;
  passwordHash: string;
  createdAt: string;
  /** A site officer's site; null or absent for every other role. */
  siteId?: string | null;
}

/**
 * A summoned participant's attendance (điểm danh) and identity checks. The only place identity
 * numbers are kept whole (views, audit and minutes mask them: core/protocol/attendance.ts).
 */
export interface AttendanceRecord {
  participantId: string;
  hearingId: string;
  status: AttendanceStatus | null;
  reason: string | null;
  idDocument: IdDocument | null;
  /** The clerk checked the document at the last mark (typed it, or confirmed the one entered before). */
  idChecked: boolean;
  markedBy: Role | null;
  markedAt: string | null;
  attestation: {
    accountId: string;
    officer: string;
    siteId: string;
    idDocument: IdDocument;
    note: string | null;
    at: string;
  } | null;
  /** The identity provider that confirmed the document (IdentityProvider in ports.ts); null when none did. */
  verifiedBy: string | null;
}

/** Who did something: a participant in the hearing, a staff account, or the system itself. */
export type Actor =
  | { kind: 'participant'; participantId: string; role: Role }
  | { kind: 'account'; accountId: string; username: string }
  | { kind: 'system' };

export interface AuditEvent {
  seq: number;
  hearingId: string;
  at: string;
  actor: Actor;
  type: string;
  data: Record<string, unknown>;
  /** Hash chain per hearing (core/hearing/auditChain.ts): the previous event's hash, and this one's. */
  prevHash: string;
  hash: string;
}

export interface ProducerInfo {
  id: string;
  participantId: string;
  kind: MediaKind;
  source: MediaSource;
  paused: boolean;
}

/** The participant a socket speaks for, as proven by its invitation. */
export interface ParticipantRef {
  hearingId: string;
  participantId: string;
}
