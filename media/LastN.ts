// Last-N for large hearings (one per HearingRoom): each receiver is sent the pinned videos (the
// presiding judge's camera, every screen share) and its last N active speakers at the high layer,
// up to T more as thumbnails at the lowest spatial layer, and the rest is paused at the server,
// resumed once its sender speaks again. Video only: audio is never held back (a court must hear
// everyone who speaks, and a muted producer's consumers carry nothing anyway). N = 0, the
// default, turns it off: every consumer is forwarded as its client asks, as in a small hearing.
//
// The client and last-N are two separate reasons: a consumer flows only while its client wants
// it (it resumes each consumer once it holds it) and last-N forwards it. Likewise a thumbnail
// stays at the lowest layer whatever the client prefers, and gets the client's layer back later.
import type { types } from 'mediasoup';
import type { MediaSource } from '../core/protocol/model.js';

export type Forwarding = 'high' | 'thumbnail' | 'paused';

export interface LastNConfig {
  /** Active speakers each receiver gets at the high layer, besides the pinned; 0: last-N is off. */
  lastN: number;
  /** Further videos each receiver gets at the lowest spatial layer. */
  thumbnails: number;
}

/** One video a receiver consumes. */
export interface VideoCandidate {
  consumerId: string;
  /** Whose video it is. */
  participantId: string;
  source: MediaSource;
  /** The sender paused it (camera off): it shows nothing, so it takes a slot only after every live one. */
  producerPaused: boolean;
}

/** Most speakers remembered: enough to rank every participant of the largest hearing. */
const SPEAKER_HISTORY = 256;
/** Asking for a spatial layer above the top one gets the top one (the worker caps it). */
const TOP_LAYER = 255;

/**
 * What one receiver is sent of each of its videos. Pinned senders and screen shares are 'high'
 * outside the count; the others are ranked: live before paused, then by how recently their
 * sender was the dominant speaker (`speakers`, most recent first), then in the order given (the
 * order the consumers were made), so that there are always min(N, videos) at the high layer.
 */
export function selectForwarding(
  videos: readonly VideoCandidate[],
  speakers: readonly string[],
  pinned: ReadonlySet<string>,
  { lastN, thumbnails }: LastNConfig,
): Map<string, Forwarding> {
  const chosen = new Map<string, Forwarding>();
  const ranks = new Map(speakers.map((participantId, i) => [participantId, i]));
  const rank = (participantId: string) => ranks.get(participantId) ?? speakers.length;
  const ranked = videos
    .filter((v) => {
      const always = v.source === 'screen' || pinned.has(v.participantId);
      if (always) chosen.set(v.consumerId, 'high');
      return !always;
    })
    .map((v, order) => ({ v, order, key: [v.producerPaused ? 1 : 0, rank(v.participantId)] as const }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.order - b.order);
  ranked.forEach(({ v }, i) => chosen.set(v.consumerId, i < lastN ? 'high' : i < lastN + thumbnails ? 'thumbnail' : 'paused'));
  return chosen;
}

/** A video consumer last-N governs, with both reasons and what was last asked of the worker. */
interface Governed {
  consumer: types.Consumer;
  sender: string;
  source: MediaSource;
  /** The client resumed it. */
  wanted: boolean;
  /** The spatial layer the client prefers; null: the top one. */
  clientLayer: number | null;
  forwarding: Forwarding;
  asked: { paused: boolean; layer: number };
}

/** Told when a consumer its client wants is paused by last-N to save bandwidth, or forwarded again. */
export type HeldListener = (receiverId: string, consumerId: string, held: boolean) => void;

export class LastN {
  /** Dominant speakers, most recent first. */
  readonly #speakers: string[] = [];
  readonly #pinned = new Set<string>();
  /** Receiver → their video consumers, in the order made. */
  readonly #receivers = new Map<string, Map<string, Governed>>();
  readonly #config: LastNConfig;

  constructor(
    config: Partial<LastNConfig>,
    private readonly onHeld: HeldListener,
  ) {
    this.#config = { lastN: Math.max(0, config.lastN ?? 0), thumbnails: Math.max(0, config.thumbnails ?? 0) };
  }

  get enabled(): boolean {
    return this.#config.lastN > 0;
  }

  /** The speakers' ranking, most recent first (for tests and metrics). */
  get speakers(): readonly string[] {
    return this.#speakers;
  }

  /** What a receiver is sent of each video it consumes, by consumer id; empty when off. */
  forwardingOf(receiverId: string): Map<string, Forwarding> {
    return new Map([...(this.#receivers.get(receiverId)?.values() ?? [])].map((g) => [g.consumer.id, g.forwarding]));
  }

  /** A consumer was made (paused, as HearingRoom makes them) for `receiverId` of `sender`'s media. */
  add(receiverId: string, consumer: types.Consumer, sender: { participantId: string; source: MediaSource }): void {
    if (!this.enabled || consumer.kind !== 'video' || consumer.closed) return;
    let videos = this.#receivers.get(receiverId);
    if (!videos) this.#receivers.set(receiverId, (videos = new Map()));
    videos.set(consumer.id, {
      consumer,
      sender: sender.participantId,
      source: sender.source,
      wanted: false,
      clientLayer: null,
      forwarding: 'paused',
      asked: { paused: true, layer: TOP_LAYER },
    });
    consumer.observer.once('close', () => {
      videos.delete(consumer.id);
      if (videos.size === 0 && this.#receivers.get(receiverId) === videos) this.#receivers.delete(receiverId);
      else this.#refresh(receiverId);
    });
    // A camera turned off frees its slot; turned on, it competes again.
    consumer.on('producerpause', () => this.#refresh(receiverId));
    consumer.on('producerresume', () => this.#refresh(receiverId));
    this.#refresh(receiverId);
  }

  /**
   * The client resumes its consumer. True: resume it now. False: last-N holds it (the client is
   * told so), and it is resumed as soon as it is forwarded.
   */
  clientResume(receiverId: string, consumer: types.Consumer): boolean {
    const governed = this.#receivers.get(receiverId)?.get(consumer.id);
    if (!governed) return true;
    governed.wanted = true;
    if (governed.forwarding === 'paused') {
      this.onHeld(receiverId, consumer.id, true);
      return false;
    }
    governed.asked.paused = false;
    return true;
  }

  /** The client prefers `spatialLayer`: the layer to ask of the worker (a thumbnail stays at the lowest). */
  clientLayer(receiverId: string, consumer: types.Consumer, spatialLayer: number): number {
    const governed = this.#receivers.get(receiverId)?.get(consumer.id);
    if (!governed) return spatialLayer;
    governed.clientLayer = spatialLayer;
    governed.asked.layer = this.#layer(governed);
    return governed.asked.layer;
  }

  /** The active-speaker observer named a new dominant speaker. */
  speaker(participantId: string): void {
    const i = this.#speakers.indexOf(participantId);
    if (i === 0) return;
    if (i > 0) this.#speakers.splice(i, 1);
    this.#speakers.unshift(participantId);
    this.#speakers.length = Math.min(this.#speakers.length, SPEAKER_HISTORY);
    this.#refreshAll();
  }

  /** Pinned participants' videos reach every receiver at the high layer (the presiding judge). */
  pin(participantId: string, pinned: boolean): void {
    if (this.#pinned.has(participantId) === pinned) return;
    if (pinned) this.#pinned.add(participantId);
    else this.#pinned.delete(participantId);
    this.#refreshAll();
  }

  #refreshAll(): void {
    for (const receiverId of this.#receivers.keys()) this.#refresh(receiverId);
  }

  #refresh(receiverId: string): void {
    const videos = this.#receivers.get(receiverId);
    if (!videos) return;
    const candidates = [...videos.values()].map((g) => ({
      consumerId: g.consumer.id,
      participantId: g.sender,
      source: g.source,
      producerPaused: g.consumer.producerPaused,
    }));
    const chosen = selectForwarding(candidates, this.#speakers, this.#pinned, this.#config);
    for (const governed of videos.values()) {
      const forwarding = chosen.get(governed.consumer.id) ?? 'paused';
      const wasHeld = governed.forwarding === 'paused';
      governed.forwarding = forwarding;
      if (governed.wanted && wasHeld !== (forwarding === 'paused')) this.onHeld(receiverId, governed.consumer.id, !wasHeld);
      this.#apply(governed);
    }
  }

  #layer(governed: Governed): number {
    return governed.forwarding === 'thumbnail' ? 0 : (governed.clientLayer ?? TOP_LAYER);
  }

  /**
   * Asks the worker for what changed, recorded before the answer so that a quick second refresh
   * does not ask twice; the worker takes requests in order, so the last one asked wins. The layer
   * goes first, so a thumbnail resumes at the lowest layer. A consumer closing meanwhile is no error.
   */
  #apply(governed: Governed): void {
    const { consumer, asked } = governed;
    if (consumer.closed) return;
    const layer = this.#layer(governed);
    if (consumer.type !== 'simple' && layer !== asked.layer) {
      asked.layer = layer;
      consumer.setPreferredLayers({ spatialLayer: layer }).catch(() => undefined);
    }
    const paused = !governed.wanted || governed.forwarding === 'paused';
    if (paused === asked.paused) return;
    asked.paused = paused;
    if (paused) consumer.pause().catch(() => undefined);
    // A resumed video needs a key frame before it can be shown.
    else
      consumer
        .resume()
        .then(() => consumer.requestKeyFrame())
        .catch(() => undefined);
  }
}
