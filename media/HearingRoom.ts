// One hearing's media: a router on one worker, an active-speaker observer, and per participant
// (peer) their WebRTC transports, producers and consumers. Children are dropped when they close.
// What a participant may hold is decided here, before mediasoup is asked (MediaQuotas.ts): one
// send and one receive transport, one producer per source, a bounded number of consumers.
// Its parts have files of their own: the rooms of the hearing (RoomMembership), the edge routers of
// a large one (RouterTree), who is sent which video (LastN), the alarm on exhausted ports (PortAlarm).
import type { types } from 'mediasoup';
import type { MediaKind, MediaSource, RoomId } from '../core/protocol/model.js';
import type { ConsumerParams, TransportParams } from '../core/protocol/signaling.js';
import type { MediaEvent, RoomPlacement } from '../core/hearing/ports.js';
import type { ProducerInfo } from '../core/hearing/types.js';
import { InvalidStateError, NotFoundError, ValidationError } from '../core/hearing/errors.js';
import { TypedEmitter } from '../core/lib/TypedEmitter.js';
import { MEDIA_CODECS, type MediaConfig } from './MediaConfig.js';
import { DEFAULT_MEDIA_QUOTAS, type MediaQuotas } from './MediaQuotas.js';
import { whileOpen } from './mediasoupErrors.js';
import { PortAlarm } from './PortAlarm.js';
import { RoomMembership } from './RoomMembership.js';
import { LastN } from './LastN.js';
import { RouterTree, type CascadeOptions, type ReceiverSlot } from './RouterTree.js';
import { cascadeSettings } from './placement.js';
import { Peer, type ConsumerAppData, type Direction, type ProducerAppData, type TransportAppData } from './Peer.js';

/**
 * Seconds without ICE consent (the browser's STUN checks, every ~5 s) before mediasoup drops a
 * transport's ICE: mediasoup's default. At its floor of 10 s a loaded machine that delays one check
 * loses media for seconds (seen in the recording test under load). A media-only outage still reaches
 * the bench sooner, through the client's ICE restart (#followLink on restartIce).
 */
const ICE_CONSENT_TIMEOUT_S = 30;

export type HearingRoomEvents = {
  /** Something the domain should hear about (producer added/closed, active speaker…). */
  media: [event: MediaEvent];
  /** The router closed underneath us (its worker died). */
  routerClosed: [];
  /** An edge router (RouterTree) closed under these receivers (its worker died); the origin runs on. */
  edgeLost: [workerPid: number, participantIds: string[]];
  '@close': [];
};

export class HearingRoom extends TypedEmitter<HearingRoomEvents> {
  readonly #peers = new Map<string, Peer>();
  /** Each participant's room of the hearing: a consumer never crosses rooms (consume, place). */
  readonly #rooms = new RoomMembership();
  /** Transports made while the worker has no free port: named, alerted, refused as unavailable. */
  readonly #ports: PortAlarm;
  /** WebRTC transports connect() was called on (mediasoup refuses a second call as an internal error). */
  readonly #connected = new WeakSet<types.Transport>();
  readonly #quotas: MediaQuotas;
  /** Which videos each receiver is sent in a large hearing (LastN.ts; off unless configured). */
  readonly #lastN: LastN;
  #closed = false;
  /** The origin (`router`) and the receive-only edge routers of a large hearing. */
  readonly tree: RouterTree;

  private constructor(
    readonly hearingId: string,
    readonly worker: types.Worker,
    readonly router: types.Router,
    private readonly speakers: types.ActiveSpeakerObserver,
    private readonly config: MediaConfig,
    private readonly cascade: CascadeOptions = {},
  ) {
    super();
    this.tree = new RouterTree(hearingId, { router, worker }, cascade.workers, cascadeSettings(config));
    this.tree.on('edgeLost', (edgeWorker, participantIds) => this.safeEmit('edgeLost', edgeWorker.pid, participantIds));
    this.#quotas = { ...DEFAULT_MEDIA_QUOTAS, ...config.quotas };
    this.#ports = new PortAlarm(hearingId, config, (event) => this.#report(event));
    this.#lastN = new LastN({ lastN: config.lastN, thumbnails: config.thumbnails }, (participantId, consumerId, held) =>
      this.#report({ type: 'consumerHeld', hearingId, participantId, consumerId, held }),
    );
    router.observer.once('close', () => {
      if (!this.#closed) this.safeEmit('routerClosed');
      this.close();
    });
    speakers.on('dominantspeaker', ({ producer }) => {
      const participantId = (producer.appData as ProducerAppData).participantId ?? null;
      if (participantId) this.#lastN.speaker(participantId);
      this.#report({ type: 'activeSpeaker', hearingId, participantId });
    });
  }

  static async create(hearingId: string, worker: types.Worker, config: MediaConfig, cascade?: CascadeOptions): Promise<HearingRoom> {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { hearingId } });
    const speakers = await router.createActiveSpeakerObserver({ interval: 300 });
    return new HearingRoom(hearingId, worker, router, speakers, config, cascade);
  }

  /**
   * Where a new receiving transport goes (RouterTree): an edge for a receive-only participant
   * once the origin is full. A plain transport receives only for them; anyone else's is an ingest.
   */
  async #placeReceiver(participantId: string, peer: Peer, plain: boolean): Promise<ReceiverSlot | undefined> {
    const receiveOnly = peer.producers.size === 0 && ((await this.cascade.receiveOnly?.(participantId)) ?? false);
    return plain && !receiveOnly ? undefined : this.tree.placeReceiver(receiveOnly);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Each participant's media, read by the room's link sampler (LinkSampler.ts). */
  get peers(): ReadonlyMap<string, Peer> {
    return this.#peers;
  }

  #report(event: MediaEvent): void {
    this.safeEmit('media', event);
  }

  #peer(participantId: string): Peer {
    let peer = this.#peers.get(participantId);
    if (!peer) {
      peer = new Peer(this.#quotas);
      this.#peers.set(participantId, peer);
    }
    return peer;
  }

  /** After an await: false when the peer was closed meanwhile (left, removed, disconnected) or the room closed. */
  #stillHere(participantId: string, peer: Peer): boolean {
    return !this.#closed && this.#peers.get(participantId) === peer;
  }

  #transport(participantId: string, transportId: string) {
    const peer = this.#peers.get(participantId);
    const transport = peer?.transports.get(transportId);
    if (!peer || !transport) throw new NotFoundError('Transport', transportId);
    return { peer, transport };
  }

  async createTransport(participantId: string, direction: Direction): Promise<TransportParams> {
    const peer = this.#peer(participantId);
    // One per direction: a new one closes the old one first (reconnection needs that; Peer.ts).
    const release = peer.reserveTransport(direction);
    const { listenIp, announcedAddress, minPort, maxPort } = this.config;
    const listen = (protocol: 'udp' | 'tcp'): types.TransportListenInfo => ({
      protocol,
      ip: listenIp,
      announcedAddress,
      portRange: { min: minPort, max: maxPort },
    });
    let transport: types.WebRtcTransport<TransportAppData>;
    let slot: ReceiverSlot | undefined;
    try {
      if (direction === 'recv') slot = await this.#placeReceiver(participantId, peer, false);
      const router = slot?.router ?? this.router;
      transport = await this.#ports.allocate(participantId, () =>
        router.createWebRtcTransport<TransportAppData>({
          listenInfos: [listen('udp'), listen('tcp')],
          preferUdp: true,
          initialAvailableOutgoingBitrate: this.config.initialAvailableOutgoingBitrate,
          iceConsentTimeout: ICE_CONSENT_TIMEOUT_S,
          appData: { participantId, direction },
        }),
      );
      slot?.settle({ transport, participantId });
    } finally {
      slot?.settle();
      release();
    }
    if (!this.#stillHere(participantId, peer)) {
      transport.close();
      throw new InvalidStateError('Your media was closed while the transport was being created');
    }
    peer.addTransport(transport);
    transport.on('icestatechange', () => this.#followLink(participantId, peer, transport));
    // After an ICE restart the state may never have left 'completed' (the client's restarts keep
    // consent fresh): the browser's new candidates, selected, are the sign that it is back.
    transport.on('iceselectedtuplechange', () => this.#followLink(participantId, peer, transport));
    // A transport whose DTLS fails or closes is useless; drop it so its producers go too.
    transport.on('dtlsstatechange', (state) => {
      this.#followLink(participantId, peer, transport);
      if (state === 'failed' || state === 'closed') transport.close();
    });
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  /** Whether the participant's media flows, from their transport's ICE and DTLS state; the bench hears of changes. */
  #followLink(participantId: string, peer: Peer, transport: types.WebRtcTransport<TransportAppData>, lost = false): void {
    if (transport.closed || !this.#stillHere(participantId, peer)) return;
    const up = (transport.iceState === 'connected' || transport.iceState === 'completed') && transport.dtlsState === 'connected';
    const down = lost || transport.iceState === 'disconnected' || transport.dtlsState === 'failed';
    if (!up && !down) return; // still connecting: neither lost nor back yet
    const change = peer.linkChanged(transport.appData.direction, !down);
    if (change) this.#report({ type: 'mediaLink', hearingId: this.hearingId, participantId, state: change });
  }

  /** New ICE credentials for one of the participant's own WebRTC transports; its producers and consumers stay. */
  async restartIce(participantId: string, transportId: string): Promise<{ iceParameters: unknown }> {
    const { peer, transport } = this.#transport(participantId, transportId);
    if (transport.type !== 'webrtc') throw new ValidationError('Only WebRTC transports restart ICE');
    const iceParameters = await whileOpen(transport, 'transport', () => transport.restartIce());
    // A client restarts ICE only once it has lost the connection: lost, until its new candidates are selected.
    this.#followLink(participantId, peer, transport, true);
    return { iceParameters };
  }

  async connectTransport(participantId: string, transportId: string, dtlsParameters: unknown): Promise<void> {
    const { transport } = this.#transport(participantId, transportId);
    if (transport.type !== 'webrtc') throw new ValidationError('Only WebRTC transports are connected by clients');
    if (this.#connected.has(transport)) throw new InvalidStateError('This transport is already connected');
    this.#connected.add(transport);
    try {
      await whileOpen(transport, 'transport', () => transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters }));
    } catch (error) {
      // Refused parameters leave the transport unconnected: the client may try again.
      if (error instanceof ValidationError) this.#connected.delete(transport);
      throw error;
    }
  }

  /**
   * An RTP ingest for the participant (a camera or encoder sending plain RTP, and tests): a
   * loopback PlainTransport that learns its sender from the first packet. Producers made on it
   * with produce() are the participant's like any other, so they are announced and recorded.
   * `ip`: where it listens; loopback unless its sender is on another host (a test's namespace).
   */
  async createPlainTransport(participantId: string, ip = '127.0.0.1'): Promise<{ id: string; ip: string; port: number; rtcpPort: number }> {
    const peer = this.#peer(participantId);
    const release = peer.reservePlainTransport();
    let transport: types.PlainTransport<TransportAppData>;
    let slot: ReceiverSlot | undefined;
    try {
      slot = await this.#placeReceiver(participantId, peer, true);
      const router = slot?.router ?? this.router;
      transport = await this.#ports.allocate(participantId, () =>
        router.createPlainTransport<TransportAppData>({
          listenInfo: { protocol: 'udp', ip },
          rtcpMux: false,
          comedia: true,
          appData: { participantId, direction: 'send' },
        }),
      );
      slot?.settle({ transport, participantId });
    } finally {
      slot?.settle();
      release();
    }
    if (!this.#stillHere(participantId, peer)) {
      transport.close();
      throw new InvalidStateError('Your media was closed while the transport was being created');
    }
    peer.addTransport(transport);
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
    const { peer, transport } = this.#transport(participantId, args.transportId);
    if (args.source === 'mic' ? args.kind !== 'audio' : args.kind !== 'video') {
      throw new ValidationError(`A ${args.source} producer must carry ${args.source === 'mic' ? 'audio' : 'video'}`);
    }
    if (transport.type === 'webrtc' && transport.appData.direction !== 'send') {
      throw new ValidationError('Media is sent on a send transport, not a receive one');
    }
    if (this.tree.edgeOf(transport.id)) throw new ValidationError('Media is sent to the origin router, not a receive-only edge');
    // One per source: a second is refused, not a replacement (why: Peer.reserveProducer).
    const release = peer.reserveProducer(args.source);
    let producer: types.Producer<ProducerAppData>;
    try {
      producer = await whileOpen(transport, 'transport', () =>
        transport.produce<ProducerAppData>({
          kind: args.kind,
          rtpParameters: args.rtpParameters as types.RtpParameters,
          paused: args.paused,
          appData: { participantId, source: args.source },
        }),
      );
    } finally {
      release();
    }
    if (producer.closed || !this.#stillHere(participantId, peer)) {
      producer.close();
      throw new InvalidStateError('Your transport closed while the producer was being created');
    }
    peer.addProducer(producer, () =>
      this.#report({ type: 'producerClosed', hearingId: this.hearingId, participantId, producerId: producer.id }),
    );
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
    await whileOpen(producer, 'producer', () => (paused ? producer.pause() : producer.resume()));
    this.#report({ type: 'producerPaused', hearingId: this.hearingId, participantId, producerId, paused });
  }

  async setKindPaused(participantId: string, kind: MediaKind, paused: boolean): Promise<void> {
    const producers = [...(this.#peers.get(participantId)?.producers.values() ?? [])].filter((p) => p.kind === kind);
    await Promise.all(producers.map((p) => this.setProducerPaused(participantId, p.id, paused)));
  }

  /** The participant's room (absent: the courtroom). */
  roomOf(participantId: string): RoomId {
    return this.#rooms.roomOf(participantId);
  }

  /**
   * The domain placed participants in rooms, several at once (a consultation's members, the panel):
   * all are placed first, then every consumer that now crosses rooms (or is in the witness room)
   * closes (its owner is told, consumerClosed), so people who move together keep each other's media.
   */
  place(placements: readonly RoomPlacement[]): void {
    const moved = this.#rooms.place(placements);
    if (moved.size === 0) return;
    const ownerOf = new Map<string, string>();
    for (const [id, peer] of this.#peers) for (const p of peer.producers.keys()) ownerOf.set(p, id);
    for (const [id, peer] of this.#peers) {
      for (const consumer of [...peer.consumers.values()]) {
        const from = ownerOf.get(consumer.producerId);
        if (from === undefined || (!moved.has(id) && !moved.has(from))) continue;
        if (!this.#rooms.shareMedia(id, from)) consumer.close();
      }
    }
    for (const [participantId, room] of moved) this.#report({ type: 'peerMoved', hearingId: this.hearingId, participantId, room });
  }

  async consume(
    participantId: string,
    args: { transportId: string; producerId: string; rtpCapabilities: unknown },
  ): Promise<ConsumerParams> {
    const { peer, transport } = this.#transport(participantId, args.transportId);
    const producer = this.#findProducer(args.producerId);
    const rtpCapabilities = args.rtpCapabilities as types.RtpCapabilities;
    if (producer.appData.participantId === participantId) throw new ValidationError('Cannot consume your own media');
    this.#rooms.ensureShared(participantId, producer.appData.participantId);
    if (transport.type === 'webrtc' && transport.appData.direction !== 'recv') {
      throw new ValidationError('Media is received on a receive transport, not a send one');
    }
    if (!this.router.canConsume({ producerId: producer.id, rtpCapabilities })) {
      throw new ValidationError('Your device cannot decode this media');
    }
    // canConsume() never throws (mediasoup logs and answers false); consume() may, on bad capabilities.
    // Start paused: the client resumes once its consumer exists, so no early packets are lost.
    const release = peer.reserveConsumer(transport.id, producer.id, { once: transport.type === 'webrtc' });
    let consumer: types.Consumer<ConsumerAppData>;
    try {
      // On an edge, the producer is piped in first: once per (producer, edge), RouterTree.reach.
      await this.tree.reach(transport.id, producer);
      consumer = await whileOpen(transport, 'transport', () =>
        transport.consume<ConsumerAppData>({
          producerId: producer.id,
          rtpCapabilities,
          paused: true,
          appData: { transportId: transport.id },
        }),
      );
    } finally {
      release();
    }
    if (consumer.closed || !this.#stillHere(participantId, peer)) {
      consumer.close();
      throw new InvalidStateError('Your transport or this media closed while the consumer was being created');
    }
    // Someone was moved while the worker answered: the consumer must not outlive the move.
    try {
      this.#rooms.ensureShared(participantId, producer.appData.participantId);
    } catch (error) {
      consumer.close();
      throw error;
    }
    peer.addConsumer(consumer, () =>
      this.#report({ type: 'consumerClosed', hearingId: this.hearingId, participantId, consumerId: consumer.id }),
    );
    this.#lastN.add(participantId, consumer, producer.appData);
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

  #consumer(participantId: string, consumerId: string): types.Consumer<ConsumerAppData> {
    const consumer = this.#peers.get(participantId)?.consumers.get(consumerId);
    if (!consumer) throw new NotFoundError('Consumer', consumerId);
    return consumer;
  }

  async resumeConsumer(participantId: string, consumerId: string): Promise<void> {
    const consumer = this.#consumer(participantId, consumerId);
    // Held by last-N: resumed once it is forwarded (the client is told it is held).
    if (!this.#lastN.clientResume(participantId, consumer)) return;
    await whileOpen(consumer, 'consumer', () => consumer.resume());
    if (consumer.kind === 'video') await consumer.requestKeyFrame().catch(() => undefined);
  }

  async setConsumerLayers(participantId: string, consumerId: string, spatialLayer: number): Promise<void> {
    const consumer = this.#consumer(participantId, consumerId);
    const layer = this.#lastN.clientLayer(participantId, consumer, spatialLayer);
    await whileOpen(consumer, 'consumer', () => consumer.setPreferredLayers({ spatialLayer: layer }));
  }

  /** The participant's videos reach everyone at the high layer in a large hearing (the presiding judge). */
  setPinned(participantId: string, pinned: boolean): void {
    this.#lastN.pin(participantId, pinned);
  }

  /** What a receiver is sent of each video it consumes under last-N (empty when it is off). */
  forwardingOf(participantId: string): ReturnType<LastN['forwardingOf']> {
    return this.#lastN.forwardingOf(participantId);
  }

  listProducers(): ProducerInfo[] {
    return [...this.#peers.values()].flatMap((peer) => [...peer.producers.values()].map((p) => this.#info(p)));
  }

  /** Close everything the participant has; closing transports closes their producers and consumers. */
  closePeer(participantId: string): void {
    const peer = this.#peers.get(participantId);
    if (!peer) return;
    this.#peers.delete(participantId);
    peer.close();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const participantId of [...this.#peers.keys()]) this.closePeer(participantId);
    this.tree.close();
    if (!this.router.closed) this.router.close();
    this.safeEmit('@close');
    this.removeAllListeners();
  }
}
