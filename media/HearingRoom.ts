// One hearing's media: a router on one worker, an active-speaker observer, and per participant
// (peer) their WebRTC transports, producers and consumers. Children are dropped when they close.
import type { types } from 'mediasoup';
import type { MediaKind, MediaSource } from '../core/protocol/model.js';
import type { ConsumerParams, TransportParams } from '../core/protocol/signaling.js';
import type { MediaEvent } from '../core/hearing/ports.js';
import type { ProducerInfo } from '../core/hearing/types.js';
import { NotFoundError, ValidationError } from '../core/hearing/errors.js';
import { TypedEmitter } from '../core/lib/TypedEmitter.js';
import { MEDIA_CODECS, type MediaConfig } from './MediaConfig.js';

interface ProducerAppData extends types.AppData {
  participantId: string;
  source: MediaSource;
}

interface Peer {
  /** WebRTC transports of the participant's browser; plain ones for RTP ingest (createPlainTransport). */
  transports: Map<string, types.WebRtcTransport | types.PlainTransport>;
  producers: Map<string, types.Producer<ProducerAppData>>;
  consumers: Map<string, types.Consumer>;
}

export type HearingRoomEvents = {
  /** Something the domain should hear about (producer added/closed, active speaker…). */
  media: [event: MediaEvent];
  /** The router closed underneath us (its worker died). */
  routerClosed: [];
  '@close': [];
};

/**
 * mediasoup checks a client's DTLS and RTP parameters and capabilities itself, refusing bad ones
 * with TypeError (malformed) or UnsupportedError (a codec or extension it does not take). That is
 * the client's input, not our failure, so it is named a ValidationError here, where it happens.
 */
async function clientInput<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TypeError || (error instanceof Error && error.name === 'UnsupportedError')) {
      throw new ValidationError(error.message);
    }
    throw error;
  }
}

export class HearingRoom extends TypedEmitter<HearingRoomEvents> {
  readonly #peers = new Map<string, Peer>();
  #closed = false;

  private constructor(
    readonly hearingId: string,
    readonly worker: types.Worker,
    readonly router: types.Router,
    private readonly speakers: types.ActiveSpeakerObserver,
    private readonly config: MediaConfig,
  ) {
    super();
    router.observer.once('close', () => {
      if (!this.#closed) this.safeEmit('routerClosed');
      this.close();
    });
    speakers.on('dominantspeaker', ({ producer }) => {
      const participantId = (producer.appData as ProducerAppData).participantId ?? null;
      this.#report({ type: 'activeSpeaker', hearingId, participantId });
    });
  }

  static async create(hearingId: string, worker: types.Worker, config: MediaConfig): Promise<HearingRoom> {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { hearingId } });
    const speakers = await router.createActiveSpeakerObserver({ interval: 300 });
    return new HearingRoom(hearingId, worker, router, speakers, config);
  }

  get closed(): boolean {
    return this.#closed;
  }

  #report(event: MediaEvent): void {
    this.safeEmit('media', event);
  }

  #peer(participantId: string): Peer {
    let peer = this.#peers.get(participantId);
    if (!peer) {
      peer = { transports: new Map(), producers: new Map(), consumers: new Map() };
      this.#peers.set(participantId, peer);
    }
    return peer;
  }

  #transport(participantId: string, transportId: string): types.WebRtcTransport | types.PlainTransport {
    const transport = this.#peers.get(participantId)?.transports.get(transportId);
    if (!transport) throw new NotFoundError('Transport', transportId);
    return transport;
  }

  async createTransport(participantId: string, direction: 'send' | 'recv'): Promise<TransportParams> {
    const { listenIp, announcedAddress, minPort, maxPort } = this.config;
    const listen = (protocol: 'udp' | 'tcp'): types.TransportListenInfo => ({
      protocol,
      ip: listenIp,
      announcedAddress,
      portRange: { min: minPort, max: maxPort },
    });
    const transport = await this.router.createWebRtcTransport({
      listenInfos: [listen('udp'), listen('tcp')],
      preferUdp: true,
      initialAvailableOutgoingBitrate: this.config.initialAvailableOutgoingBitrate,
      appData: { participantId, direction },
    });
    const peer = this.#peer(participantId);
    peer.transports.set(transport.id, transport);
    transport.observer.once('close', () => peer.transports.delete(transport.id));
    // A transport whose DTLS fails or closes is useless; drop it so its producers go too.
    transport.on('dtlsstatechange', (state) => {
      if (state === 'failed' || state === 'closed') transport.close();
    });
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  async connectTransport(participantId: string, transportId: string, dtlsParameters: unknown): Promise<void> {
    const transport = this.#transport(participantId, transportId);
    if (transport.type !== 'webrtc') throw new ValidationError('Only WebRTC transports are connected by clients');
    await clientInput(() => transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters }));
  }

  /**
   * An RTP ingest for the participant (a camera or encoder sending plain RTP, and tests): a
   * loopback PlainTransport that learns its sender from the first packet. Producers made on it
   * with produce() are the participant's like any other, so they are announced and recorded.
   */
  async createPlainTransport(participantId: string): Promise<{ id: string; ip: string; port: number; rtcpPort: number }> {
    const transport = await this.router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: false,
      comedia: true,
      appData: { participantId, direction: 'send' },
    });
    const peer = this.#peer(participantId);
    peer.transports.set(transport.id, transport);
    transport.observer.once('close', () => peer.transports.delete(transport.id));
    return {
      id: transport.id,
      ip: transport.tuple.localAddress,
      port: transport.tuple.localPort,
      rtcpPort: transport.rtcpTuple!.localPort,
    };
  }

  /** Closes one of the participant's transports (an RTP ingest ending); its producers go with it. */
  closeTransport(participantId: string, transportId: string): void {
    this.#peers.get(participantId)?.transports.get(transportId)?.close();
  }

  /** RTP packets a producer has received so far (an ingest's liveness probe). */
  async producerPackets(participantId: string, producerId: string): Promise<number> {
    const stats = await this.#ownProducer(participantId, producerId).getStats();
    return stats.reduce((sum, s) => sum + s.packetCount, 0);
  }

  async produce(
    participantId: string,
    args: { transportId: string; kind: MediaKind; rtpParameters: unknown; source: MediaSource; paused: boolean },
  ): Promise<ProducerInfo> {
    const transport = this.#transport(participantId, args.transportId);
    if (args.source === 'mic' ? args.kind !== 'audio' : args.kind !== 'video') {
      throw new ValidationError(`A ${args.source} producer must carry ${args.source === 'mic' ? 'audio' : 'video'}`);
    }
    const producer = await clientInput(() =>
      transport.produce<ProducerAppData>({
        kind: args.kind,
        rtpParameters: args.rtpParameters as types.RtpParameters,
        paused: args.paused,
        appData: { participantId, source: args.source },
      }),
    );
    const peer = this.#peer(participantId);
    peer.producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      peer.producers.delete(producer.id);
      this.#report({ type: 'producerClosed', hearingId: this.hearingId, participantId, producerId: producer.id });
    });
    if (producer.kind === 'audio') {
      await this.speakers.addProducer({ producerId: producer.id }).catch(() => undefined);
    }
    const info = this.#info(producer);
    this.#report({ type: 'producerAdded', hearingId: this.hearingId, producer: info });
    return info;
  }

  #info(p: types.Producer<ProducerAppData>): ProducerInfo {
    return {
      id: p.id,
      participantId: p.appData.participantId,
      kind: p.kind,
      source: p.appData.source,
      paused: p.paused,
    };
  }

  #ownProducer(participantId: string, producerId: string): types.Producer<ProducerAppData> {
    const producer = this.#peers.get(participantId)?.producers.get(producerId);
    if (!producer) throw new NotFoundError('Producer', producerId);
    return producer;
  }

  closeProducer(participantId: string, producerId: string): void {
    this.#ownProducer(participantId, producerId).close();
  }

  async setProducerPaused(participantId: string, producerId: string, paused: boolean): Promise<void> {
    const producer = this.#ownProducer(participantId, producerId);
    if (producer.paused === paused) return;
    await (paused ? producer.pause() : producer.resume());
    this.#report({ type: 'producerPaused', hearingId: this.hearingId, participantId, producerId, paused });
  }

  async setKindPaused(participantId: string, kind: MediaKind, paused: boolean): Promise<void> {
    const producers = [...(this.#peers.get(participantId)?.producers.values() ?? [])].filter((p) => p.kind === kind);
    await Promise.all(producers.map((p) => this.setProducerPaused(participantId, p.id, paused)));
  }

  async consume(
    participantId: string,
    args: { transportId: string; producerId: string; rtpCapabilities: unknown },
  ): Promise<ConsumerParams> {
    const transport = this.#transport(participantId, args.transportId);
    const producer = this.#findProducer(args.producerId);
    const rtpCapabilities = args.rtpCapabilities as types.RtpCapabilities;
    if (producer.appData.participantId === participantId) throw new ValidationError('Cannot consume your own media');
    if (!this.router.canConsume({ producerId: producer.id, rtpCapabilities })) {
      throw new ValidationError('Your device cannot decode this media');
    }
    // canConsume() never throws (mediasoup logs and answers false); consume() may, on bad capabilities.
    // Start paused: the client resumes once its consumer exists, so no early packets are lost.
    const consumer = await clientInput(() => transport.consume({ producerId: producer.id, rtpCapabilities, paused: true }));
    const peer = this.#peer(participantId);
    peer.consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => {
      peer.consumers.delete(consumer.id);
      this.#report({ type: 'consumerClosed', hearingId: this.hearingId, participantId, consumerId: consumer.id });
    });
    return {
      id: consumer.id,
      producerId: producer.id,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      participantId: producer.appData.participantId,
    };
  }

  #findProducer(producerId: string): types.Producer<ProducerAppData> {
    for (const peer of this.#peers.values()) {
      const p = peer.producers.get(producerId);
      if (p) return p;
    }
    throw new NotFoundError('Producer', producerId);
  }

  #consumer(participantId: string, consumerId: string): types.Consumer {
    const consumer = this.#peers.get(participantId)?.consumers.get(consumerId);
    if (!consumer) throw new NotFoundError('Consumer', consumerId);
    return consumer;
  }

  async resumeConsumer(participantId: string, consumerId: string): Promise<void> {
    const consumer = this.#consumer(participantId, consumerId);
    await consumer.resume();
    if (consumer.kind === 'video') await consumer.requestKeyFrame().catch(() => undefined);
  }

  async setConsumerLayers(participantId: string, consumerId: string, spatialLayer: number): Promise<void> {
    await this.#consumer(participantId, consumerId).setPreferredLayers({ spatialLayer });
  }

  listProducers(): ProducerInfo[] {
    return [...this.#peers.values()].flatMap((peer) => [...peer.producers.values()].map((p) => this.#info(p)));
  }

  /** Close everything the participant has; closing transports closes their producers and consumers. */
  closePeer(participantId: string): void {
    const peer = this.#peers.get(participantId);
    if (!peer) return;
    this.#peers.delete(participantId);
    for (const t of [...peer.transports.values()]) t.close();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const participantId of [...this.#peers.keys()]) this.closePeer(participantId);
    if (!this.router.closed) this.router.close();
    this.safeEmit('@close');
    this.removeAllListeners();
  }
}
