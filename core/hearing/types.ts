// Records the domain keeps. Persisted by the Store port; shown to the wire through views.ts.
import type {
  DeviceKind,
  HearingOutcome,
  HearingStage,
  HearingState,
  MediaKind,
  MediaSource,
  ParticipantStatus,
  Role,
  SiteKind,
} from '../protocol/model.js';

export interface CaseRecord {
  id: string;
  number: string;
  title: string;
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
  /** Id (jti) of the one invitation currently valid for this participant; older links stop working. */
  invitationId: string | null;
  /** The registered device this participant is (role 'device'); null for people. */
  deviceId: string | null;
  /** The judge account this judge seat is bound to (who presided, for the archive); null or absent otherwise. */
  accountId?: string | null;
  createdAt: string;
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

/** Staff accounts: admins manage the court; clerks and judges use the archive of their court. */
export const ACCOUNT_ROLES = ['admin', 'clerk', 'judge'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export interface AccountRecord {
  id: string;
  username: string;
  displayName: string;
  role: AccountRole;
  passwordHash: string;
  createdAt: string;
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
