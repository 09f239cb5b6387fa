// WHIP ingest sessions (RFC 9725): a hardware encoder (or OBS) pushes WebRTC into the hearing its
// device is attached to. A session is the device's participant in that hearing: it joins (so the
// bench sees it connected), gets one send transport, and each m-section of the offer becomes one
// of its producers (video → 'camera', audio → 'mic'), announced and recorded like anyone's.
// One session per device: a new POST replaces the old one. It ends on DELETE, when mediasoup's
// transport closes (DTLS failure, removal, adjournment, worker death), when ICE stays disconnected
// past a grace period, or when the encoder never completes ICE + DTLS after its POST.
import { randomUUID } from 'node:crypto';
import type { types } from 'mediasoup';
import type { HearingService } from '../../core/hearing/HearingService.js';
import { NotFoundError, PermissionDeniedError, ValidationError } from '../../core/hearing/errors.js';
import type { DeviceRecord, HearingRecord, ParticipantRecord, ParticipantRef } from '../../core/hearing/types.js';
import type { DeviceStatus } from '../../core/protocol/model.js';
import { KeyedQueue } from '../../core/lib/KeyedQueue.js';
import { TypedEmitter } from '../../core/lib/TypedEmitter.js';
import type { HearingRoom } from '../../media/HearingRoom.js';
import { buildAnswer, parseOffer } from './WhipSdp.js';
import { background } from '../../core/lib/background.js';

export interface WhipSessionsDeps {
  service: Pick<HearingService, 'join' | 'disconnected' | 'withMedia' | 'setDeviceStatus'>;
  media: { room(hearingId: string): Promise<HearingRoom> };
  /** How long ICE may stay disconnected (mediasoup saw no consent checks) before the session ends. */
  iceGraceMs?: number;
  /** How long after the answer the encoder has to complete ICE and DTLS. */
  connectTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface WhipSessionInfo {
  id: string;
  deviceId: string;
  hearingId: string;
  participantId: string;
  transportId: string;
  tracks: { producerId: string; kind: 'audio' | 'video'; mimeType: string }[];
  /** ms since the epoch: the POST reached publish(), its answer was ready, DTLS connected (null until then). */
  postedAt: number;
  answeredAt: number;
  connectedAt: number | null;
}

export type WhipSessionsEvents = {
  /** The encoder's DTLS is up: media can flow. */
  connected: [session: WhipSessionInfo];
  closed: [session: WhipSessionInfo, reason: string];
};

interface Session {
  info: WhipSessionInfo;
  ref: ParticipantRef;
  transport: types.WebRtcTransport;
  timer?: NodeJS.Timeout;
  closing?: Promise<void>;
}

/** What the HTTP route resolved from the device token: the device and where it takes part. */
export interface WhipAttachment {
  device: DeviceRecord;
  participant: ParticipantRecord;
  hearing: HearingRecord;
}

export class WhipSessions extends TypedEmitter<WhipSessionsEvents> {
  readonly #byId = new Map<string, Session>();
  readonly #byDevice = new Map<string, Session>();
  /** publish / end / close of one device run one after another, so a replacement never races. */
  readonly #queue = new KeyedQueue();
  #closed = false;

  constructor(private readonly deps: WhipSessionsDeps) {
    super();
  }

  get(id: string): WhipSessionInfo | undefined {
    return this.#byId.get(id)?.info;
  }

  forDevice(deviceId: string): WhipSessionInfo | undefined {
    return this.#byDevice.get(deviceId)?.info;
  }

  get size(): number {
    return this.#byId.size;
  }

  /** Accepts an offer: returns the session id and the SDP answer. Refusals change nothing. */
  publish(attachment: WhipAttachment, sdp: string): Promise<{ session: WhipSessionInfo; answer: string }> {
    const { device } = attachment;
    if (device.kind === 'display') throw new PermissionDeniedError('A display only receives media; it cannot publish over WHIP');
    if (device.kind === 'camera') {
      throw new PermissionDeniedError(
        'This device is an RTSP camera that the server pulls; register the encoder as kind "encoder" to push WHIP',
      );
    }
    const postedAt = Date.now();
    return this.#queue.run(device.id, () => this.#publish(attachment, sdp, postedAt));
  }

  async #publish({ device, participant, hearing }: WhipAttachment, sdp: string, postedAt: number) {
    if (this.#closed) throw new ValidationError('The server is shutting down');
    const room = await this.deps.media.room(hearing.id);
    const offer = parseOffer(sdp, room.router.rtpCapabilities);

    const previous = this.#byDevice.get(device.id);
    if (previous) await this.#close(previous, 'replaced by a new WHIP session');

    const ref: ParticipantRef = { hearingId: hearing.id, participantId: participant.id };
    const { service } = this.deps;
    await service.join(ref);
    let transport: types.WebRtcTransport | undefined;
    try {
      await this.#status(ref, 'connecting');
      const local = await this.#sendTransport(room, participant.id);
      transport = local.transport;
      await room.connectTransport(participant.id, transport.id, offer.dtls);
      const tracks: WhipSessionInfo['tracks'] = [];
      for (const track of offer.tracks) {
        const producer = await service.withMedia(ref, 'produce', (self) =>
          room.produce(self.id, {
            transportId: transport!.id,
            kind: track.kind,
            rtpParameters: track.rtpParameters,
            source: track.kind === 'audio' ? 'mic' : 'camera',
            // The judge's mute holds for an encoder that reconnects.
            paused: track.kind === 'audio' ? self.forcedMuteAudio : self.forcedMuteVideo,
          }),
        );
        tracks.push({ producerId: producer.id, kind: track.kind, mimeType: track.rtpParameters.codecs[0]?.mimeType ?? 'unknown' });
      }
      const session: Session = {
        ref,
        transport,
        info: {
          id: randomUUID(),
          deviceId: device.id,
          hearingId: hearing.id,
          participantId: participant.id,
          transportId: transport.id,
          tracks,
          postedAt,
          answeredAt: 0,
          connectedAt: null,
        },
      };
      this.#track(session);
      const answer = buildAnswer(offer, local.params, session.info.id);
      session.info.answeredAt = Date.now();
      return { session: session.info, answer };
    } catch (error) {
      transport?.close();
      await service.disconnected(ref).catch(() => undefined);
      await this.#status(ref, 'down');
      // The SFU's refusals of the offer's parameters are ValidationErrors already (media/HearingRoom).
      throw error;
    }
  }

  /** DELETE: ends the device's own session. */
  end(deviceId: string, sessionId: string): Promise<void> {
    return this.#queue.run(deviceId, async () => {
      const session = this.#byId.get(sessionId);
      if (!session || session.info.deviceId !== deviceId) throw new NotFoundError('WHIP session', sessionId);
      await this.#close(session, 'ended by the encoder (DELETE)');
    });
  }

  /** RTP bytes the session's transport has received so far (liveness, first-packet timing). */
  async rtpBytesReceived(sessionId: string): Promise<number> {
    const session = this.#byId.get(sessionId);
    if (!session || session.transport.closed) return 0;
    const [stats] = await session.transport.getStats();
    return stats?.rtpBytesReceived ?? 0;
  }

  /** Ends every session (server shutdown). Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#byId.values()].map((s) => this.#close(s, 'server shutting down')));
  }

  /**
   * A send transport made through the room (so the room owns it and drops it with the peer), plus
   * the mediasoup object itself, caught as the router announces it, to follow its ICE and DTLS.
   */
  async #sendTransport(room: HearingRoom, participantId: string) {
    const made = new Map<string, types.Transport>();
    const grab = (t: types.Transport) => made.set(t.id, t);
    room.router.observer.on('newtransport', grab);
    let params;
    try {
      params = await room.createTransport(participantId, 'send');
    } finally {
      room.router.observer.off('newtransport', grab);
    }
    const transport = made.get(params.id) as types.WebRtcTransport | undefined;
    if (!transport) throw new Error('The WHIP transport was not seen on its router');
    return {
      transport,
      params: {
        iceParameters: params.iceParameters as types.IceParameters,
        iceCandidates: params.iceCandidates as types.IceCandidate[],
        dtlsParameters: params.dtlsParameters as types.DtlsParameters,
      },
    };
  }

  #track(session: Session): void {
    const { transport, info } = session;
    this.#byId.set(info.id, session);
    this.#byDevice.set(info.deviceId, session);
    const end = (reason: string) =>
      background(
        this.#queue.run(info.deviceId, () => this.#close(session, reason)),
        'WHIP session end',
      );
    const arm = (ms: number, reason: string) => {
      clearTimeout(session.timer);
      session.timer = setTimeout(() => end(reason), ms);
    };
    arm(this.deps.connectTimeoutMs ?? 30_000, 'the encoder did not complete ICE and DTLS in time');
    transport.on('icestatechange', (state) => {
      if (state === 'disconnected') arm(this.deps.iceGraceMs ?? 5_000, 'ICE disconnected (the encoder went silent)');
      else if ((state === 'connected' || state === 'completed') && info.connectedAt !== null) clearTimeout(session.timer);
    });
    transport.on('dtlsstatechange', (state) => {
      if (state !== 'connected') return;
      clearTimeout(session.timer);
      info.connectedAt = Date.now();
      background(this.#status(session.ref, 'live'), 'WHIP status');
      this.safeEmit('connected', info);
    });
    // DTLS failure, closePeer (removal, revocation), closeRoom (adjournment), worker death.
    transport.observer.once('close', () => end('its transport closed'));
  }

  #close(session: Session, reason: string): Promise<void> {
    return (session.closing ??= (async () => {
      clearTimeout(session.timer);
      const { info } = session;
      this.#byId.delete(info.id);
      if (this.#byDevice.get(info.deviceId) === session) this.#byDevice.delete(info.deviceId);
      if (!session.transport.closed) session.transport.close();
      await this.deps.service.disconnected(session.ref).catch(() => undefined);
      await this.#status(session.ref, 'down');
      this.deps.log?.(`[whip] session ${info.id} of device ${info.deviceId} closed: ${reason}`);
      this.safeEmit('closed', info, reason);
    })());
  }

  async #status(ref: ParticipantRef, status: DeviceStatus): Promise<void> {
    await this.deps.service.setDeviceStatus(ref.hearingId, ref.participantId, status).catch(() => undefined);
  }
}
