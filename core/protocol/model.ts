// Shared vocabulary of the hearing domain, as the wire sees it. Imported by the server and by the
// client: keep it free of runtime dependencies other than zod.
import { z } from 'zod';
import type { DisplayLayout } from './display.js';
import type { EquipmentCheckView } from './networkGrade.js';
import type { LinkQualityView } from './linkQuality.js';
import type { ChatSnapshot, HandView } from './chat.js';
import type { LanguagePair } from './interpretation.js';
import type { ConsultationRequestView, RoomId } from './rooms.js';
import type { AttendanceStatus, MaskedIdDocument } from './attendance.js';

export const ROLES = [
  // The trial panel (Hội đồng xét xử): the presiding judge, the other judges, the people's assessors.
  'judge',
  'panel_judge',
  'assessor',
  // The clerk of the hearing (Thư ký phiên tòa) and the procurator (Kiểm sát viên).
  'clerk',
  'prosecutor',
  // Defence counsel, and representatives of the parties or of their lawful rights.
  'counsel',
  'representative',
  // The parties, by case type: the accused and the victim in criminal cases; plaintiff,
  // respondent and persons with related rights and obligations in civil and administrative ones.
  'defendant',
  'victim',
  'plaintiff',
  'respondent',
  'related_party',
  // Others the court summons, and the public.
  'witness',
  'expert',
  'interpreter',
  'observer',
  // Courtroom hardware (cameras, encoders, TV displays) taking part with their own credential.
  'device',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
/** Roles a person is invited with (devices are registered and attached instead). */
export type PersonRole = Exclude<Role, 'device'>;
export const PERSON_ROLES: readonly PersonRole[] = ROLES.filter((r): r is PersonRole => r !== 'device');

/**
 * A Vietnamese first-instance hearing (core/hearing/transitions.ts has the table):
 *   scheduled → open (preparing: attendance, rules) → in_session (opening, examination, arguments)
 *   → deliberation (the panel withdraws; never recorded) → in_session (pronouncement) → adjourned;
 *   in_session ⇄ recess (suspension, with a reason); postponement ends it without a judgment.
 */
export const HEARING_STATES = ['scheduled', 'open', 'in_session', 'recess', 'deliberation', 'adjourned'] as const;
export const HearingState = z.enum(HEARING_STATES);
export type HearingState = z.infer<typeof HearingState>;

/** Where an in-session hearing is (kept through a suspension): khai mạc, xét hỏi, tranh luận, tuyên án. */
export const HEARING_STAGES = ['opening', 'examination', 'arguments', 'pronouncement'] as const;
export type HearingStage = (typeof HEARING_STAGES)[number];

/** How an ended hearing ended: concluded (after the pronouncement), postponed (hoãn), or ended otherwise. */
export const HEARING_OUTCOMES = ['concluded', 'postponed', 'ended'] as const;
export type HearingOutcome = (typeof HEARING_OUTCOMES)[number];

/** Commands that move a hearing between states and stages. */
export const TRANSITIONS = [
  'open',
  'start',
  'examine',
  'argue',
  'deliberate',
  'pronounce',
  'recess',
  'resume',
  'adjourn',
  'postpone',
] as const;
export const TransitionAction = z.enum(TRANSITIONS);
export type TransitionAction = z.infer<typeof TransitionAction>;

/**
 * Where a participant stands with respect to the hearing:
 * invited (never connected) → lobby (waiting) → admitted; denied / removed are final for that
 * invitation; left means admitted once and now gone (may rejoin with the same link).
 */
export const PARTICIPANT_STATUSES = ['invited', 'lobby', 'admitted', 'denied', 'removed', 'left'] as const;
export const ParticipantStatus = z.enum(PARTICIPANT_STATUSES);
export type ParticipantStatus = z.infer<typeof ParticipantStatus>;

/**
 * The kind of case (loại vụ án / vụ việc): it decides which parties a hearing has (criminal: the
 * accused and the victim; the others: plaintiff, respondent, related parties).
 */
export const CASE_KINDS = ['criminal', 'civil', 'administrative', 'business', 'labour', 'family'] as const;
export const CaseKind = z.enum(CASE_KINDS);
export type CaseKind = z.infer<typeof CaseKind>;

export const SITE_KINDS = ['courtroom', 'detention', 'office', 'remote'] as const;
export const SiteKind = z.enum(SITE_KINDS);
export type SiteKind = z.infer<typeof SiteKind>;

/** Registered courtroom hardware: an RTSP camera, a WHIP encoder, or a TV display (receive-only). */
export const DEVICE_KINDS = ['camera', 'encoder', 'display'] as const;
export const DeviceKind = z.enum(DEVICE_KINDS);
export type DeviceKind = z.infer<typeof DeviceKind>;

/** A device's media link as the judge sees it. */
export const DEVICE_STATUSES = ['connecting', 'live', 'down'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export interface DeviceView {
  id: string;
  siteId: string;
  siteName: string;
  kind: DeviceKind;
  name: string;
  /** Cameras: the RTSP URL with its password masked (`rtsp://user:***@host/…`); never the password. */
  rtspUrl: string | null;
  revoked: boolean;
  createdAt: string;
  /** GET /api/devices: the hearings it is attached to that have not ended, with its link in each now. */
  attachments?: DeviceAttachmentView[];
}

/** A device in a hearing not yet ended: `link` is its media link there now (null: not connected). */
export interface DeviceAttachmentView {
  hearingId: string;
  title: string;
  scheduledAt: string;
  state: HearingState;
  link: DeviceStatus | null;
}

export const MediaKind = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof MediaKind>;

/** What a producer carries, so the client can place it (camera tile vs screen share). */
export const MediaSource = z.enum(['mic', 'camera', 'screen']);
export type MediaSource = z.infer<typeof MediaSource>;

export interface SiteView {
  id: string;
  name: string;
  kind: SiteKind;
}

export interface ParticipantView {
  id: string;
  hearingId: string;
  displayName: string;
  role: Role;
  status: ParticipantStatus;
  /** A socket is attached right now. */
  connected: boolean;
  site: SiteView | null;
  /** Muted by the judge: the participant cannot unmute this kind until the judge lifts it. */
  forcedMute: { audio: boolean; video: boolean };
  /** May share their screen: the bench always, anyone else once the presiding judge allows it (participant.allowScreen). */
  mayShareScreen: boolean;
  /** Set for courtroom hardware; null for people. */
  device: { id: string; kind: DeviceKind; status: DeviceStatus } | null;
  /** An interpreter's language pair, as the clerk set it (interpretation.ts); null otherwise. Absent in older fixtures. */
  interprets?: LanguagePair | null;
  /** The bench only, beside a waiting participant: their equipment check (networkGrade.ts); absent when none was reported. */
  check?: EquipmentCheckView;
  /** Where they are in the hearing (RoomId): who is where is seen by all, what is said in a side room only there. */
  room?: RoomId;
}

/** The rooms of a hearing: the courtroom (the only one recorded) and its side rooms (rooms.ts). */
export type { RoomId } from './rooms.js';

export interface ProducerView {
  id: string;
  participantId: string;
  kind: MediaKind;
  source: MediaSource;
  paused: boolean;
}

export interface HearingView {
  id: string;
  caseId: string;
  caseNumber: string;
  caseTitle: string;
  title: string;
  court: string;
  scheduledAt: string;
  state: HearingState;
  /** In session or suspended: the stage of the procedure; null before the opening and once ended. */
  stage: HearingStage | null;
  /** Once ended: how. */
  outcome: HearingOutcome | null;
  courtroom: SiteView | null;
}

/** The live capture of the hearing record (recordings/), as the bench sees it. */
export type RecordingState = 'recording' | 'paused' | 'stopped' | 'failing';
export type RecordingTrackState = 'idle' | 'starting' | 'recording' | 'paused' | 'silent' | 'restarting' | 'failed';
/** Free space for the hearing record (judge and clerk): warned before it runs out. */
export interface StorageStatusView {
  /** ok; low: less than the warning's minutes of recording left; full: media writing stopped. */
  level: 'ok' | 'low' | 'full';
  /** Minutes of recording left at the current rate above the reserve; null while nothing is written. */
  minutesLeft: number | null;
  freeBytes: number;
  at: string;
}

/**
 * Why the record has a hole. The first four concern one participant's media or its recorder; the
 * rest were caused by vcourt itself (the server stopped or crashed, a recorder hung, the media
 * worker died, the disk filled up) and are labelled as such, never as a participant's network.
 */
export type RecordingGapCause =
  | 'recorder_exited'
  | 'producer_silent'
  | 'participant_reconnected'
  | 'recorder_failed'
  | 'server_stopped'
  | 'server_crashed'
  | 'recorder_hung'
  | 'media_worker_died'
  | 'disk_full'
  /** The recorder's bound on tracks at once (per hearing or per server) was reached: not captured until a slot frees. */
  | 'recorder_limit'
  /** The participant was moved out of the courtroom (a witness sent back): only the courtroom is recorded. */
  | 'left_courtroom';

/** What the bench is alerted of at once: a hole nobody chose (a move out of the courtroom is not one). */
export type RecordingAlertCause = Exclude<RecordingGapCause, 'left_courtroom'>;

export interface RecordingTrackView {
  trackId: string;
  participantId: string;
  kind: MediaKind;
  source: MediaSource;
  state: RecordingTrackState;
}

export interface RecordingStatusView {
  /** recording in session; paused in recess; stopped before the session and after adjournment;
   *  failing while some track cannot be recorded. */
  state: RecordingState;
  tracks: RecordingTrackView[];
  at: string;
}

// Attendance (điểm danh) and identity checks, as the bench sees them (core/protocol/attendance.ts).

/** A site officer's word for who is in front of the camera at their site. */
export interface AttestationView {
  officer: string;
  site: string;
  idDocument: MaskedIdDocument;
  note: string | null;
  at: string;
}

/** One summoned participant's attendance, as the bench sees it (the panel, the join snapshot, attendance.updated). */
export interface AttendanceView {
  participantId: string;
  displayName: string;
  role: Role;
  site: SiteView | null;
  /** null: not called yet. */
  status: AttendanceStatus | null;
  /** Why absent (required), or a note beside present. */
  reason: string | null;
  /** The document the clerk checked, masked; null when none was given. */
  idDocument: MaskedIdDocument | null;
  /** The clerk (or judge) checked the document at the last mark: typed it, or confirmed the one entered before. */
  idChecked: boolean;
  /** Who marked (their role in the hearing) and when; null until marked. */
  markedBy: Role | null;
  markedAt: string | null;
  attestation: AttestationView | null;
  /** The identity provider's confirmation (core/hearing/ports.ts IdentityProvider): its name; null when none checked. */
  verifiedBy: string | null;
}

/** What a participant gets when joining, and again after any reconnect. */
export interface HearingSnapshot {
  self: ParticipantView;
  hearing: HearingView;
  /** Admitted participants (everyone may see who is in the hearing). */
  participants: ParticipantView[];
  /** Only for roles that may see the lobby (judge, clerk); empty otherwise. */
  lobby: ParticipantView[];
  producers: ProducerView[];
  activeSpeakerId: string | null;
  /** What the courtroom TV shows, as the judge chose it. */
  displayLayout: DisplayLayout;
  /** Judge and clerk only: whether the hearing is being recorded right now. */
  recording?: RecordingStatusView;
  /** Judge and clerk only, while space for the record is low or gone. */
  storage?: StorageStatusView;
  /** Judge and clerk only: each admitted participant's connection quality, as last read (later: participant.quality). */
  linkQuality?: LinkQualityView[];
  /** The bench only: every summoned participant's attendance and identity checks (later: attendance.updated). */
  attendance?: AttendanceView[];
  /** Admitted only: the raised hands one may see (the bench: the queue; others: their own), as hand.queue later. */
  hands?: HandView[];
  /** Admitted only: whether open chat is allowed, and the messages one may read so far (chat.ts). */
  chat?: ChatSnapshot;
  /** The bench: counsel's requests for a private consultation; a counsel: their own (later: consultation.requests). */
  consultationRequests?: ConsultationRequestView[];
}
