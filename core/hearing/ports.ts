// What the domain needs from the outside world. Adapters (store/, media/, recordings/) implement
// these; server/main.ts wires them in. Nothing here knows about SQLite, mediasoup or sockets.
import type {
  HearingOutcome,
  HearingStage,
  HearingState,
  MediaKind,
  MediaSource,
  RecordingAlertCause,
  RecordingGapCause,
  RecordingStatusView,
  Role,
  RoomId,
} from '../protocol/model.js';
import type { ConsumerParams, TransportParams } from '../protocol/signaling.js';
import type { ProbeServerStats } from '../protocol/equipmentCheck.js';
import type { LinkFigures } from '../protocol/linkQuality.js';
import type { IdDocument } from '../protocol/attendance.js';
import type {
  AccountRecord,
  AttendanceRecord,
  AuditEvent,
  CaseRecord,
  DeviceRecord,
  HearingRecord,
  InvitationRecord,
  ParticipantRecord,
  ProducerInfo,
  SiteRecord,
} from './types.js';
import type { TypedEmitter } from '../lib/TypedEmitter.js';

export interface Clock {
  now(): Date;
}

/**
 * A national electronic identity (VNeID) or an OpenID Connect provider, to be plugged in later:
 * given the document the clerk typed (or a site officer attested) and who the summons names, it
 * says whether that person holds that document. AttendanceCommands asks it at each mark with a
 * document and each attestation; a verdict is stored and shown ("verified by <name>"), audited by
 * name only. A refusal does not block the mark: the clerk sees it and the bench decides.
 */
export interface IdentityProvider {
  /** Shown to the bench and written in the audit ("vneid", "oidc:…"). */
  readonly name: string;
  verify(subject: IdentitySubject): Promise<IdentityVerdict>;
}

export interface IdentitySubject {
  displayName: string;
  role: Role;
  idDocument: IdDocument;
}

/** `checked: false`: the provider did not look (none configured, unreachable); nothing is claimed either way. */
export type IdentityVerdict =
  | { checked: false }
  | { checked: true; matches: boolean; /** What the provider holds for the document (for the bench to compare). */ fullName?: string };

/** The default: verifies nothing, so attendance rests on the clerk's and the site officers' checks. */
export const NO_IDENTITY_PROVIDER: IdentityProvider = {
  name: 'none',
  verify: () => Promise.resolve({ checked: false }),
};

/** What an invitation is for: one participant of one hearing, in one role, for so long. */
export interface InvitationRequest {
  hearingId: string;
  participantId: string;
  role: Role;
  expiresInSeconds: number;
  /**
   * The presiding judge's link is bound to the staff session that asked for it: it works only
   * while that sign-in lives (the verifier checks it; the domain only passes it on).
   */
  staffSessionId?: string;
}

/** A signed invitation: the link's token, its id (the participant's current one) and its expiry. */
export interface IssuedInvitation {
  token: string;
  invitationId: string;
  expiresAt: Date;
}

/**
 * Signs invitations (server/auth's TokenService). Only the case file calls it, so every invitation
 * passes its guards and is audited; the issuer knows nothing of who may have one.
 */
export interface InvitationIssuer {
  issueInvitation(args: InvitationRequest): IssuedInvitation;
}

/** How an invitation reaches a person: by email or by text message (SMS). */
export type InvitationChannel = 'email' | 'sms';

/**
 * One invitation to send: to whom, by which channel, and the words (core/hearing/invitationMessage.ts
 * writes them, Vietnamese first then English), so an adapter only carries it.
 */
export interface InvitationMessage {
  channel: InvitationChannel;
  /** The full address or number (only the notifier sees it; the record keeps it masked). */
  to: string;
  /** Masked, for logs and the clerk's screen. */
  maskedTo: string;
  subject: string;
  text: string;
  /** The join link (a credential: whoever holds it is this participant until it expires). */
  link: string;
  hearingId: string;
  participantId: string;
  caseNumber: string;
  hearingTitle: string;
  /** ISO instant; the text prints it in the court's zone. */
  scheduledAt: string;
  expiresAt: string;
}

/** What a notifier says after taking a message: which one carried it (file, smtp, webhook) and its own id. */
export interface DeliveryReceipt {
  notifier: string;
  messageId?: string;
}

/**
 * Sends invitations (server/notify: the file outbox, SMTP, an SMS gateway's webhook). Rejects when
 * the message was not taken; then nothing about the participant's link changes.
 */
export interface Notifier {
  send(message: InvitationMessage): Promise<DeliveryReceipt>;
}

/**
 * Seals a secret before it is stored (a camera's RTSP URL with its password), bound to `context`
 * (the device id); the key stays with the server (server/secrets.ts). The domain never opens one:
 * only the camera ingest does, for ffmpeg.
 */
export interface Sealer {
  seal(plain: string, context: string): string;
}

export interface Store {
  /**
   * Runs `fn` atomically: every store call made inside it (awaited from it) joins the transaction;
   * nested calls join the outer one. Only store calls belong inside: no media, no network, no timers,
   * since the transaction holds the database (SQLite's one writer; a PostgreSQL connection) meanwhile.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  cases: {
    insert(c: CaseRecord): Promise<void>;
    get(id: string): Promise<CaseRecord | undefined>;
    search(query: string | undefined, limit: number): Promise<CaseRecord[]>;
    /** Number, title and kind. */
    update(c: CaseRecord): Promise<void>;
  };
  sites: {
    insert(s: SiteRecord): Promise<void>;
    get(id: string): Promise<SiteRecord | undefined>;
    list(): Promise<SiteRecord[]>;
    /** Name, kind and relay-only. */
    update(s: SiteRecord): Promise<void>;
  };
  hearings: {
    insert(h: HearingRecord): Promise<void>;
    get(id: string): Promise<HearingRecord | undefined>;
    listByCase(caseId: string): Promise<HearingRecord[]>;
    /** Hearings scheduled at or after `from` and before `to` (ISO instants), soonest first. */
    listBetween(from: string, to: string): Promise<HearingRecord[]>;
    /** Title, scheduled time, courtroom and updatedAt (the state has its own setState). */
    update(h: HearingRecord): Promise<void>;
    /** Hearings in any of these states (start-up: which hearings an outage interrupted). */
    listByStates(states: readonly HearingState[]): Promise<HearingRecord[]>;
    /** The state, with the stage (in session or suspended) and the outcome (ended); both null when not given. */
    setState(
      id: string,
      state: HearingState,
      updatedAt: string,
      stage?: HearingStage | null,
      outcome?: HearingOutcome | null,
    ): Promise<void>;
  };
  participants: {
    insert(p: ParticipantRecord): Promise<void>;
    get(id: string): Promise<ParticipantRecord | undefined>;
    listByHearing(hearingId: string): Promise<ParticipantRecord[]>;
    listByDevice(deviceId: string): Promise<ParticipantRecord[]>;
    /** Seats bound to a staff account (the presiding judge's), newest hearing first. */
    listByAccount(accountId: string): Promise<ParticipantRecord[]>;
    update(p: ParticipantRecord): Promise<void>;
    /** A participant withdrawn before ever joining (the audit log keeps who they were). */
    delete(id: string): Promise<void>;
  };
  /** The clerk's bookkeeping of each participant's current link (InvitationRecord). */
  invitations: {
    /** All null for a participant whose link was never made (or made before this was kept). */
    get(participantId: string): Promise<InvitationRecord>;
    set(participantId: string, r: InvitationRecord): Promise<void>;
  };
  devices: {
    insert(d: DeviceRecord): Promise<void>;
    get(id: string): Promise<DeviceRecord | undefined>;
    list(): Promise<DeviceRecord[]>;
    listBySite(siteId: string): Promise<DeviceRecord[]>;
    update(d: DeviceRecord): Promise<void>;
  };
  audit: {
    /** Appends and chains the event (its prevHash and hash are computed by the store). */
    append(e: Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>): Promise<AuditEvent>;
    list(hearingId: string): Promise<AuditEvent[]>;
  };
  /** Attendance and identity checks of summoned participants (AttendanceCommands). */
  attendance: {
    get(participantId: string): Promise<AttendanceRecord | undefined>;
    listByHearing(hearingId: string): Promise<AttendanceRecord[]>;
    /** Inserts or replaces the participant's record. */
    put(r: AttendanceRecord): Promise<void>;
  };
  accounts: {
    insert(a: AccountRecord): Promise<void>;
    getByUsername(username: string): Promise<AccountRecord | undefined>;
    get(id: string): Promise<AccountRecord | undefined>;
    list(): Promise<AccountRecord[]>;
    count(): Promise<number>;
  };
  settings: {
    get(key: string): Promise<string | undefined>;
    set(key: string, value: string): Promise<void>;
  };
}

/** Events the media side reports about a hearing's room. */
export type MediaEvent =
  | { type: 'producerAdded'; hearingId: string; producer: ProducerInfo }
  | { type: 'producerClosed'; hearingId: string; participantId: string; producerId: string }
  | { type: 'producerPaused'; hearingId: string; participantId: string; producerId: string; paused: boolean }
  | { type: 'consumerClosed'; hearingId: string; participantId: string; consumerId: string }
  /** A video the participant wants is paused by the server to save bandwidth (last-N), or forwarded again. */
  | { type: 'consumerHeld'; hearingId: string; participantId: string; consumerId: string; held: boolean }
  | { type: 'activeSpeaker'; hearingId: string; participantId: string | null }
  /** The room was rebuilt on another worker: every participant must set up media again. */
  | { type: 'roomReset'; hearingId: string; reason: string }
  /** A participant's transport could not be made: the server's media ports are all taken. */
  | { type: 'mediaUnavailable'; hearingId: string; participantId: string; cause: 'ports_exhausted' }
  /** A participant's WebRTC media stopped flowing (ICE consent lost, DTLS failed) or flows again. */
  | { type: 'mediaLink'; hearingId: string; participantId: string; state: 'lost' | 'back' }
  /** One sample of every participant's link in the room (media/LinkSampler.ts), every few seconds. */
  | { type: 'linkStats'; hearingId: string; samples: LinkSample[] }
  /** A participant's media now belongs to another room of the hearing (setRoom); the recorder follows it. */
  | { type: 'peerMoved'; hearingId: string; participantId: string; room: RoomId };

/** Where one participant's media now belongs (MediaRoomPort.setRooms). */
export interface RoomPlacement {
  participantId: string;
  room: RoomId;
}

/** One participant's link as the SFU measured it (the browser's uplink estimate comes separately). */
export interface LinkSample {
  participantId: string;
  figures: LinkFigures;
}

/**
 * The SFU as the domain sees it: one room per hearing, one peer per admitted participant.
 * Media parameters are opaque to the domain (they are mediasoup's), so they are `unknown` here.
 */
/**
 * The equipment check's network probe (media/ProbeRooms.ts): one short-lived send transport per
 * participant on a router of its own, never the hearing's, so nothing reaches the room or the record.
 */
export interface ProbePort {
  start(participantId: string): Promise<{ rtpCapabilities: unknown; transport: TransportParams; maxDurationMs: number }>;
  connect(participantId: string, transportId: string, dtlsParameters: unknown): Promise<void>;
  produce(participantId: string, args: { transportId: string; kind: MediaKind; rtpParameters: unknown }): Promise<{ producerId: string }>;
  /** What the server received, then the probe is closed. */
  finish(participantId: string): Promise<ProbeServerStats>;
  close(participantId: string): void;
}

export interface MediaRoomPort {
  setListener(listener: (event: MediaEvent) => void): void;
  /** The equipment check's probe; absent where the SFU offers none (the domain's fakes). */
  readonly probes?: ProbePort;
  routerRtpCapabilities(hearingId: string): Promise<unknown>;
  createTransport(hearingId: string, participantId: string, direction: 'send' | 'recv'): Promise<TransportParams>;
  connectTransport(hearingId: string, participantId: string, transportId: string, dtlsParameters: unknown): Promise<void>;
  /** New ICE credentials for one of the participant's own WebRTC transports (NotFoundError for anyone else's). */
  restartIce(hearingId: string, participantId: string, transportId: string): Promise<{ iceParameters: unknown }>;
  produce(
    hearingId: string,
    participantId: string,
    args: { transportId: string; kind: MediaKind; rtpParameters: unknown; source: MediaSource; paused: boolean },
  ): Promise<ProducerInfo>;
  closeProducer(hearingId: string, participantId: string, producerId: string): Promise<void>;
  /** Pause/resume one of the participant's own producers. */
  setProducerPaused(hearingId: string, participantId: string, producerId: string, paused: boolean): Promise<void>;
  /** Pause/resume every producer of one kind of the participant (the judge's mute). */
  setKindPaused(hearingId: string, participantId: string, kind: MediaKind, paused: boolean): Promise<void>;
  consume(
    hearingId: string,
    participantId: string,
    args: { transportId: string; producerId: string; rtpCapabilities: unknown },
  ): Promise<ConsumerParams>;
  resumeConsumer(hearingId: string, participantId: string, consumerId: string): Promise<void>;
  setConsumerLayers(hearingId: string, participantId: string, consumerId: string, spatialLayer: number): Promise<void>;
  listProducers(hearingId: string): ProducerInfo[];
  /**
   * Which room of the hearing each participant's media belongs to (core/hearing/rooms.ts): they
   * consume only producers of their room. All are placed first, then every consumer that now
   * crosses rooms is closed: people who move together (a consultation, the panel) keep each other.
   */
  setRooms(hearingId: string, placements: readonly RoomPlacement[]): void;
  /**
   * The participant's videos reach every receiver at the high layer even when the hearing is too
   * large to send everyone's (last-N): the presiding judge. Kept for a room made later.
   */
  setPinned(hearingId: string, participantId: string, pinned: boolean): void;
  /** Close the participant's transports, producers and consumers (leave, remove, disconnect). */
  closePeer(hearingId: string, participantId: string): void;
  closeRoom(hearingId: string): void;
}

/** What the recorder (recordings/) reports about a hearing's capture. Times: ms since the epoch. */
export type RecordingEvent =
  | { type: 'status'; hearingId: string; status: RecordingStatusView }
  /** Capture of a track stopped while it should run: the bench is alerted at once. */
  | {
      type: 'interrupted';
      hearingId: string;
      trackId: string;
      participantId: string;
      kind: MediaKind;
      source: MediaSource;
      cause: RecordingAlertCause;
      atMs: number;
    }
  /** A gap that is over (or cut by a recess or the adjournment): it goes into the audit log. */
  | {
      type: 'gap';
      hearingId: string;
      trackId: string | null;
      participantId: string | null;
      cause: RecordingGapCause;
      startMs: number;
      endMs: number;
    };

/** The live capture of hearings, as the domain sees it: it follows the state, and reports. */
export interface RecorderPort {
  setListener(listener: (event: RecordingEvent) => void): void;
  /** The hearing changed state: start, pause or finish its capture. */
  follow(hearingId: string, state: HearingState): Promise<void>;
}

// The recorder's tap on the SFU: one producer's RTP sent to an ffmpeg listening on loopback.
// Implemented by media/ (RecordingTap, opened through MediaRooms.openTap); used by recordings/.

/** The codec the consumer sends, as an SDP needs it (see recordings/sdp.ts). */
export interface TapCodec {
  kind: 'audio' | 'video';
  /** e.g. 'audio/opus', 'video/VP8', 'video/H264' */
  mimeType: string;
  payloadType: number;
  clockRate: number;
  channels?: number;
  parameters: Record<string, unknown>;
}

export interface TapTarget {
  ip: string;
  rtpPort: number;
  rtcpPort: number;
}

export type TapEvents = {
  /** The producer was paused or resumed by its participant (or the judge's mute). */
  producerPaused: [paused: boolean];
  /** The consumer is gone: its producer, transport or router closed. */
  closed: [];
};

/** What a recorder needs of a tap (media/RecordingTap.ts); tests can stand in for it. */
export interface Tap extends TypedEmitter<TapEvents> {
  readonly codec: TapCodec;
  readonly producerPaused: boolean;
  readonly closed: boolean;
  resume(): Promise<void>;
  requestKeyFrame(): Promise<void>;
  /** RTP packets the producer has received so far: cheap liveness probe while no ffmpeg runs. */
  producerPackets(): Promise<number>;
  close(): void;
}

/** Where taps come from: the hearing's media room. */
export interface TapSource {
  /** A paused consumer of `producerId` sending to `target`; rejects when the hearing has no room. */
  openTap(hearingId: string, producerId: string, target: TapTarget): Promise<Tap>;
}
