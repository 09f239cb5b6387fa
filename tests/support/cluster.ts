// Two real vcourt nodes on one PostgreSQL and one redis-server (server/cluster), for the tests of
// what happens between nodes: started one after the other (the first creates the schema and the
// first admin), sharing their token signing key as a cluster must (VCOURT_JWT_SECRET).
import { expect, vi } from 'vitest';
import type { AuditEvent } from '../../core/hearing/types.js';
import type { ClusterConfig } from '../../server/cluster/ClusterConfig.js';
import { HearingLeases } from '../../server/cluster/HearingLeases.js';
import { RedisConnection } from '../../server/cluster/RedisConnection.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import { RedisServer } from './redis.js';
import { startTestServer, type TestClient, type TestServer } from './server.js';

export const CLUSTER_PATIENCE = { timeout: 10_000, interval: 50 };

export interface TwoNodes {
  a: TestServer;
  b: TestServer;
  /** Reads the hearings' leases as any other node would (its own Redis connection). */
  leases: HearingLeases;
  /** A Redis connection of the test's own (to play a node that is not a vcourt). */
  observer: RedisConnection;
  /** Starts one more node on the same database and Redis (stopped with the others). */
  another(nodeId: string): Promise<TestServer>;
  /** Remembers a test's socket, closed (and seen gone by both nodes) before they stop; returns it. */
  keep(client: TestClient, participantId: string): TestClient;
  stop(): Promise<void>;
}

export async function startTwoNodes({ leaseMs = 2_000 }: { leaseMs?: number } = {}): Promise<TwoNodes> {
  let postgres: TestPostgres | undefined;
  let redis: RedisServer | undefined;
  let observer: RedisConnection | undefined;
  const servers: TestServer[] = [];
  const clients: Array<{ client: TestClient; participantId: string }> = [];
  const stop = async () => {
    for (const { client } of clients) client.close();
    // Their departures need the database: each node sees its sockets go before it stops.
    const connected = () => clients.filter(({ participantId }) => servers.some((s) => s.running.service.isConnected(participantId)));
    await vi.waitFor(() => expect(connected()).toEqual([]), CLUSTER_PATIENCE).catch(() => undefined);
    await Promise.allSettled(servers.map((s) => s.stop()));
    await observer?.close();
    await Promise.allSettled([redis?.stop(), postgres?.stop()]);
  };
  let another: (nodeId: string) => Promise<TestServer> = () => Promise.reject(new Error('not started'));
  try {
    [postgres, redis] = await Promise.all([startPostgres(), RedisServer.start()]);
    observer = await RedisConnection.connect({ url: redis.url, log: () => undefined });
    const databaseUrl = await postgres.createDatabase();
    const node = (nodeId: string): ClusterConfig => ({
      redisUrl: redis!.url,
      nodeId,
      leaseMs,
      presenceTtlMs: 2_000,
      connectTimeoutMs: 5_000,
    });
    const jwtSecret = 'two-nodes-shared-signing-key-0123456789abcdef';
    servers.push(await startTestServer({ databaseUrl, cluster: node('node-a'), jwtSecret }));
    servers.push(await startTestServer({ databaseUrl, cluster: node('node-b'), jwtSecret }));
    another = async (nodeId) => {
      const server = await startTestServer({ databaseUrl, cluster: node(nodeId), jwtSecret });
      servers.push(server);
      return server;
    };
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    a: servers[0]!,
    b: servers[1]!,
    leases: new HearingLeases({ client: observer.client, nodeId: 'observer', leaseMs }),
    observer,
    another: (nodeId) => another(nodeId),
    keep: (client, participantId) => (clients.push({ client, participantId }), client),
    stop,
  };
}

/** How often a node beats (server/Heartbeat.ts). */
export const BEAT_MS = 1_000;

/**
 * A crash taken over, as the hearing's record must tell it: `server.stopped` (crashed, at the dead
 * node's last beat: before the kill and at most two beats before it), then `server.took_over` by
 * `node` from `from`, and nothing else about servers. Returns the last beat (ms).
 */
export function expectCrashTakenOver(
  serverEvents: AuditEvent[],
  { killedAt, node, from }: { killedAt: number; node: string; from: string },
): number {
  expect(serverEvents.map((e) => e.type)).toEqual(['server.stopped', 'server.took_over']);
  const [stopped, took] = serverEvents as [AuditEvent, AuditEvent];
  expect(stopped.data).toMatchObject({ cause: 'server_crashed' });
  const lastBeat = Date.parse(stopped.data.at as string);
  expect(lastBeat).toBeLessThanOrEqual(killedAt);
  expect(killedAt - lastBeat).toBeLessThanOrEqual(2 * BEAT_MS);
  expect(took.data).toEqual({ node, from, stoppedAt: stopped.data.at });
  return lastBeat;
}
