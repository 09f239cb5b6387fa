// Every few seconds, one reading of each participant's link in a hearing's room, from mediasoup's
// own statistics: round trip and loss from the RTCP the participant's browser and the SFU exchange,
// the SFU's bandwidth estimate toward them, and the simulcast layers their camera sends and they
// receive. One sampler per room, closed with it. A reading starts only when the previous one has
// ended (never two at once on a slow worker), and asks the worker a bounded number of questions per
// participant: their receive transport, their producers (at most one per source) and MAX_CONSUMERS
// consumers. What the figures mean is the domain's business (core/hearing/LinkQuality.ts).
import type { types } from 'mediasoup';
import type { LinkSample, MediaEvent } from '../core/hearing/ports.js';
import type { LinkFigures } from '../core/protocol/linkQuality.js';
import type { Peer } from './Peer.js';

/** How often the room is sampled: often enough that the bench sees a change within seconds, cheap enough to forget. */
export const LINK_SAMPLE_MS = 5000;
/** Consumers asked per participant: RTT and downlink loss are the same path for all of them, a few tell it. */
const MAX_CONSUMERS = 4;

/** What the sampler reads of a room (HearingRoom). */
export interface LinkSource {
  readonly hearingId: string;
  readonly closed: boolean;
  readonly peers: ReadonlyMap<string, Peer>;
}

export class LinkSampler {
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  /** How long the last reading took, ms: for the bench and tests' logs; nothing depends on it. */
  lastDurationMs = 0;

  constructor(
    private readonly room: LinkSource,
    private readonly report: (event: MediaEvent) => void,
    private readonly intervalMs = LINK_SAMPLE_MS,
  ) {
    this.#schedule();
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      if (this.room.closed) return this.close();
      this.sample()
        .then((samples) => {
          if (!this.#closed && !this.room.closed && samples.length > 0) {
            this.report({ type: 'linkStats', hearingId: this.room.hearingId, samples });
          }
        })
        .catch((error: unknown) => console.error(`[media] link sample of hearing ${this.room.hearingId} failed:`, error))
        .finally(() => this.#schedule());
    }, this.intervalMs);
    // A sampler never keeps the process alive on its own.
    this.#timer.unref();
  }

  /** One reading of every participant in the room now. */
  async sample(): Promise<LinkSample[]> {
    const started = performance.now();
    const peers = [...this.room.peers];
    const samples = await Promise.all(peers.map(async ([participantId, peer]) => ({ participantId, figures: await readPeer(peer) })));
    this.lastDurationMs = performance.now() - started;
    return samples;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }
}

/** A stats call on something that may close meanwhile (the participant left): nothing, then. */
async function quietly<T>(read: () => Promise<T[]>): Promise<T[]> {
  try {
    return await read();
  } catch {
    return [];
  }
}

type Stat = { type: string; fractionLost: number; roundTripTime?: number; bitrate: number; rid?: string; ssrc: number };

/** fractionLost is RTCP's: lost packets over the last report interval, in 256ths. */
const lossPct = (s: Stat): number => (s.fractionLost / 256) * 100;

export async function readPeer(peer: Peer): Promise<LinkFigures> {
  const producers = [...peer.producers.values()].filter((p) => !p.closed && !p.paused);
  const consumers = [...peer.consumers.values()].filter((c) => !c.closed && !c.paused && !c.producerPaused);
  // The transport the SFU sends them media on: its bandwidth estimate means something only while video flows on it.
  const recv = [...peer.transports.values()].find((t) => t.type === 'webrtc' && t.appData.direction === 'recv' && !t.closed);
  const video = consumers.filter((c) => c.kind === 'video');
  const [recvStats, producerStats, consumerStats] = await Promise.all([
    recv && video.length > 0 ? quietly(() => (recv as types.WebRtcTransport).getStats()) : Promise.resolve([]),
    Promise.all(producers.map(async (p) => ({ producer: p, stats: (await quietly(() => p.getStats())) as Stat[] }))),
    // Video first: its receiver reports come often, so its RTT and loss are fresh.
    Promise.all([...video, ...consumers.filter((c) => c.kind === 'audio')].slice(0, MAX_CONSUMERS).map((c) => quietly(() => c.getStats()))),
  ]);
  const up = producerStats.flatMap((p) => p.stats);
  // A consumer's stats hold its own (outbound-rtp) and its producer's: only its own speak of this participant.
  const down = (consumerStats.flat() as Stat[]).filter((s) => s.type === 'outbound-rtp');
  const rtts = [...down, ...up].map((s) => s.roundTripTime).filter((r): r is number => typeof r === 'number' && r > 0);
  const losses = [...up, ...down].map(lossPct);
  const available = recvStats[0]?.availableOutgoingBitrate;
  const camera = producerStats.find((p) => p.producer.appData.source === 'camera');
  const layers = video.map((c) => c.currentLayers?.spatialLayer).filter((l): l is number => typeof l === 'number');
  return {
    rttMs: median(rtts),
    lossPct: losses.length > 0 ? round1(Math.max(...losses)) : null,
    downKbps: typeof available === 'number' ? Math.round(available / 1000) : null,
    upKbps: null,
    sendLayer: camera ? highestLayer(camera.producer, camera.stats) : null,
    sendLayers: camera ? camera.producer.rtpParameters.encodings?.length || 1 : null,
    recvLayer: layers.length > 0 ? Math.min(...layers) : null,
  };
}

/** The highest of the camera's encodings (smallest first, as the browser sends them) that carries media now. */
function highestLayer(producer: types.Producer, stats: Stat[]): number | null {
  const encodings = producer.rtpParameters.encodings ?? [];
  let highest: number | null = null;
  encodings.forEach((e, i) => {
    const s = stats.find((x) => (e.rid ? x.rid === e.rid : x.ssrc === e.ssrc));
    if (s && s.bitrate > 0) highest = i;
  });
  return highest;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]!);
}

const round1 = (x: number) => Math.round(x * 10) / 10;
