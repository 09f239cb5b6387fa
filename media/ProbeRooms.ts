// The equipment check's network probe: a participant sends a few seconds of real media over a
// WebRTC transport built exactly as the hearing's are (same listen addresses, ports, ICE servers on
// the client's side), but on a router of its own that no hearing uses. Nothing consumes it, the
// recorder never sees it (MediaRooms reports only hearing rooms), and it is closed after a bound.
import type { types } from 'mediasoup';
import type { ProbePort } from '../core/hearing/ports.js';
import type { MediaKind } from '../core/protocol/model.js';
import type { ProbeServerStats } from '../core/protocol/equipmentCheck.js';
import type { TransportParams } from '../core/protocol/signaling.js';
import { InvalidStateError, NotFoundError, UnavailableError, ValidationError } from '../core/hearing/errors.js';
import { MEDIA_CODECS, type MediaConfig } from './MediaConfig.js';
import { isPortExhaustion, whileOpen } from './mediasoupErrors.js';
import type { WorkerPool } from './WorkerPool.js';

/** A check measures for about 4 s; this bounds a probe the client forgets to finish (closed tab). */
export const PROBE_MAX_MS = 20_000;
/** Probes at once, server-wide: checks come in bursts before a hearing, each holds two ports at most. */
export const MAX_PROBES = 32;

interface Probe {
  transport: types.WebRtcTransport;
  producers: Map<MediaKind, types.Producer>;
  connected: boolean;
  timer: ReturnType<typeof setTimeout>;
}

export class ProbeRooms implements ProbePort {
  #router: Promise<types.Router> | null = null;
  readonly #probes = new Map<string, Probe>();
  /** The newest start per participant: an older one still being set up gives way. */
  readonly #starts = new Map<string, number>();
  #seq = 0;
  #closed = false;

  constructor(
    private readonly pool: WorkerPool,
    private readonly config: MediaConfig,
  ) {}

  /** Probes open right now (tests: nothing left behind). */
  get size(): number {
    return this.#probes.size;
  }

  /** The probe router is created on first use and again after its worker died. */
  #routerNow(): Promise<types.Router> {
    if (this.#router) return this.#router;
    const router = this.pool.acquire().then((worker) => worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { probe: true } }));
    this.#router = router;
    const forget = () => {
      if (this.#router === router) this.#router = null;
    };
    router.then((r) => r.observer.once('close', forget), forget);
    return router;
  }

  async start(participantId: string): Promise<{ rtpCapabilities: unknown; transport: TransportParams; maxDurationMs: number }> {
    if (this.#closed) throw new UnavailableError('The media server is stopping');
    this.close(participantId); // a new check replaces the previous one
    if (this.#probes.size + this.#starts.size >= MAX_PROBES) {
      throw new UnavailableError('Too many equipment checks at once; try again in a few seconds.');
    }
    const seq = ++this.#seq;
    this.#starts.set(participantId, seq);
    try {
      const router = await this.#routerNow();
      const { listenIp, announcedAddress, minPort, maxPort } = this.config;
      const listen = (protocol: 'udp' | 'tcp'): types.TransportListenInfo => ({
        protocol,
        ip: listenIp,
        announcedAddress,
        portRange: { min: minPort, max: maxPort },
      });
      const transport = await router
        .createWebRtcTransport({
          listenInfos: [listen('udp'), listen('tcp')],
          preferUdp: true,
          initialAvailableOutgoingBitrate: this.config.initialAvailableOutgoingBitrate,
          appData: { participantId, probe: true },
        })
        .catch((error: unknown) => {
          if (isPortExhaustion(error)) throw new UnavailableError('The server has no free media port right now; try again shortly.');
          throw error;
        });
      if (this.#starts.get(participantId) !== seq || this.#closed) {
        transport.close();
        throw new InvalidStateError('A newer equipment check replaced this one');
      }
      const timer = setTimeout(() => this.close(participantId), PROBE_MAX_MS);
      timer.unref();
      this.#probes.set(participantId, { transport, producers: new Map(), connected: false, timer });
      transport.observer.once('close', () => this.#drop(participantId, transport));
      return {
        rtpCapabilities: router.rtpCapabilities,
        transport: {
          id: transport.id,
          iceParameters: transport.iceParameters,
          iceCandidates: transport.iceCandidates,
          dtlsParameters: transport.dtlsParameters,
        },
        maxDurationMs: PROBE_MAX_MS,
      };
    } finally {
      if (this.#starts.get(participantId) === seq) this.#starts.delete(participantId);
    }
  }

  #probe(participantId: string, transportId: string): Probe {
    const probe = this.#probes.get(participantId);
    if (!probe || probe.transport.id !== transportId) throw new NotFoundError('Probe transport', transportId);
    return probe;
  }

  async connect(participantId: string, transportId: string, dtlsParameters: unknown): Promise<void> {
    const probe = this.#probe(participantId, transportId);
    if (probe.connected) throw new InvalidStateError('This probe is already connected');
    probe.connected = true;
    try {
      await whileOpen(probe.transport, 'probe', () => probe.transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters }));
    } catch (error) {
      if (error instanceof ValidationError) probe.connected = false; // refused parameters: the client may try again
      throw error;
    }
  }

  async produce(
    participantId: string,
    args: { transportId: string; kind: MediaKind; rtpParameters: unknown },
  ): Promise<{ producerId: string }> {
    const probe = this.#probe(participantId, args.transportId);
    // One microphone and one camera: what the hearing will carry, and a bound on what a probe holds.
    if (probe.producers.has(args.kind)) throw new InvalidStateError(`This probe already carries ${args.kind}`);
    const producer = await whileOpen(probe.transport, 'probe', () =>
      probe.transport.produce({ kind: args.kind, rtpParameters: args.rtpParameters as types.RtpParameters }),
    );
    if (this.#probes.get(participantId) !== probe || probe.producers.has(args.kind)) {
      producer.close();
      throw new InvalidStateError('The probe closed or changed meanwhile');
    }
    probe.producers.set(args.kind, producer);
    return { producerId: producer.id };
  }

  async finish(participantId: string): Promise<ProbeServerStats> {
    const probe = this.#probes.get(participantId);
    if (!probe) throw new NotFoundError('Probe', participantId);
    try {
      const { transport } = probe;
      const [stats] = await transport.getStats();
      const streams = (await Promise.all([...probe.producers.values()].map((p) => p.getStats().catch(() => [])))).flat();
      const rtts = streams.map((s) => s.roundTripTime).filter((r): r is number => typeof r === 'number' && r > 0);
      return {
        connected: (stats?.iceState === 'connected' || stats?.iceState === 'completed') && stats.dtlsState === 'connected',
        packetsReceived: streams.reduce((sum, s) => sum + s.packetCount, 0),
        packetsLost: streams.reduce((sum, s) => sum + Math.max(0, s.packetsLost), 0),
        recvKbps: Math.round((stats?.recvBitrate ?? 0) / 1000),
        rttMs: rtts.length > 0 ? Math.round(Math.max(...rtts)) : null,
      };
    } catch (error) {
      if (probe.transport.closed) throw new InvalidStateError('The probe closed meanwhile');
      throw error;
    } finally {
      this.close(participantId);
    }
  }

  close(participantId: string): void {
    this.#probes.get(participantId)?.transport.close(); // its 'close' drops it (#drop)
  }

  #drop(participantId: string, transport: types.WebRtcTransport): void {
    const probe = this.#probes.get(participantId);
    if (probe?.transport !== transport) return;
    clearTimeout(probe.timer);
    this.#probes.delete(participantId);
  }

  closeAll(): void {
    this.#closed = true;
    for (const participantId of [...this.#probes.keys()]) this.close(participantId);
    this.#router?.then((r) => r.close()).catch(() => undefined); // no router came of it: nothing to close
    this.#router = null;
  }
}
