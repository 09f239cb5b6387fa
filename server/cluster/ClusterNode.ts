// One vcourt node among several that share a Redis (VCOURT_REDIS_URL): main.ts builds this once
// and hands its parts to what needs them. socket.io's rooms span the nodes (the redis-streams
// adapter), the rate limits are counted once for all nodes, each running hearing is owned by one
// node under a lease, and every node publishes its presence and load.
//
// A node that loses a hearing's lease closes that hearing's media here; a live node then takes the
// hearing over, its record included (Takeover.ts).
import { createAdapter, type RedisStreamsAdapterOptions } from '@socket.io/redis-streams-adapter';
import type { Server } from 'socket.io';
import type { HearingService } from '../../core/hearing/HearingService.js';
import type { MediaRoomPort } from '../../core/hearing/ports.js';
import { background } from '../../core/lib/background.js';
import type { LimiterStore } from '../limits.js';
import type { ClusterConfig } from './ClusterConfig.js';
import { HearingLeases } from './HearingLeases.js';
import { NodeRegistry } from './NodeRegistry.js';
import { LIVE_STATES } from './Placement.js';
import { RedisConnection } from './RedisConnection.js';
import { redisLimiterStore } from './redisLimiterStore.js';

const LIVE = LIVE_STATES;

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
      if (LIVE.has(state) && !this.leases.owned().has(hearingId)) background(this.#own(hearingId), 'hearing lease');
      if (state === 'adjourned') background(this.leases.release(hearingId), 'hearing lease release');
    });
    this.leases.on('lost', (hearingId, reason) => {
      this.#log(
        `[cluster] ALERT hearing ${hearingId}: this node's lease ${reason === 'taken' ? 'was taken by another node' : 'could not be renewed'}; its media here is closed`,
      );
      media.closeRoom(hearingId);
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

  async #own(hearingId: string): Promise<void> {
    const result = await this.leases.acquire(hearingId);
    if (result.acquired) return;
    // Placement is not done yet: a hearing started on two nodes is reported, not prevented.
    this.#log(`[cluster] hearing ${hearingId} runs here, but node ${result.owner?.nodeId ?? '?'} owns it`);
  }
}
