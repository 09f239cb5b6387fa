// One vcourt node among several that share a Redis (VCOURT_REDIS_URL): main.ts builds this once
// and hands its parts to what needs them. socket.io's rooms span the nodes (the redis-streams
// adapter), the rate limits are counted once for all nodes, each running hearing is owned by one
// node under a lease, and every node publishes its presence and load.
//
// A node that loses a hearing's lease (or finds it running here while another node holds it) gives
// the hearing up: its media here is closed, and this node's sockets of the hearing are dropped
// without socket.io's final disconnect, so the clients reconnect and are placed on the node that
// serves it now; until this node holds the lease again their requests are refused. A live node
// then takes the hearing over, its record included (Takeover.ts).
//
// main.ts wires a node in three calls: takeover() (with the recovery at start), serve() (the
// signaling's sockets and the hearings that run here) and placement() (who serves a participant).
import { createAdapter, type RedisStreamsAdapterOptions } from '@socket.io/redis-streams-adapter';
import type { Server } from 'socket.io';
import type { HearingService } from '../../core/hearing/HearingService.js';
import type { MediaRoomPort, Store } from '../../core/hearing/ports.js';
import { background } from '../../core/lib/background.js';
import type { LimiterStore } from '../limits.js';
import type { ClusterConfig } from './ClusterConfig.js';
import { HearingLeases } from './HearingLeases.js';
import { NodeRegistry } from './NodeRegistry.js';
import { LIVE_STATES, Placement, type PlacementOptions } from './Placement.js';
import { RedisConnection } from './RedisConnection.js';
import { redisLimiterStore } from './redisLimiterStore.js';
import { SERVED_BY, Takeover, type TakeoverDeps } from './Takeover.js';

const LIVE = LIVE_STATES;
const RELEASE_IF = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface ClusterNodeOptions {
  config: ClusterConfig;
  log?: (line: string) => void;
  /** Key prefix in Redis (tests give each run its own). */
  prefix?: string;
}

export class ClusterNode {
  readonly config: ClusterConfig;
  readonly redis: RedisConnection;
  readonly leases: HearingLeases;
  readonly limiterStore: LimiterStore;
  #registry: NodeRegistry | undefined;
  #io: Server | undefined;
  readonly #log: (line: string) => void;
  readonly #prefix: string;
  #closing: Promise<void> | undefined;
  /** Hearings this run served and gave up, until it holds their lease again. */
  readonly #givenUp = new Set<string>();

  private constructor(options: ClusterNodeOptions, redis: RedisConnection) {
    this.config = options.config;
    this.redis = redis;
    this.#log = options.log ?? ((line) => console.warn(line));
    this.#prefix = options.prefix ?? 'vcourt:';
    this.leases = new HearingLeases({
      client: redis.client,
      nodeId: options.config.nodeId,
      leaseMs: options.config.leaseMs,
      prefix: this.#prefix,
    });
    this.limiterStore = redisLimiterStore(redis.client, `${this.#prefix}rl:`);
  }

  /** Connects to Redis (failing the start with the reason when it cannot). */
  static async connect(options: ClusterNodeOptions): Promise<ClusterNode> {
    const redis = await RedisConnection.connect({
      url: options.config.redisUrl,
      connectTimeoutMs: options.config.connectTimeoutMs,
      log: options.log,
    });
    return new ClusterNode(options, redis);
  }

  get registry(): NodeRegistry | undefined {
    return this.#registry;
  }

  /** socket.io over Redis streams: a broadcast on any node reaches the room's sockets on every node. */
  shareSockets(io: Server, adapter: Partial<RedisStreamsAdapterOptions> = {}): void {
    this.#io = io;
    io.adapter(createAdapter(this.redis.client, { streamName: `${this.#prefix}socket.io`, ...adapter }) as never);
  }

  /**
   * Owns each hearing that starts running here: the lease is taken when it opens and given back
   * when it is adjourned. A hearing whose lease is lost has its media closed on this node.
   */
  followHearings(service: Pick<HearingService, 'on'>, media: Pick<MediaRoomPort, 'closeRoom'>): void {
    service.on('stateChanged', (hearingId, state) => {
      if (LIVE.has(state) && !this.leases.owned().has(hearingId)) background(this.#own(hearingId, media), 'hearing lease');
      if (state === 'adjourned') background(this.leases.release(hearingId), 'hearing lease release');
    });
    this.leases.on('acquired', (hearingId) => this.#givenUp.delete(hearingId));
    this.leases.on('lost', (hearingId, reason) => {
      this.#log(
        `[cluster] ALERT hearing ${hearingId}: this node's lease ${reason === 'taken' ? 'was taken by another node' : 'could not be renewed'}; its media and sockets here are closed`,
      );
      this.#giveUp(hearingId, media);
    });
  }

  /** A hearing's cameras are pulled by the node that holds it: from its lease's acquisition to its loss. */
  followCameras(cameras: { startHearing(hearingId: string): Promise<void>; stopHearing(hearingId: string): void }): void {
    this.leases.on('acquired', (hearingId) => background(cameras.startHearing(hearingId), 'hearing cameras'));
    this.leases.on('lost', (hearingId) => cameras.stopHearing(hearingId));
  }

  /**
   * Runs `task` unless another node runs the same one now (a lock in Redis, its TTL a bound should
   * this node die meanwhile): undefined when skipped. The retention sweep, on a shared database.
   */
  async alone<T>(name: string, task: () => Promise<T>, ttlMs = 10 * 60_000): Promise<T | undefined> {
    const key = `${this.#prefix}alone:${name}`;
    const value = `${this.config.nodeId}/${process.pid}/${Date.now()}`;
    if ((await this.redis.client.set(key, value, { NX: true, PX: ttlMs })) !== 'OK') return undefined;
    try {
      return await task();
    } finally {
      await this.redis.client.eval(RELEASE_IF, { keys: [key], arguments: [value] }).catch(() => undefined);
    }
  }

  /**
   * Which records this node recovers at start on a shared database: those of the hearings it served
   * (`hearing.node:<id>`, Takeover.ts), none on record (one machine before), or whose node is not live.
   */
  recoversRecord(settings: Pick<Store['settings'], 'get'>): (hearingId: string) => Promise<boolean> {
    return async (hearingId) => {
      const servedBy = await settings.get(`${SERVED_BY}${hearingId}`);
      if (!servedBy || servedBy === this.config.nodeId) return true;
      return !(await this.#liveNodeIds()).has(servedBy);
    };
  }

  /** The live nodes' ids, also before this node announced itself (the start-up recovery comes first). */
  async #liveNodeIds(): Promise<Set<string>> {
    const registry =
      this.#registry ??
      new NodeRegistry({
        client: this.redis.client,
        nodeId: this.config.nodeId,
        url: '',
        ttlMs: this.config.presenceTtlMs,
        prefix: this.#prefix,
        load: () => ({ hearings: 0, participants: 0 }),
      });
    return new Set((await registry.liveNodes()).map((n) => n.id));
  }

  /** Whether this run gave the hearing up (lease lost, or held by another node while it ran here). */
  gaveUp(hearingId: string): boolean {
    return this.#givenUp.has(hearingId) && !this.leases.owned().has(hearingId);
  }

  #giveUp(hearingId: string, media: Pick<MediaRoomPort, 'closeRoom'>): void {
    this.#givenUp.add(hearingId);
    media.closeRoom(hearingId);
    // The transport closed, not a socket.io disconnect: the client reconnects by itself, and the
    // handshake places it (moved to the owner). A server-side disconnect would be final for it.
    for (const socket of this.#io?.sockets.sockets.values() ?? []) {
      if ((socket.data as { ref?: { hearingId: string } }).ref?.hearingId === hearingId) socket.conn.close();
    }
  }

  /** This node's take-over of hearings whose node stopped (its own after a restart, a dead node's). */
  takeover(deps: Omit<TakeoverDeps, 'nodeId' | 'leases'>): Takeover {
    return new Takeover({ nodeId: this.config.nodeId, leases: this.leases, ...deps });
  }

  /** The signaling's sockets span the nodes, and each hearing that runs here is leased to this node. */
  serve(io: Server, service: Pick<HearingService, 'on'>, media: Pick<MediaRoomPort, 'closeRoom'>): void {
    this.shareSockets(io);
    // A lost lease closes the hearing's media here, and a live node takes it over (Takeover.ts).
    this.followHearings(service, media);
  }

  /**
   * A participant who reaches this node for a hearing another node serves is sent there (`moved`);
   * one nobody serves, while it runs, is served here, taken over as the scan would (its record recovered).
   */
  placement(o: { takeover: Takeover; store: Pick<Store, 'hearings'> } & Pick<PlacementOptions, 'selfUrl'>): Placement {
    return new Placement({
      leases: this.leases,
      claim: (hearingId) => o.takeover.takeOver(hearingId),
      liveNodes: async () => (await this.#registry?.liveNodes()) ?? [],
      stateOf: async (hearingId) => (await o.store.hearings.get(hearingId))?.state,
      selfUrl: o.selfUrl,
      extraOrigins: this.config.origins,
      givenUp: (hearingId) => this.gaveUp(hearingId),
    });
  }

  /** Publishes this node (address and load) and, with sockets shared, where each participant is connected. */
  async announce(url: string): Promise<void> {
    const io = this.#io;
    const registry = new NodeRegistry({
      client: this.redis.client,
      nodeId: this.config.nodeId,
      url,
      ttlMs: this.config.presenceTtlMs,
      prefix: this.#prefix,
      load: () => ({ hearings: this.leases.owned().size, participants: io?.sockets.sockets.size ?? 0 }),
    });
    this.#registry = registry;
    await registry.start();
    io?.on('connection', (socket) => {
      const ref = (socket.data as { ref?: { hearingId: string; participantId: string } }).ref;
      if (!ref) return;
      background(registry.present(ref.hearingId, ref.participantId, socket.id), 'participant presence');
      socket.on('disconnect', () => background(registry.absent(ref.hearingId, ref.participantId, socket.id), 'participant presence'));
    });
  }

  /** Gives this node's hearings and presence up (another node may take them at once), then disconnects. */
  close(): Promise<void> {
    return (this.#closing ??= (async () => {
      await this.leases.close({ release: true });
      await this.#registry?.close();
      await this.redis.close();
    })());
  }

  async #own(hearingId: string, media: Pick<MediaRoomPort, 'closeRoom'>): Promise<void> {
    const result = await this.leases.acquire(hearingId);
    if (result.acquired) return;
    // Placement sends participants to the owner; a hearing that runs here anyway is given up.
    this.#log(`[cluster] ALERT hearing ${hearingId} runs here, but node ${result.owner?.nodeId ?? '?'} owns it: given up here`);
    this.#giveUp(hearingId, media);
  }
}
