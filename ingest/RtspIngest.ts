// One IP camera pulled over RTSP into a hearing's router. Each connection: ffprobe the camera,
// plan pass-through or transcode (IngestPlan), open a loopback PlainTransport per stream, produce,
// and run one ffmpeg that sends RTP into them. A connection ends when ffmpeg exits (the camera
// hung up, or no data for the socket timeout), when the producer stops counting packets (stale),
// or when the room goes away (worker died); the ingest then reports `down` and tries again with
// backoff, each time with new producers (clients handle producer closed/added).
//
// Each connection first checks where the camera is (CameraNetworks: every address its host
// resolves to must be in an allowed network) and reaches it only through an RtspRelay to that
// address, which refuses redirects. The URL, password included, is opened for each connection and
// handed to ffmpeg alone; logs and reasons show it masked (`user:***@`).
import { randomInt } from 'node:crypto';
import { connect } from 'node:net';
import { redactSecrets } from '../core/lib/redact.js';
import type { types } from 'mediasoup';
import type { DeviceStatus, MediaKind, MediaSource } from '../core/protocol/model.js';
import type { ProducerInfo } from '../core/hearing/types.js';
import { TypedEmitter } from '../core/lib/TypedEmitter.js';
import { ffprobe, spawnFfmpeg, type FfmpegProcess } from '../core/lib/ffmpeg.js';
import { ingestFfmpegArgs, planIngest, QUICK_ANALYSIS, RTSP_INPUT_ARGS, type IngestPlan, type RtpTarget } from './IngestPlan.js';
import { background } from '../core/lib/background.js';
import type { CameraNetworks } from './CameraNetworks.js';
import { RtspRelay } from './RtspRelay.js';

/** What an ingest needs of a hearing's room (HearingRoom has it all). */
export interface IngestRoom {
  readonly closed: boolean;
  readonly router: { readonly rtpCapabilities: types.RtpCapabilities };
  createPlainTransport(participantId: string): Promise<{ id: string; ip: string; port: number; rtcpPort: number }>;
  produce(
    participantId: string,
    args: { transportId: string; kind: MediaKind; rtpParameters: unknown; source: MediaSource; paused: boolean },
  ): Promise<ProducerInfo>;
  closeTransport(participantId: string, transportId: string): void;
  producerPackets(participantId: string, producerId: string): Promise<number>;
}

export interface RtspIngestOptions {
  /** The camera's full URL (password included), asked for each connection and given to ffmpeg only. */
  url: () => string;
  /** What logs call the camera: its URL with the password masked. */
  label: string;
  /** Where cameras may be: checked before every connection. */
  networks: CameraNetworks;
  participantId: string;
  /** The hearing's room, asked anew for every connection (a dead worker's room is replaced). */
  room: () => Promise<IngestRoom>;
  /** Wait before reconnecting: doubles from initialMs up to maxMs; back to initialMs once live. */
  backoff?: { initialMs: number; maxMs: number };
  /** A live connection that receives no RTP packet for this long is dropped and retried. */
  staleMs?: number;
  /** A new connection that has sent no packet after this long is dropped and retried. */
  firstPacketMs?: number;
  probeTimeoutMs?: number;
  /** Whether a new producer of this kind starts paused (the judge muted the camera). */
  paused?: (kind: MediaKind) => Promise<boolean>;
  log?: (line: string) => void;
}

export type RtspIngestEvents = {
  /** connecting (first attempt), live (packets flowing into the producers), down (lost; retrying). */
  status: [status: DeviceStatus, reason: string | null];
  '@close': [];
};

const PT = { video: 102, audio: 100 } as const;
const TICK_MS = 250;

interface Connection {
  room: IngestRoom;
  transports: string[];
  producers: ProducerInfo[];
  ffmpeg?: FfmpegProcess;
}

export class RtspIngest extends TypedEmitter<RtspIngestEvents> {
  #status: DeviceStatus = 'connecting';
  #closed = false;
  #started = false;
  #conn: Connection | undefined;
  #plan: IngestPlan | undefined;
  #wake: (() => void) | undefined;
  readonly #opts: Required<Omit<RtspIngestOptions, 'log' | 'paused'>> & Pick<RtspIngestOptions, 'log' | 'paused'>;

  constructor(options: RtspIngestOptions) {
    super();
    this.#opts = {
      backoff: { initialMs: 250, maxMs: 1000 },
      staleMs: 5000,
      firstPacketMs: 10_000,
      probeTimeoutMs: 10_000,
      ...options,
    };
  }

  get status(): DeviceStatus {
    return this.#status;
  }
  get closed(): boolean {
    return this.#closed;
  }
  /** The decision of the latest probe (pass-through or transcode). */
  get plan(): IngestPlan | undefined {
    return this.#plan;
  }
  /** The producers of the current connection. */
  get producers(): ProducerInfo[] {
    return [...(this.#conn?.producers ?? [])];
  }
  /** ffmpeg's pid while a connection runs (the bench reads its CPU from /proc). */
  get ffmpegPid(): number | undefined {
    return this.#conn?.ffmpeg?.pid;
  }

  /** Starts pulling; reports `connecting` first. Calling it again does nothing. */
  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.safeEmit('status', 'connecting', null);
    background(this.#loop(), 'camera ingest');
  }

  #setStatus(status: DeviceStatus, reason: string | null): void {
    if (this.#closed || status === this.#status) return;
    this.#status = status;
    this.safeEmit('status', status, reason);
  }

  async #loop(): Promise<void> {
    const { initialMs, maxMs } = this.#opts.backoff;
    let delay = initialMs;
    let lastSaid = '';
    while (!this.#closed) {
      const { wasLive, reason } = await this.#connectOnce().catch((e: unknown) => ({ wasLive: false, reason: String(e) }));
      if (this.#closed) return;
      // Once per distinct failure, not every retry of a camera that stays off.
      const said = redactSecrets(reason.replace(/ @ 0x[0-9a-f]+/g, ''));
      if (said !== lastSaid) this.#opts.log?.(`[rtsp] ${redactSecrets(this.#opts.label)}: ${said}; retrying`);
      lastSaid = said;
      this.#setStatus('down', said);
      if (wasLive) delay = initialMs;
      await this.#sleep(delay);
      delay = Math.min(delay * 2, maxMs);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }

  /** One connection, from probe to its end; resolves with why it ended. */
  async #connectOnce(): Promise<{ wasLive: boolean; reason: string }> {
    const checked = await this.#opts.networks.check(this.#opts.url());
    if (!checked.ok) return { wasLive: false, reason: checked.reason };
    const { target } = checked;
    // A camera that is off refuses the connection: found out without spawning ffprobe, so a
    // camera down for hours costs a TCP handshake per retry, and retries can be frequent.
    const unreachable = await tcpReachable(target.address, target.port, 2000);
    if (unreachable) return { wasLive: false, reason: unreachable };
    if (this.#closed) return { wasLive: false, reason: 'closed' };
    const relay = await RtspRelay.open(target);
    try {
      return await this.#viaRelay(relay);
    } finally {
      relay.close();
    }
  }

  /** Probe, plan, produce and run ffmpeg, all through the relay. */
  async #viaRelay(relay: RtspRelay): Promise<{ wasLive: boolean; reason: string }> {
    const url = relay.url;
    const probe = await ffprobe(url, { inputArgs: [...RTSP_INPUT_ARGS(5), ...QUICK_ANALYSIS], timeoutMs: this.#opts.probeTimeoutMs }).catch(
      (e: Error) => e,
    );
    if (probe instanceof Error) return { wasLive: false, reason: relay.refusal ?? `probe failed: ${probe.message.split('\n')[0]}` };
    if (this.#closed) return { wasLive: false, reason: 'closed' };
    const room = await this.#opts.room();
    const plan = planIngest(probe, room.router.rtpCapabilities.codecs ?? []);
    this.#plan = plan;
    if (!plan.video && !plan.audio) return { wasLive: false, reason: 'the camera sends neither video nor audio' };
    const conn: Connection = { room, transports: [], producers: [] };
    this.#conn = conn;
    try {
      const targets: { video?: RtpTarget; audio?: RtpTarget } = {};
      if (plan.video) targets.video = await this.#open(conn, 'video', plan.video.profileLevelId);
      if (plan.audio) targets.audio = await this.#open(conn, 'audio', null);
      if (this.#closed) return { wasLive: false, reason: 'closed' };
      conn.ffmpeg = spawnFfmpeg(ingestFfmpegArgs(url, plan, targets));
      return await this.#watch(conn, relay);
    } finally {
      this.#end(conn);
    }
  }

  /** A transport and producer for one kind; returns where ffmpeg sends it. */
  async #open(conn: Connection, kind: MediaKind, profileLevelId: string | null): Promise<RtpTarget> {
    const { participantId } = this.#opts;
    const t = await conn.room.createPlainTransport(participantId);
    conn.transports.push(t.id);
    const ssrc = randomInt(1, 2 ** 31);
    const codec =
      kind === 'video'
        ? {
            mimeType: 'video/H264',
            payloadType: PT.video,
            clockRate: 90000,
            parameters: { 'packetization-mode': 1, 'profile-level-id': profileLevelId, 'level-asymmetry-allowed': 1 },
            rtcpFeedback: [{ type: 'nack', parameter: 'pli' }],
          }
        : { mimeType: 'audio/opus', payloadType: PT.audio, clockRate: 48000, channels: 2 };
    const paused = (await this.#opts.paused?.(kind)) ?? false;
    const producer = await conn.room.produce(participantId, {
      transportId: t.id,
      kind,
      source: kind === 'video' ? 'camera' : 'mic',
      paused,
      rtpParameters: { codecs: [codec], encodings: [{ ssrc }] },
    });
    conn.producers.push(producer);
    return { ip: t.ip, port: t.port, rtcpPort: t.rtcpPort, payloadType: PT[kind], ssrc };
  }

  /** Watches a running connection until it ends: live once packets count up, down when they stop. */
  async #watch(conn: Connection, relay: RtspRelay): Promise<{ wasLive: boolean; reason: string }> {
    const ffmpeg = conn.ffmpeg!;
    let exited = false;
    background(
      ffmpeg.exited.then(() => (exited = true)),
      'camera ffmpeg',
    );
    const watched = conn.producers.find((p) => p.kind === 'video') ?? conn.producers[0]!;
    let last = 0;
    let lastChange = Date.now();
    let live = false;
    while (!this.#closed) {
      await new Promise((r) => setTimeout(r, TICK_MS));
      if (relay.refusal) return { wasLive: live, reason: relay.refusal };
      if (exited) {
        const { code, signal } = await ffmpeg.exited;
        const words = ffmpeg.stderrTail().split('\n').filter(Boolean).slice(-1)[0] ?? '';
        return { wasLive: live, reason: `ffmpeg exited (${signal ?? code})${words ? `: ${words}` : ''}` };
      }
      if (conn.room.closed) return { wasLive: live, reason: 'the media room closed' };
      const packets = await conn.room.producerPackets(this.#opts.participantId, watched.id).catch(() => undefined);
      if (packets === undefined) return { wasLive: live, reason: 'the producer closed' };
      const now = Date.now();
      if (packets > last) {
        last = packets;
        lastChange = now;
        if (!live) {
          live = true;
          this.#setStatus('live', null);
        }
      } else if (now - lastChange > (live ? this.#opts.staleMs : this.#opts.firstPacketMs)) {
        return { wasLive: live, reason: live ? 'no packets (stale)' : 'no packets after connecting' };
      }
    }
    return { wasLive: live, reason: 'closed' };
  }

  /** Ends a connection: ffmpeg killed (nothing to save), transports and so producers closed. */
  #end(conn: Connection): void {
    if (conn.ffmpeg && conn.ffmpeg.child.exitCode === null && conn.ffmpeg.child.signalCode === null) conn.ffmpeg.child.kill('SIGKILL');
    if (!conn.room.closed) for (const id of conn.transports) conn.room.closeTransport(this.#opts.participantId, id);
    conn.transports = [];
    conn.producers = [];
    if (this.#conn === conn) this.#conn = undefined;
  }

  /** Stops pulling for good: ffmpeg killed, producers closed, no status after this. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#conn) this.#end(this.#conn);
    this.#wake?.();
    this.safeEmit('@close');
    this.removeAllListeners();
  }
}

/** Resolves with why the camera's RTSP port does not accept a TCP connection, or null when it does. */
function tcpReachable(host: string, port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (why: string | null) => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer from ${host}:${port}`));
    socket.once('connect', () => done(null));
    socket.once('error', (e: NodeJS.ErrnoException) => done(`cannot connect to ${host}:${port} (${e.code ?? e.message})`));
  });
}
