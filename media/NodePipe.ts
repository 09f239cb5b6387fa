// One side of a PipeTransport pair between this node's router for a hearing and a router of the
// same hearing on another node (server/cluster/PipeBroker.ts sets the pair up through Redis).
// Unlike pipeToRouter inside one process, the two sides cannot see each other's objects: each
// side makes its transport, the two exchange ip/port/SRTP keys, each connects to the other. On
// the origin a producer is sent across as a pipe consumer; on the edge it arrives as a producer
// with the same id, so consumers there name it as the origin does. SRTP is always on: the pipe
// crosses the court's network. Close discipline as in HearingRoom: close() is idempotent, a pipe
// consumer or producer is dropped when it closes, everything closes with the transport.
import type { types } from 'mediasoup';
import { TypedEmitter } from '../core/lib/TypedEmitter.js';

/** What the other side needs to connect to this one. */
export interface PipeEndpoint {
  ip: string;
  port: number;
  srtpParameters: types.SrtpParameters;
}

/** A producer as it crosses the pipe: what the edge's produce() needs. */
export interface PipedProducer {
  id: string;
  kind: types.MediaKind;
  rtpParameters: types.RtpParameters;
  paused: boolean;
  appData: types.AppData;
}

export interface NodePipeOptions {
  /** Address to bind; with announcedAddress, what the other node connects to. */
  listenIp: string;
  announcedAddress?: string;
  portRange?: { min: number; max: number };
  /** Who this pipe leads to (logs, the broker's maps). */
  hearingId: string;
  remoteNodeId: string;
}

export type NodePipeEvents = {
  /** A pipe consumer on the origin saw its producer pause or resume: the edge's copy should follow. */
  producerPaused: [producerId: string, paused: boolean];
  /** A piped producer is gone on this side (closed on the origin, or its edge copy closed). */
  producerClosed: [producerId: string];
  '@close': [];
};

export class NodePipe extends TypedEmitter<NodePipeEvents> {
  /** Origin side: the pipe consumers, by the id of the producer they carry. */
  readonly #sent = new Map<string, types.Consumer>();
  /** Edge side: the producers that arrived, by their (the origin's) id. */
  readonly #received = new Map<string, types.Producer>();
  #connected = false;
  #closed = false;

  private constructor(
    readonly transport: types.PipeTransport,
    readonly options: NodePipeOptions,
  ) {
    super();
    // The router closed (the room closed, its worker died): the pipe goes with it.
    transport.observer.once('close', () => this.close());
  }

  /** A pipe transport on `router`, SRTP on, RTX on (retransmissions across a real network). */
  static async open(router: types.Router, options: NodePipeOptions): Promise<NodePipe> {
    const transport = await router.createPipeTransport({
      listenInfo: { protocol: 'udp', ip: options.listenIp, announcedAddress: options.announcedAddress, portRange: options.portRange },
      enableSrtp: true,
      enableRtx: true,
      appData: { hearingId: options.hearingId, remoteNodeId: options.remoteNodeId },
    });
    return new NodePipe(transport, options);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** This side's address and SRTP keys, for the other side's connect(). */
  get local(): PipeEndpoint {
    const { localAddress, localPort } = this.transport.tuple;
    const srtpParameters = this.transport.srtpParameters;
    if (!srtpParameters) throw new Error('a node pipe without SRTP'); // enableSrtp above: never
    return { ip: this.options.announcedAddress ?? localAddress, port: localPort, srtpParameters };
  }

  /** Connects to the other side once; a second call is refused (mediasoup refuses it too). */
  async connect(remote: PipeEndpoint): Promise<void> {
    if (this.#connected) throw new Error(`the pipe to node ${this.options.remoteNodeId} is already connected`);
    this.#connected = true;
    await this.transport.connect(remote);
  }

  /** The ids of the producers sent (origin) or received (edge) now. */
  get producerIds(): string[] {
    return [...this.#sent.keys(), ...this.#received.keys()];
  }

  /** Edge side: the producer that arrived for the origin's `producerId`. */
  received(producerId: string): types.Producer | undefined {
    return this.#received.get(producerId);
  }

  /**
   * Origin side: sends a producer of this router across (a pipe consumer); what it returns goes
   * to the edge's receive(). Sending one twice gives the same consumer's parameters again.
   */
  async send(producer: types.Producer): Promise<PipedProducer> {
    let consumer = this.#sent.get(producer.id);
    if (!consumer) {
      consumer = await this.transport.consume({ producerId: producer.id });
      if (this.#closed || consumer.closed) {
        consumer.close();
        throw new Error(`the pipe to node ${this.options.remoteNodeId} closed while ${producer.id} was sent`);
      }
      const c = consumer;
      this.#sent.set(producer.id, c);
      // A pipe consumer closes with its producer (or the transport): the edge's copy must go too.
      c.observer.once('close', () => {
        if (this.#sent.get(producer.id) === c) this.#sent.delete(producer.id);
        if (!this.#closed) this.safeEmit('producerClosed', producer.id);
      });
      c.on('producerpause', () => this.safeEmit('producerPaused', producer.id, true));
      c.on('producerresume', () => this.safeEmit('producerPaused', producer.id, false));
    }
    return {
      id: producer.id,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      paused: consumer.producerPaused,
      appData: producer.appData,
    };
  }

  /** Origin side: stops sending a producer (it left the courtroom); the edge is told by the broker. */
  unsend(producerId: string): void {
    this.#sent.get(producerId)?.close();
  }

  /** Edge side: makes the origin's producer here, with the same id, as the origin sent it. */
  async receive(piped: PipedProducer): Promise<types.Producer> {
    const existing = this.#received.get(piped.id);
    if (existing) return existing;
    const producer = await this.transport.produce({
      id: piped.id,
      kind: piped.kind,
      rtpParameters: piped.rtpParameters,
      paused: piped.paused,
      appData: piped.appData,
    });
    if (this.#closed || producer.closed) {
      producer.close();
      throw new Error(`the pipe from node ${this.options.remoteNodeId} closed while ${piped.id} arrived`);
    }
    this.#received.set(piped.id, producer);
    producer.observer.once('close', () => {
      if (this.#received.get(piped.id) === producer) this.#received.delete(piped.id);
      if (!this.#closed) this.safeEmit('producerClosed', piped.id);
    });
    return producer;
  }

  /** Edge side: the origin's producer closed (or left the courtroom): its copy here closes, and its consumers. */
  drop(producerId: string): void {
    this.#received.get(producerId)?.close();
  }

  /** Edge side: follows the origin's pause or resume. */
  async setPaused(producerId: string, paused: boolean): Promise<void> {
    const producer = this.#received.get(producerId);
    if (!producer || producer.closed || producer.paused === paused) return;
    await (paused ? producer.pause() : producer.resume());
  }

  /** Closes the transport, and with it every pipe consumer or producer on it; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.transport.closed) this.transport.close();
    this.#sent.clear();
    this.#received.clear();
    this.safeEmit('@close');
    this.removeAllListeners();
  }
}
