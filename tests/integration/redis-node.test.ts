// A real vcourt node on a real redis-server (VCOURT_REDIS_URL through server/main.ts): it publishes
// itself, owns each hearing it runs under a lease from the moment the hearing opens, gives it back
// at adjournment, and leaves nothing behind when it stops.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ClusterConfig } from '../../server/cluster/ClusterConfig.js';
import { HearingLeases } from '../../server/cluster/HearingLeases.js';
import { NodeRegistry } from '../../server/cluster/NodeRegistry.js';
import { RedisConnection } from '../../server/cluster/RedisConnection.js';
import { RedisServer } from '../support/redis.js';
import { createHearing, joinWith, startTestServer, type TestServer } from '../support/server.js';

const PATIENCE = { timeout: 10_000, interval: 50 };
let redis: RedisServer;
let observer: RedisConnection;
let server: TestServer | undefined;

beforeAll(async () => {
  redis = await RedisServer.start();
  observer = await RedisConnection.connect({ url: redis.url, log: () => undefined });
});

afterAll(async () => {
  await server?.stop();
  await observer?.close();
  await redis?.stop();
});

describe('a vcourt node on Redis', () => {
  it('owns the hearings it runs from opening to adjournment, and is listed while it runs', async () => {
    const cluster: ClusterConfig = {
      redisUrl: redis.url,
      nodeId: 'node-it',
      leaseMs: 1_500,
      presenceTtlMs: 1_500,
      connectTimeoutMs: 5_000,
    };
    server = await startTestServer({ cluster });
    // What another node would see: the same keys, read through a connection of its own.
    const leases = new HearingLeases({ client: observer.client, nodeId: 'node-other', leaseMs: cluster.leaseMs });
    const nodes = new NodeRegistry({
      client: observer.client,
      nodeId: 'node-other',
      url: '',
      ttlMs: 1_500,
      load: () => ({ hearings: 0, participants: 0 }),
    });
    expect(await nodes.liveNodes()).toMatchObject([{ id: 'node-it', url: server.base.replace('127.0.0.1', 'localhost'), hearings: 0 }]);

    const { hearing, seats } = await createHearing(server, ['judge']);
    const judge = await joinWith(server.base, seats.judge.token);
    try {
      // Held from the first connection (Placement): its lobby, then the hearing, stay on this node.
      expect((await leases.owner(hearing.id))?.nodeId).toBe('node-it');
      await judge.client.ok({ type: 'hearing.transition', action: 'open' });
      expect((await leases.owner(hearing.id))?.nodeId).toBe('node-it');
      expect(await leases.acquire(hearing.id)).toMatchObject({ acquired: false, owner: { nodeId: 'node-it' } });
      // The judge's connection is known to every node; the node's load counts the hearing.
      expect((await nodes.participants(hearing.id)).get(seats.judge.participant.id)).toBe('node-it');
      await vi.waitFor(async () => expect((await nodes.liveNodes())[0]).toMatchObject({ hearings: 1, participants: 1 }), PATIENCE);
      // Past the lease time, still owned: the node renews it.
      const since = Date.now();
      await vi.waitFor(() => expect(Date.now() - since).toBeGreaterThan(2 * cluster.leaseMs), PATIENCE);
      expect((await leases.owner(hearing.id))?.nodeId).toBe('node-it');

      await judge.client.ok({ type: 'hearing.transition', action: 'adjourn' });
      await vi.waitFor(async () => expect(await leases.owner(hearing.id)).toBeUndefined(), PATIENCE);
    } finally {
      judge.client.close();
    }
    await server.stop();
    server = undefined;
    expect(await nodes.liveNodes()).toEqual([]);
  });
});
