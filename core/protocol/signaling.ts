// The socket.io protocol: one schema-typed union of requests (client → server, answered through the
// acknowledgement callback) and one union of notifications (server → client).
//
//   socket = io(url, { auth: { token } })           // the invitation JWT
//   socket.emit('request', { type: 'join' }, (reply: Reply) => …)
//   socket.on('notification', (n: Notification) => …)
//
// Media parameters (RTP capabilities, DTLS, ICE) are mediasoup's own objects; they are checked for
// shape and size here (boundedJson.ts: depth, lengths, total) and handed to mediasoup, which
// validates them fully.
import { z } from 'zod';
import type {
  AttendanceView,
  HearingSnapshot,
  HearingOutcome,
  HearingStage,
  HearingState,
  MediaKind,
  ParticipantView,
  ProducerView,
  RecordingAlertCause,
  StorageStatusView,
  RecordingStatusView,
  Role,
  TransitionAction,
} from './model.js';
import { MediaKind as MediaKindSchema, MediaSource, TransitionAction as TransitionSchema } from './model.js';
import { CONSULTATION_MAX, CONSULTATION_MIN, ROOM_ID_PATTERN, type ConsultationRequestView, type RoomId } from './rooms.js';
import { DisplayLayout } from './display.js';
import { jsonBoundsViolation } from './boundedJson.js';
import { EquipmentCheckReport, type ProbeServerStats } from './equipmentCheck.js';
import { CHAT_MAX_CHARS, type ChatMessageView, type HandView } from './chat.js';
import type { EquipmentCheckView } from './networkGrade.js';
import type { LinkQualityView } from './linkQuality.js';
import { ATTENDANCE_STATUSES, IdDocument } from './attendance.js';

export const SOCKET_PATH = '/socket.io';
export const REQUEST_EVENT = 'request';
export const NOTIFICATION_EVENT = 'notification';

const id = z.string().min(1).max(64);
/** A room of the hearing (rooms.ts): courtroom, witness, deliberation or consultation-N. */
const roomId = z.string().max(32).regex(ROOM_ID_PATTERN, 'not a room of the hearing') as unknown as z.ZodType<RoomId>;
/** A mediasoup parameter object: plain JSON within MEDIA_PARAMETER_LIMITS, refused before mediasoup sees it. */
const mediaParameters = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  const violation = jsonBoundsViolation(value);
  if (violation) ctx.addIssue({ code: 'custom', message: `Media parameters refused: ${violation}` });
});

export const Request = z.discriminatedUnion('type', [
  /** Enter the hearing: judge and clerk go straight in, everyone else waits in the lobby. */
  z.object({ type: z.literal('join') }).strict(),
  /** A party whose presence the hearing needs (presence.ts) gives the reason, once the hearing has opened. */
  z.object({ type: z.literal('leave'), reason: z.string().max(500).optional() }).strict(),

  z.object({ type: z.literal('lobby.admit'), participantId: id }).strict(),
  z.object({ type: z.literal('lobby.deny'), participantId: id, reason: z.string().max(500).optional() }).strict(),

  z.object({ type: z.literal('participant.mute'), participantId: id, kind: MediaKindSchema }).strict(),
  z.object({ type: z.literal('participant.unmute'), participantId: id, kind: MediaKindSchema }).strict(),
  z.object({ type: z.literal('participant.remove'), participantId: id, reason: z.string().max(500).optional() }).strict(),
  /** The presiding judge mutes everyone but the bench and the courtroom's own devices at once; lifting is per participant. */
  z.object({ type: z.literal('participant.muteAll') }).strict(),
  /** The presiding judge lets a participant share their screen, or withdraws it (their share is closed). */
  z.object({ type: z.literal('participant.allowScreen'), participantId: id, allowed: z.boolean() }).strict(),

  /** Suspension (recess) and postponement need a reason, read out and put in the minutes. */
  z.object({ type: z.literal('hearing.transition'), action: TransitionSchema, reason: z.string().max(500).optional() }).strict(),
  /** The judge chooses what the courtroom TV shows (core/protocol/display.ts). */
  z.object({ type: z.literal('display.setLayout'), layout: DisplayLayout }).strict(),
  /** The clerk or the judge calls a summoned participant (attendance.ts); absent needs a reason. */
  z
    .object({
      type: z.literal('attendance.mark'),
      participantId: id,
      status: z.enum(ATTENDANCE_STATUSES),
      reason: z.string().trim().max(500).optional(),
      idDocument: IdDocument.optional(),
    })
    .strict(),

  z.object({ type: z.literal('media.getRouterRtpCapabilities') }).strict(),
  /** TURN servers and fresh credentials for this participant's transports, and whether its site forces relay. */
  z.object({ type: z.literal('media.iceServers') }).strict(),
  z.object({ type: z.literal('media.createTransport'), direction: z.enum(['send', 'recv']) }).strict(),
  z.object({ type: z.literal('media.connectTransport'), transportId: id, dtlsParameters: mediaParameters }).strict(),
  /** New ICE credentials for one of the asker's transports: the way back after a network blip, same producers. */
  z.object({ type: z.literal('media.restartIce'), transportId: id }).strict(),
  z
    .object({
      type: z.literal('media.produce'),
      transportId: id,
      kind: MediaKindSchema,
      rtpParameters: mediaParameters,
      source: MediaSource,
    })
    .strict(),
  z.object({ type: z.literal('media.closeProducer'), producerId: id }).strict(),
  z.object({ type: z.literal('media.pauseProducer'), producerId: id }).strict(),
  z.object({ type: z.literal('media.resumeProducer'), producerId: id }).strict(),
  z.object({ type: z.literal('media.consume'), transportId: id, producerId: id, rtpCapabilities: mediaParameters }).strict(),
  z.object({ type: z.literal('media.resumeConsumer'), consumerId: id }).strict(),
  z
    .object({
      type: z.literal('media.setConsumerLayers'),
      consumerId: id,
      spatialLayer: z.number().int().min(0).max(3),
    })
    .strict(),

  // The equipment check, before joining (any participant whose link is good): a few seconds of real
  // media to a probe router that is not the hearing's (nothing recorded, no one sees it), then the report.
  z.object({ type: z.literal('probe.start') }).strict(),
  z.object({ type: z.literal('probe.connect'), transportId: id, dtlsParameters: mediaParameters }).strict(),
  z.object({ type: z.literal('probe.produce'), transportId: id, kind: MediaKindSchema, rtpParameters: mediaParameters }).strict(),
  z.object({ type: z.literal('probe.finish') }).strict(),
  /** What the check found; the bench sees it beside the waiting participant, and it is audited. */
  z.object({ type: z.literal('equipment.report'), report: EquipmentCheckReport }).strict(),
  /** The browser's view of its own link (getStats), every few seconds while in the hearing; the bench sees it graded. */
  z
    .object({
      type: z.literal('media.quality'),
      rttMs: z.number().finite().min(0).max(60_000).nullable(),
      lossPct: z.number().finite().min(0).max(100).nullable(),
      upKbps: z.number().finite().min(0).max(1_000_000).nullable(),
    })
    .strict(),

  // Raise hand and chat (core/hearing/Hands.ts, Chat.ts; core/protocol/chat.ts).
  z.object({ type: z.literal('hand.raise') }).strict(),
  /** Without participantId: one's own hand; with it, the presiding judge lowers anyone's (after giving the floor). */
  z.object({ type: z.literal('hand.lower'), participantId: id.optional() }).strict(),
  /** `to`: 'clerk', 'everyone' or a participant's id. The text is trimmed and checked (1–1000 characters) by the domain. */
  z.object({ type: z.literal('chat.send'), to: id, text: z.string().max(CHAT_MAX_CHARS * 4) }).strict(),
  /** The presiding judge allows open chat (participants to everyone) or closes it. */
  z.object({ type: z.literal('chat.setOpen'), open: z.boolean() }).strict(),

  // Rooms (core/protocol/rooms.ts, core/hearing/rooms.ts): the judge moves anyone (never into a
  // consultation), the clerk calls witnesses in and sends them back.
  z.object({ type: z.literal('room.move'), participantId: id, room: roomId }).strict(),
  /** The presiding judge gives counsel and their client(s) a private room; the reply names it. */
  z
    .object({
      type: z.literal('consultation.open'),
      participantIds: z.array(id).min(CONSULTATION_MIN).max(CONSULTATION_MAX),
    })
    .strict(),
  /** Counsel (or a representative), during a recess, asks the judge for a private room with their client(s). */
  z
    .object({
      type: z.literal('consultation.request'),
      withIds: z
        .array(id)
        .min(CONSULTATION_MIN - 1)
        .max(CONSULTATION_MAX - 1),
    })
    .strict(),
  /** The presiding judge declines counsel's pending request (participantId: the counsel who asked). */
  z.object({ type: z.literal('consultation.decline'), participantId: id }).strict(),
  /** The judge or a member ends a consultation: everyone in it returns to the courtroom. */
  z.object({ type: z.literal('consultation.end'), room: roomId }).strict(),
]);
export type Request = z.infer<typeof Request>;
export type RequestType = Request['type'];
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

/** RTCIceServer as the browser takes it; TURN credentials expire (coturn's REST scheme). */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}
/** media.iceServers: `relay` when the participant's site lets media through TURN only; refresh before `expiresAt`. */
export interface IceServersReply {
  iceServers: IceServer[];
  iceTransportPolicy: 'all' | 'relay';
  expiresAt: string;
}
/** probe.start: a transport on the server's probe router, with the same ICE servers the hearing's transports get. */
export interface ProbeStartReply extends IceServersReply {
  rtpCapabilities: unknown;
  transport: TransportParams;
  /** The server closes the probe after this long, whatever the client does. */
  maxDurationMs: number;
}

/** Opaque mediasoup objects passed through to mediasoup-client. */
export interface TransportParams {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown;
  dtlsParameters: unknown;
}
export interface ConsumerParams {
  id: string;
  producerId: string;
  kind: MediaKind;
  rtpParameters: unknown;
  participantId: string;
}

/** The data each request answers with. */
export interface ResponseMap {
  join: HearingSnapshot;
  leave: Record<string, never>;
  'lobby.admit': Record<string, never>;
  'lobby.deny': Record<string, never>;
  'participant.mute': Record<string, never>;
  'participant.unmute': Record<string, never>;
  'participant.remove': Record<string, never>;
  /** Who was muted now (those already muted, the bench and the devices are not listed). */
  'participant.muteAll': { muted: string[] };
  'participant.allowScreen': Record<string, never>;
  'hearing.transition': { state: HearingState };
  'display.setLayout': Record<string, never>;
  'attendance.mark': { attendance: AttendanceView };
  'media.getRouterRtpCapabilities': { rtpCapabilities: unknown };
  'media.iceServers': IceServersReply;
  'media.createTransport': TransportParams;
  'media.connectTransport': Record<string, never>;
  'media.restartIce': { iceParameters: unknown };
  'media.produce': { producerId: string };
  'media.closeProducer': Record<string, never>;
  'media.pauseProducer': Record<string, never>;
  'media.resumeProducer': Record<string, never>;
  'media.consume': ConsumerParams;
  'media.resumeConsumer': Record<string, never>;
  'media.setConsumerLayers': Record<string, never>;
  'probe.start': ProbeStartReply;
  'probe.connect': Record<string, never>;
  'probe.produce': { producerId: string };
  'probe.finish': ProbeServerStats;
  'equipment.report': { check: EquipmentCheckView };
  'media.quality': Record<string, never>;
  'hand.raise': Record<string, never>;
  'hand.lower': Record<string, never>;
  'chat.send': { message: ChatMessageView };
  'chat.setOpen': Record<string, never>;
  'room.move': Record<string, never>;
  'consultation.open': { room: RoomId };
  'consultation.request': Record<string, never>;
  'consultation.decline': Record<string, never>;
  'consultation.end': Record<string, never>;
}

/** Stable error codes; the message is for people, the code is for programs. */
export const ERROR_CODES = [
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'invalid_state',
  'conflict',
  /** A participant asked for more than their share (transports, producers, consumers). */
  'quota_exceeded',
  /** The server cannot serve this now (no free media port); staff are alerted, a retry may work. */
  'unavailable',
  /** Too many requests, joins or logins in too short a time; details.retryAfterMs says when to try again. */
  'rate_limited',
  /**
   * Several nodes: another node serves this hearing (server/cluster/Placement.ts); details.url is
   * where to connect instead, with the same credentials. Only a connection is refused this way.
   */
  'moved',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Reply<T = unknown> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export type Notification =
  | {
      type: 'hearing.state';
      state: HearingState;
      /** In session or suspended: the stage; null otherwise. */
      stage: HearingStage | null;
      /** Once ended: how. */
      outcome: HearingOutcome | null;
      action: TransitionAction;
      at: string;
      /** Suspension and postponement: the reason given. */
      reason?: string;
    }
  /**
   * A participant's view changed (admitted, connected, muted by the judge, left…): to everyone in
   * the hearing when it concerns one of them, else to judge and clerk only, who keep the lobby from
   * these after the join snapshot (waiting: status 'lobby' and connected).
   */
  | { type: 'participant.updated'; participant: ParticipantView }
  /** To the waiting participant: you are in; call join again for the full snapshot. */
  | { type: 'lobby.admitted' }
  | { type: 'lobby.denied'; reason: string | null }
  | { type: 'removed'; reason: string | null }
  /** Judge and clerk: a party whose presence is required left the hearing, and why (also in the audit log). */
  | { type: 'participant.left'; participantId: string; displayName: string; role: Role; reason: string; at: string }
  | { type: 'media.producerAdded'; producer: ProducerView }
  | { type: 'media.producerClosed'; producerId: string }
  | { type: 'media.producerPaused'; producerId: string; paused: boolean }
  | { type: 'media.consumerClosed'; consumerId: string }
  /**
   * To the receiver, in a large hearing (last-N): the server paused this video to save bandwidth,
   * since its sender is neither pinned nor among the recent speakers (show "video paused", not a
   * frozen tile), or forwards it again. Sent only for consumers the client has resumed.
   */
  | { type: 'media.consumerHeld'; consumerId: string; held: boolean }
  | { type: 'media.activeSpeaker'; participantId: string | null }
  /** Server media was rebuilt (a worker died): drop every transport, then produce/consume again. */
  | { type: 'media.reset' }
  /** Judge and clerk: the server could not set up a participant's media (no free media port); staff are alerted. */
  | { type: 'media.alert'; cause: 'ports_exhausted'; participantId: string; at: string }
  /** Judge and clerk: a participant's media connection was lost (ICE/DTLS) or is back. */
  | { type: 'participant.media'; participantId: string; state: 'lost' | 'back'; at: string }
  /** Judge and clerk: a participant's connection quality, when its grade changes and every ~30 s (LinkQuality.ts). */
  | ({ type: 'participant.quality' } & LinkQualityView)
  | { type: 'hearing.ended'; at: string }
  /** To everyone: the judge changed what the courtroom TV shows. */
  | { type: 'display.layout'; layout: DisplayLayout }
  /** The raised hands one may see: the whole queue for the bench, one's own hand (or none) for anyone else. */
  | { type: 'hand.queue'; hands: HandView[] }
  /** A message one may read (Chat.mayRead): sent, received, to everyone, or (the clerk) any conversation. */
  | { type: 'chat.message'; message: ChatMessageView }
  /** To everyone in the hearing: the presiding judge allowed open chat, or closed it. */
  | { type: 'chat.open'; open: boolean }
  /** The bench: every pending consultation request; a counsel: their own (empty once granted, refused or withdrawn). */
  | { type: 'consultation.requests'; requests: ConsultationRequestView[] }
  /** The bench: a participant was called (present, absent) or attested by their site's officer. */
  | { type: 'attendance.updated'; attendance: AttendanceView }
  /** Judge and clerk: the hearing record's live capture changed (state, or a track's state). */
  | ({ type: 'recording.status' } & RecordingStatusView)
  /** Judge and clerk: space for the record is low, gone (media writing stopped), or back. */
  | ({ type: 'storage.status' } & StorageStatusView)
  /** Judge and clerk: capture of one track was interrupted; the gap goes into the record. */
  | {
      type: 'recording.alert';
      cause: RecordingAlertCause;
      trackId: string;
      participantId: string;
      kind: MediaKind;
      source: MediaSource;
      at: string;
    };
export type NotificationType = Notification['type'];
