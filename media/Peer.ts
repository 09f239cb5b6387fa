// One participant's media in a hearing's room (HearingRoom): their transports, producers and
// consumers, and what they may hold (MediaQuotas.ts). Each reserve…() decides before mediasoup is
// asked and holds a place while the worker answers, so that concurrent requests (a socket can send
// hundreds at once) cannot overshoot a quota; the function it returns gives the place back.
import type { types } from 'mediasoup';
import type { MediaSource } from '../core/protocol/model.js';
import { QuotaExceededError } from '../core/hearing/errors.js';
import type { MediaQuotas } from './MediaQuotas.js';

export type Direction = 'send' | 'recv';

export interface TransportAppData extends types.AppData {
  participantId: string;
  direction: Direction;
}

export interface ProducerAppData extends types.AppData {
  participantId: string;
  source: MediaSource;
}

export interface ConsumerAppData extends types.AppData {
  transportId: string;
}

export type PeerTransport = types.WebRtcTransport<TransportAppData> | types.PlainTransport<TransportAppData>;

export class Peer {
  /** WebRTC transports of the participant's browser; plain ones for RTP ingest. */
  readonly transports = new Map<string, PeerTransport>();
  readonly producers = new Map<string, types.Producer<ProducerAppData>>();
  readonly consumers = new Map<string, types.Consumer<ConsumerAppData>>();
  /** The participant's one WebRTC transport of each direction, by id. */
  readonly #webrtc: Partial<Record<Direction, string>> = {};
  /** Directions whose transport lost its link (ICE consent, DTLS) and has not connected since. */
  readonly #down = new Set<Direction>();
  readonly #pending = { send: false, recv: false, plain: 0, sources: new Set<MediaSource>(), consumers: 0, consumes: new Set<string>() };

  constructor(private readonly quotas: MediaQuotas) {}

  /**
   * One WebRTC transport per direction. Reconnecting (a reload, a rebuild after an ICE failure, a
   * WHIP encoder's new session) asks for a new one: the old one is closed first, with its
   * producers or consumers, so reconnection works and no one can hoard ports.
   */
  reserveTransport(direction: Direction): () => void {
    if (this.#pending[direction]) throw new QuotaExceededError(`A ${direction} transport is already being created for you`);
    const previous = this.#webrtc[direction];
    if (previous) this.transports.get(previous)?.close();
    this.#pending[direction] = true;
    return () => (this.#pending[direction] = false);
  }

  reservePlainTransport(): () => void {
    const limit = this.quotas.plainTransportsPerParticipant;
    const plain = [...this.transports.values()].filter((t) => t.type === 'plain').length + this.#pending.plain;
    if (plain >= limit) throw new QuotaExceededError(`A participant may have at most ${limit} RTP ingests`);
    this.#pending.plain++;
    return () => this.#pending.plain--;
  }

  /**
   * One producer per source (mic, camera, screen). The browser client (client/src/core/
   * MediaSession.ts) keeps one per source and closes it before making another; after a reconnect
   * its new send transport has already closed the old ones. A second is refused rather than made to
   * replace the first: replacing would let a participant churn producers, and with them the
   * recorder's processes, at will.
   */
  reserveProducer(source: MediaSource): () => void {
    if (this.#pending.sources.has(source) || [...this.producers.values()].some((p) => p.appData.source === source)) {
      throw new QuotaExceededError(`You already send a ${source}; close it before sending another`);
    }
    this.#pending.sources.add(source);
    return () => this.#pending.sources.delete(source);
  }

  /**
   * A participant holds a bounded number of consumers, and receives a producer once per WebRTC
   * transport (`once`). The server's own loopback transports (ingests, the forwarding bench) may
   * carry several consumers of one producer.
   */
  reserveConsumer(transportId: string, producerId: string, { once }: { once: boolean }): () => void {
    const key = `${transportId}:${producerId}`;
    const twice = [...this.consumers.values()].some((c) => c.producerId === producerId && c.appData.transportId === transportId);
    if (once && (twice || this.#pending.consumes.has(key)))
      throw new QuotaExceededError('You already receive this media on this transport');
    const limit = this.quotas.consumersPerParticipant;
    if (this.consumers.size + this.#pending.consumers >= limit) {
      throw new QuotaExceededError(`You may receive at most ${limit} media streams`);
    }
    this.#pending.consumers++;
    if (once) this.#pending.consumes.add(key);
    return () => {
      this.#pending.consumers--;
      if (once) this.#pending.consumes.delete(key);
    };
  }

  /**
   * One transport's link went up or down; answers the participant's change ('lost' when the first
   * direction goes down, 'back' when none is down any more), or null when nothing changed for them.
   */
  linkChanged(direction: Direction, up: boolean): 'lost' | 'back' | null {
    const wasDown = this.#down.size > 0;
    if (up) this.#down.delete(direction);
    else this.#down.add(direction);
    const isDown = this.#down.size > 0;
    return wasDown === isDown ? null : isDown ? 'lost' : 'back';
  }

  addTransport(transport: PeerTransport): void {
    this.transports.set(transport.id, transport);
    const direction = transport.type === 'webrtc' ? transport.appData.direction : undefined;
    if (direction) this.#webrtc[direction] = transport.id;
    const observer: types.TransportObserver = transport.observer;
    observer.once('close', () => {
      this.transports.delete(transport.id);
      if (direction && this.#webrtc[direction] === transport.id) delete this.#webrtc[direction];
    });
  }

  addProducer(producer: types.Producer<ProducerAppData>, onClose: () => void): void {
    this.producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      this.producers.delete(producer.id);
      onClose();
    });
  }

  addConsumer(consumer: types.Consumer<ConsumerAppData>, onClose: () => void): void {
    this.consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => {
      this.consumers.delete(consumer.id);
      onClose();
    });
  }

  /** Closing the transports closes their producers and consumers. */
  close(): void {
    for (const t of [...this.transports.values()]) t.close();
  }
}
