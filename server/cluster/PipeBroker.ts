// Media between nodes, set up through Redis: a node serving receivers of a hearing whose origin
// router lives on another node (the lease owner) asks that node for a pipe; Redis carries only
// these set-up messages, mediasoup carries the media (media/NodePipe.ts, SRTP on). Each node
// listens on its own pub/sub channel. The edge makes its pipe first and sends `open` with its
// address and SRTP keys; the origin connects its own pipe to it, sends every courtroom producer
// of the hearing across and answers `opened` with its address, keys and those producers. Later
// producers, pauses and closes follow as messages, in order: each hearing's messages are handled
// one after another on both sides. Either side closing sends `closed`; the other closes its pipe.
import type { types } from 'mediasoup';
import { COURTROOM } from '../../core/protocol/rooms.js';
import { background } from '../../core/lib/background.js';
import { EdgeRoom } from '../../media/EdgeRoom.js';
import type { MediaConfig } from '../../media/MediaConfig.js';
import type { MediaRooms } from '../../media/MediaRooms.js';
import { NodePipe, type PipedProducer } from '../../media/NodePipe.js';
import type { HearingRoom } from '../../media/HearingRoom.js';
import type { MediaEvent } from '../../core/hearing/ports.js';
import type { RedisClient, RedisConnection } from './RedisConnection.js';
import { parsePipeMessage, wire, type Of, type Out, type PipeMessage } from './PipeMessages.js';

export interface PipeBrokerOptions {
  nodeId: string;
  redis: RedisConnection;
  /** Origin side: the hearings whose rooms live here. */
  media: Pick<MediaRooms, 'existingRoom'>;
  /** Edge side: where this node's edge routers are made (WorkerPool.acquire). */
  workers: { acquire(): Promise<types.Worker> };
  /** Where pipes listen (listenIp, announcedAddress: what other nodes connect to; the port range). */
  config: Pick<MediaConfig, 'listenIp' | 'announcedAddress' | 'minPort' | 'maxPort'>;
  /** How long an edge waits for the origin's answer. */
  timeoutMs?: number;
  prefix?: string;
}

/** On the origin: one edge node's pipe of one hearing, and its messages in order. */
interface Link {
  id: string;
  /** Once made; before, `closed` tells the making to stop (the edge gave up, or asked again). */
  pipe?: NodePipe;
  closed: boolean;
  queue: Promise<unknown>;
}

/** On an edge: the hearing's room, its pipe's id, the origin's answer awaited, its messages in order. */
interface Edge {
  link: string;
  originNodeId: string;
  ready: Promise<EdgeRoom>;
  room?: EdgeRoom;
  queue: Promise<unknown>;
  answered?: { resolve: () => void; reject: (e: Error) => void };
}

export class PipeBroker {
  readonly #o: PipeBrokerOptions;
  readonly #prefix: string;
  readonly #client: RedisClient;
  /** Origin side, by hearing and edge node. */
  readonly #links = new Map<string, Link>();
  /** Edge side, by hearing. */
  readonly #edges = new Map<string, Edge>();
  #subscriber: RedisClient | undefined;
  #seq = 0;
  #closed = false;

  private constructor(options: PipeBrokerOptions) {
    this.#o = options;
    this.#prefix = options.prefix ?? 'vcourt:';
    this.#client = options.redis.client;
  }

  /** Subscribes to this node's channel; from then on other nodes may ask it for pipes. */
  static async start(options: PipeBrokerOptions): Promise<PipeBroker> {
    const broker = new PipeBroker(options);
    const subscriber = broker.#client.duplicate();
    subscriber.on('error', () => undefined); // the node's RedisConnection logs its outages
    await subscriber.connect();
    broker.#subscriber = subscriber;
    await subscriber.subscribe(broker.#channel(options.nodeId), (raw) => broker.#receive(raw));
    return broker;
  }

  #channel(nodeId: string): string {
    return `${this.#prefix}pipe:${nodeId}`;
  }

  #send(to: string, body: Out): void {
    const text = JSON.stringify({ ...body, from: this.#o.nodeId });
    background(this.#client.publish(this.#channel(to), text), `pipe message ${body.type} to node ${to}`);
  }

  #receive(raw: string): void {
    const m = parsePipeMessage(raw);
    if (!m) return console.warn(`[cluster] not a pipe message: ${raw.slice(0, 200)}`);
    if (m.type === 'open') return this.#serve(m);
    const link = this.#links.get(`${m.hearingId}\n${m.from}`);
    if (m.type === 'closed' && link?.id === m.link) drop(link);
    const edge = this.#edges.get(m.hearingId);
    if (!edge || edge.link !== m.link || edge.originNodeId !== m.from) return;
    edge.queue = edge.queue
      .then(() => this.#onEdge(edge, m))
      .catch((e: unknown) => console.error(`[cluster] pipe of hearing ${m.hearingId} from node ${m.from}:`, e));
  }

  // ---- origin side ----

  /** An edge node asked for the hearing's media: connect to its pipe and send it every courtroom producer. */
  #serve(m: Of<'open'>): void {
    const key = `${m.hearingId}\n${m.from}`;
    drop(this.#links.get(key)); // the edge asked again (it restarted): the old pipe leads nowhere
    const room = this.#o.media.existingRoom(m.hearingId);
    const refuse = (reason: string) => this.#send(m.from, { type: 'refused', link: m.link, hearingId: m.hearingId, reason });
    if (!room || this.#closed) return refuse(`hearing ${m.hearingId} has no media room on node ${this.#o.nodeId}`);
    const link: Link = { id: m.link, closed: false, queue: Promise.resolve() };
    this.#links.set(key, link);
    background(
      this.#link(room, m, key, link).catch((e: unknown) => {
        if (this.#links.get(key) === link) this.#links.delete(key);
        refuse(e instanceof Error ? e.message : String(e));
      }),
      `pipe of hearing ${m.hearingId} to node ${m.from}`,
    );
  }

  async #link(room: HearingRoom, m: Of<'open'>, key: string, link: Link): Promise<void> {
    const pipe = await NodePipe.open(room.router, this.#pipeOptions(m.hearingId, m.from));
    if (link.closed || this.#closed) {
      pipe.close();
      throw new Error(`node ${m.from} gave up on the pipe of hearing ${m.hearingId}`);
    }
    link.pipe = pipe;
    const to = { link: m.link, hearingId: m.hearingId };
    const tell = (body: Out) => this.#send(m.from, body);
    /** After what was queued before: the edge hears of producers in the order they came. */
    const later = (work: () => Promise<unknown>) => {
      link.queue = link.queue.then(work).catch((e: unknown) => console.error(`[cluster] pipe of hearing ${m.hearingId} to ${m.from}:`, e));
    };
    const sendOne = async (p: types.Producer | undefined) => {
      if (p && !p.closed && !pipe.closed) tell({ type: 'producer', ...to, producer: wire(await pipe.send(p)) });
    };
    const inCourt = (participantId: string) => room.roomOf(participantId) === COURTROOM;
    const producersOf = (participantId: string) => [...(room.peers.get(participantId)?.producers.values() ?? [])];
    const onMedia = (e: MediaEvent) => {
      if (e.type === 'producerAdded' && inCourt(e.producer.participantId)) {
        later(() => sendOne(room.peers.get(e.producer.participantId)?.producers.get(e.producer.id)));
      }
      // Only the courtroom crosses to other nodes: a consultation or deliberation never leaves this one.
      if (e.type === 'peerMoved') {
        if (e.room === COURTROOM) later(() => Promise.all(producersOf(e.participantId).map(sendOne)));
        else for (const p of producersOf(e.participantId)) pipe.unsend(p.id);
      }
    };
    room.on('media', onMedia);
    pipe.on('producerClosed', (producerId) => tell({ type: 'producerClosed', ...to, producerId }));
    pipe.on('producerPaused', (producerId, paused) => tell({ type: 'producerPaused', ...to, producerId, paused }));
    /** Whether the edge was answered: before that, a failure is told as a refusal, not a close. */
    let opened = false;
    pipe.on('@close', () => {
      room.off('media', onMedia);
      if (this.#links.get(key) === link) this.#links.delete(key);
      if (opened) tell({ type: 'closed', ...to });
    });
    try {
      await pipe.connect(m.endpoint);
      const current = [...room.peers].flatMap(([participantId, peer]) => (inCourt(participantId) ? [...peer.producers.values()] : []));
      const piped = await Promise.all(current.filter((p) => !p.closed).map((p) => pipe.send(p)));
      await new Promise<void>((resolve, reject) =>
        later(async () => {
          if (pipe.closed) return reject(new Error(`the media of hearing ${m.hearingId} closed on node ${this.#o.nodeId}`));
          opened = true;
          tell({ type: 'opened', ...to, endpoint: pipe.local, producers: piped.map(wire) });
          resolve();
        }),
      );
    } catch (error) {
      pipe.close();
      throw error;
    }
  }

  #pipeOptions(hearingId: string, remoteNodeId: string) {
    const { listenIp, announcedAddress, minPort, maxPort } = this.#o.config;
    return { listenIp, announcedAddress, portRange: { min: minPort, max: maxPort }, hearingId, remoteNodeId };
  }

  /** Origin side: the pipes of a hearing open to other nodes now, by edge node (tests, metrics). */
  pipesOf(hearingId: string): Map<string, NodePipe> {
    const out = new Map<string, NodePipe>();
    for (const [key, link] of this.#links) {
      if (link.pipe && key.startsWith(`${hearingId}\n`)) out.set(key.slice(hearingId.length + 1), link.pipe);
    }
    return out;
  }

  // ---- edge side ----

  /**
   * The hearing's receive-only room on this node, fed from `originNodeId` (the lease owner):
   * made on first call, shared by later ones; fails when the origin refuses or does not answer in time.
   */
  join(hearingId: string, originNodeId: string): Promise<EdgeRoom> {
    const existing = this.#edges.get(hearingId);
    if (existing) return existing.ready;
    const edge: Edge = {
      link: `${this.#o.nodeId}:${++this.#seq}`,
      originNodeId,
      ready: Promise.resolve(undefined as never),
      queue: Promise.resolve(),
    };
    edge.ready = this.#open(edge, hearingId);
    this.#edges.set(hearingId, edge);
    edge.ready.catch(() => {
      if (this.#edges.get(hearingId) === edge) this.#edges.delete(hearingId);
    });
    return edge.ready;
  }

  async #open(edge: Edge, hearingId: string): Promise<EdgeRoom> {
    if (this.#closed) throw new Error('the pipe broker is closed');
    const { link, originNodeId } = edge;
    const room = await EdgeRoom.create(hearingId, originNodeId, await this.#o.workers.acquire());
    edge.room = room;
    room.on('@close', () => {
      if (this.#edges.get(hearingId) === edge) this.#edges.delete(hearingId);
      edge.answered?.reject(new Error(`the media of hearing ${hearingId} closed on this node as it was piped`));
      this.#send(originNodeId, { type: 'closed', link, hearingId });
    });
    const timeoutMs = this.#o.timeoutMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const pipe = await NodePipe.open(room.router, this.#pipeOptions(hearingId, originNodeId));
      room.attach(pipe);
      const answered = new Promise<void>((resolve, reject) => {
        edge.answered = { resolve, reject };
        timer = setTimeout(
          () => reject(new Error(`node ${originNodeId} did not answer for hearing ${hearingId} within ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      this.#send(originNodeId, { type: 'open', link, hearingId, endpoint: pipe.local });
      await answered;
      return room;
    } catch (error) {
      room.close();
      throw error;
    } finally {
      clearTimeout(timer);
      edge.answered = undefined;
    }
  }

  /** One message from the origin, after the ones before it. */
  async #onEdge(edge: Edge, m: PipeMessage): Promise<void> {
    const room = edge.room;
    const pipe = room?.pipe;
    if (!room || !pipe || room.closed) return;
    if (m.type === 'refused') edge.answered?.reject(new Error(m.reason));
    else if (m.type === 'opened') {
      await pipe.connect(m.endpoint);
      for (const p of m.producers) room.adopt(await pipe.receive(p as PipedProducer));
      edge.answered?.resolve();
    } else if (m.type === 'producer') room.adopt(await pipe.receive(m.producer as PipedProducer));
    else if (m.type === 'producerClosed') pipe.drop(m.producerId);
    else if (m.type === 'producerPaused') await pipe.setPaused(m.producerId, m.paused);
    else if (m.type === 'closed') room.close();
  }

  /** Edge side: the hearing's room here, once joined. */
  edgeRoom(hearingId: string): EdgeRoom | undefined {
    const room = this.#edges.get(hearingId)?.room;
    return room && !room.closed ? room : undefined;
  }

  /** Closes every pipe this node holds (the other sides are told) and leaves the channel. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const link of [...this.#links.values()]) drop(link);
    for (const edge of [...this.#edges.values()]) edge.room?.close();
    const subscriber = this.#subscriber;
    if (subscriber) await subscriber.close().catch(() => subscriber.destroy());
  }
}

/** Closes an origin's link, or stops it being made; idempotent. */
function drop(link: Link | undefined): void {
  if (!link) return;
  link.closed = true;
  link.pipe?.close();
}
