// A receive-only room of a hearing whose origin lives on another node: a router on one of this
// node's workers, fed by a NodePipe from the origin (server/cluster/PipeBroker.ts), serving this
// node's receivers. Nothing is produced here but the piped copies, which keep the origin's ids.
// Close discipline as in HearingRoom: close() is idempotent, the pipe and the router go together
// (the origin closing the pipe, the worker dying), receivers' transports close with the router.
import type { types } from 'mediasoup';
import { InvalidStateError, NotFoundError, ValidationError } from '../core/hearing/errors.js';
import { TypedEmitter } from '../core/lib/TypedEmitter.js';
import { MEDIA_CODECS } from './MediaConfig.js';
import type { NodePipe } from './NodePipe.js';

export type EdgeRoomEvents = {
  /** A producer of the origin arrived here: receivers may consume it. */
  producerAdded: [producer: types.Producer];
  /** It closed (on the origin, or it left the courtroom); its consumers here closed with it. */
  producerClosed: [producerId: string];
  '@close': [];
};

export class EdgeRoom extends TypedEmitter<EdgeRoomEvents> {
  readonly #producers = new Map<string, types.Producer>();
  readonly #transports = new Map<string, types.Transport>();
  #pipe: NodePipe | undefined;
  #closed = false;

  private constructor(
    readonly hearingId: string,
    readonly originNodeId: string,
    readonly router: types.Router,
  ) {
    super();
    router.observer.once('close', () => this.close());
  }

  static async create(hearingId: string, originNodeId: string, worker: types.Worker): Promise<EdgeRoom> {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { hearingId, edgeOfNode: originNodeId } });
    return new EdgeRoom(hearingId, originNodeId, router);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The pipe from the origin (made on this room's router); the room closes with it. */
  attach(pipe: NodePipe): void {
    if (this.#closed) return pipe.close();
    this.#pipe = pipe;
    pipe.on('@close', () => this.close());
  }

  get pipe(): NodePipe | undefined {
    return this.#pipe;
  }

  /** Registers a producer that arrived through the pipe; dropped when it closes. */
  adopt(producer: types.Producer): void {
    if (this.#closed || producer.closed || this.#producers.has(producer.id)) return;
    this.#producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      this.#producers.delete(producer.id);
      if (!this.#closed) this.safeEmit('producerClosed', producer.id);
    });
    this.safeEmit('producerAdded', producer);
  }

  /** The ids of the origin's producers consumable here now. */
  get producerIds(): string[] {
    return [...this.#producers.keys()];
  }

  /**
   * A receiver's PlainTransport (a TV, a recorder of this node, tests), on loopback unless `ip`
   * says otherwise: it sends to where its first packet came from.
   */
  async createPlainReceiver(participantId: string, ip = '127.0.0.1'): Promise<{ id: string; ip: string; port: number }> {
    if (this.#closed) throw new InvalidStateError('The media of this hearing closed on this node');
    const transport = await this.router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip },
      rtcpMux: true,
      comedia: true,
      appData: { participantId },
    });
    this.#keep(transport);
    return { id: transport.id, ip: transport.tuple.localAddress, port: transport.tuple.localPort };
  }

  /** Any transport a receiver holds on this room's router (a WebRTC one made by the wiring), dropped when it closes. */
  #keep(transport: types.Transport): void {
    this.#transports.set(transport.id, transport);
    transport.observer.once('close', () => this.#transports.delete(transport.id));
  }

  /** Consumes a piped producer on one of this room's transports, unpaused. */
  async consume(
    transportId: string,
    producerId: string,
    rtpCapabilities: types.RtpCapabilities = this.router.rtpCapabilities,
  ): Promise<types.Consumer> {
    const transport = this.#transports.get(transportId);
    if (!transport) throw new NotFoundError('Transport', transportId);
    if (!this.#producers.has(producerId)) throw new NotFoundError('Producer', producerId);
    if (!this.router.canConsume({ producerId, rtpCapabilities })) throw new ValidationError('Your device cannot decode this media');
    return transport.consume({ producerId, rtpCapabilities });
  }

  /** Closes the pipe, the router and every receiver's transport on it; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#pipe?.close();
    if (!this.router.closed) this.router.close();
    this.#producers.clear();
    this.#transports.clear();
    this.safeEmit('@close');
    this.removeAllListeners();
  }
}
