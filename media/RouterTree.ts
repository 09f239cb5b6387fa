// A hearing's routers: the origin, where every producer, the active-speaker observer and the
// recorder's taps live, and, once the hearing grows, receive-only edge routers on other workers
// of the pool. An edge is fed by pipeToRouter once per producer its receivers consume, when the
// first of them asks, so the cascade costs producers × edges, not viewers, and forwarding to many
// viewers spreads over cores. Which router a new receiver goes on: placement.ts.
import type { types } from 'mediasoup';
import { InvalidStateError } from '../core/hearing/errors.js';
import { TypedEmitter } from '../core/lib/TypedEmitter.js';
import { MEDIA_CODECS } from './MediaConfig.js';
import { place, type CascadeSettings } from './placement.js';

/** Where edge routers are made (WorkerPool.pickOther). */
export interface EdgeWorkers {
  pickOther(exclude: readonly types.Worker[]): types.Worker | undefined;
}

/** How a hearing's room grows past one router; without it, everything stays on the origin. */
export interface CascadeOptions {
  /** Where edge routers are made (the WorkerPool). */
  workers?: EdgeWorkers;
  /** Whether the participant never sends (placement.ts receivesOnly): only they may go to edges. */
  receiveOnly?: (participantId: string) => Promise<boolean>;
}

/** One router of the tree and the receivers on it. */
interface Hub {
  readonly router: types.Router;
  readonly worker: types.Worker;
  /** Receiving transports on this router, with their participant. */
  readonly receivers: Map<string, string>;
  /** Receivers placed here whose transport is being created (they count already). */
  pending: number;
  /** Consumers on the receivers' transports. */
  consumers: number;
  /** Producers of the origin piped in (or being piped), by id: edges only. */
  readonly pipes: Map<string, Promise<void>>;
}

export type RouterTreeEvents = {
  /** An edge router closed under its receivers (its worker died): they must set their media up again. */
  edgeLost: [worker: types.Worker, participantIds: string[]];
};

/** Where a receiving transport goes: create it on `router`, then settle() with it (or without, on failure). */
export interface ReceiverSlot {
  readonly router: types.Router;
  settle(made?: { transport: types.Transport; participantId: string }): void;
}

/** What the tree holds now (tests, the bench). */
export interface TreeView {
  origin: { receivers: number; consumers: number };
  edges: { routerId: string; workerPid: number; receivers: number; consumers: number; piped: string[] }[];
}

export class RouterTree extends TypedEmitter<RouterTreeEvents> {
  readonly #origin: Hub;
  readonly #edges = new Map<string, Hub>();
  /** The hub of each receiving transport, by transport id. */
  readonly #hubOf = new Map<string, Hub>();
  /** Placements run one at a time, so two receivers cannot both open the last allowed edge. */
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(
    readonly hearingId: string,
    origin: { router: types.Router; worker: types.Worker },
    private readonly workers: EdgeWorkers | undefined,
    private readonly settings: CascadeSettings,
  ) {
    super();
    this.#origin = { ...origin, receivers: new Map(), pending: 0, consumers: 0, pipes: new Map() };
  }

  get origin(): types.Router {
    return this.#origin.router;
  }

  /** The router of a transport the tree placed on an edge; undefined on the origin. */
  edgeOf(transportId: string): types.Router | undefined {
    const hub = this.#hubOf.get(transportId);
    return hub && hub !== this.#origin ? hub.router : undefined;
  }

  /**
   * Places a new receiving transport (placement.ts): anyone who may send on the origin, a
   * receive-only participant on an edge once the origin is full. The place counts at once.
   */
  placeReceiver(receiveOnly: boolean): Promise<ReceiverSlot> {
    const run = this.#queue.then(() => this.#place(receiveOnly));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #place(receiveOnly: boolean): Promise<ReceiverSlot> {
    if (this.#closed) throw new InvalidStateError('The media room of this hearing closed');
    const edges = [...this.#edges.values()];
    const decision = place({
      receiveOnly,
      originReceivers: this.#load(this.#origin).receivers,
      edges: edges.map((hub) => ({ id: hub.router.id, ...this.#load(hub) })),
      canOpen: !!this.workers?.pickOther(this.#workersInUse()),
      settings: this.settings,
    });
    let hub = decision.on === 'edge' ? this.#edges.get(decision.id) : this.#origin;
    if (decision.on === 'newEdge') {
      hub = await this.#openEdge().catch((error: unknown) => {
        console.error(`[media] hearing ${this.hearingId}: could not open an edge router, receiving on the origin:`, error);
        return this.#origin;
      });
    }
    return this.#slot(hub ?? this.#origin);
  }

  #load(hub: Hub): { receivers: number; consumers: number } {
    return { receivers: hub.receivers.size + hub.pending, consumers: hub.consumers };
  }

  #workersInUse(): types.Worker[] {
    return [this.#origin.worker, ...[...this.#edges.values()].map((e) => e.worker)];
  }

  #slot(hub: Hub): ReceiverSlot {
    hub.pending++;
    let settled = false;
    return {
      router: hub.router,
      settle: (made) => {
        if (settled) return;
        settled = true;
        hub.pending--;
        if (made) this.#adopt(hub, made.transport, made.participantId);
        this.#closeIfIdle(hub);
      },
    };
  }

  /** Counts the transport and its consumers on its hub until it closes. */
  #adopt(hub: Hub, transport: types.Transport, participantId: string): void {
    if (transport.closed) return;
    hub.receivers.set(transport.id, participantId);
    this.#hubOf.set(transport.id, hub);
    const observer: types.TransportObserver = transport.observer;
    observer.on('newconsumer', (consumer) => {
      hub.consumers++;
      consumer.observer.once('close', () => hub.consumers--);
    });
    observer.once('close', () => {
      this.#hubOf.delete(transport.id);
      // Closed with its router (the worker died): kept, so edgeLost can name who was there.
      if (hub.router.closed) return;
      hub.receivers.delete(transport.id);
      this.#closeIfIdle(hub);
    });
  }

  /** An edge nobody receives from any more closes, and its pipes with it: the origin stops sending there. */
  #closeIfIdle(hub: Hub): void {
    if (hub === this.#origin || hub.receivers.size > 0 || hub.pending > 0 || hub.router.closed) return;
    this.#edges.delete(hub.router.id);
    hub.router.close();
  }

  async #openEdge(): Promise<Hub> {
    const worker = this.workers?.pickOther(this.#workersInUse());
    if (!worker) throw new Error('no other live worker');
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { hearingId: this.hearingId, edgeOf: this.origin.id } });
    if (this.#closed || this.origin.closed) {
      router.close();
      throw new InvalidStateError('The media room of this hearing closed');
    }
    const hub: Hub = { router, worker, receivers: new Map(), pending: 0, consumers: 0, pipes: new Map() };
    this.#edges.set(router.id, hub);
    router.observer.once('close', () => {
      this.#edges.delete(router.id);
      // Closed by us (the room, or idle), or lost with nobody on it: no one to tell.
      if (this.#closed || hub.receivers.size === 0) return;
      console.error(
        `[media] hearing ${this.hearingId}: edge router on worker ${worker.pid} closed under ${hub.receivers.size} receiver(s)`,
      );
      this.safeEmit('edgeLost', worker, [...new Set(hub.receivers.values())]);
    });
    return hub;
  }

  /**
   * Makes the origin's producer consumable on the transport's router: nothing on the origin, a
   * pipe on an edge, made once per (producer, edge) however many receivers ask at once. The pipe
   * closes with the producer (mediasoup closes the pipe consumer, then the pipe producer, then
   * the edge's consumers of it) or with the edge.
   */
  async reach(transportId: string, producer: types.Producer): Promise<void> {
    const producerId = producer.id;
    const hub = this.#hubOf.get(transportId);
    if (!hub || hub === this.#origin) return;
    let pipe = hub.pipes.get(producerId);
    if (!pipe) {
      const forget = () => {
        if (hub.pipes.get(producerId) === pipe) hub.pipes.delete(producerId);
      };
      pipe = this.origin.pipeToRouter({ producerId, router: hub.router }).then(({ pipeProducer }) => {
        if (!pipeProducer || pipeProducer.closed) throw new Error('the pipe closed as it was made');
        pipeProducer.observer.once('close', forget);
      });
      hub.pipes.set(producerId, pipe);
      pipe.catch(forget); // a failed pipe is tried again by the next receiver
    }
    try {
      await pipe;
    } catch (error) {
      // The producer or the edge closed meanwhile: a race the asker lost, as in whileOpen().
      if (producer.closed || hub.router.closed) throw new InvalidStateError('This media closed while it was routed to you');
      throw error;
    }
  }

  view(): TreeView {
    return {
      origin: this.#load(this.#origin),
      edges: [...this.#edges.values()].map((hub) => ({
        routerId: hub.router.id,
        workerPid: hub.worker.pid,
        ...this.#load(hub),
        piped: [...hub.pipes.keys()],
      })),
    };
  }

  /** Closes the edges (the origin is its owner's, HearingRoom's); idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const hub of [...this.#edges.values()]) hub.router.close();
    this.#edges.clear();
    this.#hubOf.clear();
    this.removeAllListeners();
  }
}
