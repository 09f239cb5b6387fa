// What vcourt nodes share at run time, on a real redis-server: who owns each hearing (leases with
// fencing tokens, taken over only after the owner stops renewing), socket.io rooms that span the
// nodes, one rate-limit budget for all nodes, and which nodes (and participants) are alive.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClusterNode } from '../../server/cluster/ClusterNode.js';
import { HearingLeases, type LeaseLoss } from '../../server/cluster/HearingLeases.js';
import { NodeRegistry } from '../../server/cluster/NodeRegistry.js';
import { RedisConnection } from '../../server/cluster/RedisConnection.js';
import { redisLimiterStore } from '../../server/cluster/redisLimiterStore.js';
import { createLimits, DEFAULT_LIMITS, mergeLimits } from '../../server/limits.js';
import { freeTcpPort } from '../support/cameraSimulator.js';
import { RedisServer } from '../support/redis.js';

/** Short, so expiry is quick; the waits below allow many times more (the machine is busy). */
const LEASE_MS = 600;
const PATIENCE = { timeout: 10_000, interval: 50 };

let redis: RedisServer;
const connections: RedisConnection[] = [];
const closers: (() => Promise<unknown>)[] = [];
let run = 0;
/** Each test its own keys. */
const freshPrefix = () => `t${++run}:${Date.now()}:`;

beforeAll(async () => {
  redis = await RedisServer.start();
});

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await Promise.all(connections.map((c) => c.close()));
  await redis?.stop();
});

async function connect(): Promise<RedisConnection> {
  const c = await RedisConnection.connect({ url: redis.url, log: () => undefined });
  connections.push(c);
  return c;
}

async function twoNodes(prefix: string) {
  const [ca, cb] = [await connect(), await connect()];
  const a = new HearingLeases({ client: ca.client, nodeId: 'node-a', leaseMs: LEASE_MS, prefix });
  const b = new HearingLeases({ client: cb.client, nodeId: 'node-b', leaseMs: LEASE_MS, prefix });
  closers.push(
    () => a.close(),
    () => b.close(),
  );
  return { a, b, ca, cb };
}

function losses(leases: HearingLeases): { hearingId: string; reason: LeaseLoss }[] {
  const seen: { hearingId: string; reason: LeaseLoss }[] = [];
  leases.on('lost', (hearingId, reason) => seen.push({ hearingId, reason }));
  return seen;
}

describe('the Redis connection', () => {
  it('fails the start with the reason when Redis cannot be reached', async () => {
    const port = await freeTcpPort();
    await expect(
      RedisConnection.connect({ url: `redis://127.0.0.1:${port}`, connectTimeoutMs: 300, log: () => undefined }),
    ).rejects.toThrow(`cannot reach Redis at redis://127.0.0.1:${port} within 300 ms`);
  });

  it('reconnects after an outage, says so once each way, and rate limits fall back to memory meanwhile', async () => {
    let second = await RedisServer.start();
    closers.push(() => second.stop());
    const lines: string[] = [];
    const c = await RedisConnection.connect({ url: second.url, log: (line) => lines.push(line) });
    connections.push(c);
    const limits = createLimits(DEFAULT_LIMITS, redisLimiterStore(c.client, freshPrefix()));
    await second.stop();
    await vi.waitFor(
      () => expect(lines).toEqual([expect.stringMatching(/^\[redis\] connection to redis:\/\/127\.0\.0\.1:\d+ lost .*; reconnecting$/)]),
      PATIENCE,
    );
    expect(c.ready).toBe(false);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect((await limits.chatByParticipant.take('p1')).allowed).toBe(true); // counted in memory, not refused
    } finally {
      error.mockRestore();
    }
    second = await RedisServer.start({ port: second.port });
    await vi.waitFor(() => expect(lines[1]).toMatch(/^\[redis\] reconnected to redis:\/\/127\.0\.0\.1:\d+ after \d+ ms$/), PATIENCE);
    expect(lines).toHaveLength(2);
    expect(await c.client.ping()).toBe('PONG');
  });
});

describe('hearing leases', () => {
  it('give a hearing to one node only; the other is told who owns it', async () => {
    const { a, b } = await twoNodes(freshPrefix());
    const [ra, rb] = await Promise.all([a.acquire('h1'), b.acquire('h1')]);
    const winner = ra.acquired ? ra : rb;
    const loser = ra.acquired ? rb : ra;
    expect([ra.acquired, rb.acquired].filter(Boolean)).toHaveLength(1);
    if (!winner.acquired || loser.acquired) throw new Error('unreachable');
    expect(loser.owner).toEqual({ nodeId: ra.acquired ? 'node-a' : 'node-b', token: winner.token });
    expect(await a.owner('h1')).toEqual(loser.owner);
  });

  it('stay with their owner while it renews, well past the lease time', async () => {
    const { a, b } = await twoNodes(freshPrefix());
    const lost = losses(a);
    const got = await a.acquire('h1');
    expect(got.acquired).toBe(true);
    const since = Date.now();
    // Asked again and again for three lease times: always refused, always node-a's.
    while (Date.now() - since < 3 * LEASE_MS) {
      const other = await b.acquire('h1');
      expect(other).toMatchObject({ acquired: false, owner: { nodeId: 'node-a' } });
      await new Promise((r) => setTimeout(r, 25)); // the poll interval; the renewal timer runs meanwhile
    }
    expect(lost).toEqual([]);
    expect(a.owned().has('h1')).toBe(true);
  });

  it('pass to another node after the lease time when the owner dies, with a higher fencing token', async () => {
    const prefix = freshPrefix();
    const { b } = await twoNodes(prefix);
    const dying = await connect();
    const a = new HearingLeases({ client: dying.client, nodeId: 'node-a', leaseMs: LEASE_MS, prefix });
    closers.push(() => a.close({ release: false }));
    const lost = losses(a);
    const before = Date.now();
    const first = await a.acquire('h1');
    if (!first.acquired) throw new Error('node-a should own h1');
    // Its connection ends without a release: nothing renews the lease any more.
    await dying.close();
    expect(await b.acquire('h1')).toMatchObject({ acquired: false, owner: { nodeId: 'node-a', token: first.token } });
    const taken = await vi.waitFor(async () => {
      const r = await b.acquire('h1');
      if (!r.acquired) throw new Error('still owned by node-a');
      return r;
    }, PATIENCE);
    // Not before the lease set at acquisition (or a later renewal) ran out.
    expect(Date.now() - before).toBeGreaterThanOrEqual(LEASE_MS);
    expect(taken.token).toBeGreaterThan(first.token);
    expect(await b.owner('h1')).toEqual({ nodeId: 'node-b', token: taken.token });
    // The dead node's side gives it up too (were it only cut off from Redis, it would stop serving it).
    await vi.waitFor(() => expect(lost).toEqual([{ hearingId: 'h1', reason: 'expired' }]), PATIENCE);
    expect(a.owned().has('h1')).toBe(false);
  });

  it('pass at once when the owner releases it', async () => {
    const { a, b } = await twoNodes(freshPrefix());
    const first = await a.acquire('h1');
    if (!first.acquired) throw new Error('node-a should own h1');
    await a.release('h1');
    const second = await b.acquire('h1');
    expect(second).toEqual({ acquired: true, token: first.token + 1 });
    expect(a.owned().size).toBe(0);
  });

  it('tell the old owner its lease was taken when another node holds it', async () => {
    const prefix = freshPrefix();
    const { a, b, ca } = await twoNodes(prefix);
    const lost = losses(a);
    const first = await a.acquire('h1');
    if (!first.acquired) throw new Error('node-a should own h1');
    // As if node-a had stalled past its lease and node-b had taken over meanwhile.
    await ca.client.del(`${prefix}lease:h1`);
    expect(await b.acquire('h1')).toEqual({ acquired: true, token: first.token + 1 });
    await vi.waitFor(() => expect(lost).toEqual([{ hearingId: 'h1', reason: 'taken' }]), PATIENCE);
    expect(await a.owner('h1')).toEqual({ nodeId: 'node-b', token: first.token + 1 });
  });
});

describe('socket.io across nodes (redis-streams adapter)', () => {
  async function node(id: string, prefix: string): Promise<{ node: ClusterNode; io: Server; port: number }> {
    const cluster = await ClusterNode.connect({
      config: { redisUrl: redis.url, nodeId: id, leaseMs: LEASE_MS, presenceTtlMs: LEASE_MS, connectTimeoutMs: 5_000 },
      prefix,
      log: () => undefined,
    });
    const http: HttpServer = createServer();
    const io = new Server(http);
    cluster.shareSockets(io, { blockTimeInMs: 1_000 });
    // What SignalingServer's handshake puts on each socket.
    io.use((socket, next) => {
      Object.assign(socket.data as object, { ref: socket.handshake.auth as { hearingId: string; participantId: string } });
      next();
    });
    io.on('connection', (socket) => void socket.join(`h:${(socket.handshake.auth as { hearingId: string }).hearingId}`));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const port = (http.address() as AddressInfo).port;
    await cluster.announce(`http://127.0.0.1:${port}`);
    closers.push(
      () => cluster.close(),
      () => new Promise((resolve) => io.close(resolve)),
    );
    return { node: cluster, io, port };
  }

  it('deliver a broadcast from one node to a client connected to another, and know where it is connected', async () => {
    const prefix = freshPrefix();
    const a = await node('node-a', prefix);
    const b = await node('node-b', prefix);
    const client: ClientSocket = connectClient(`http://127.0.0.1:${b.port}`, {
      transports: ['websocket'],
      auth: { hearingId: 'h1', participantId: 'p1' },
      reconnection: false,
    });
    closers.push(async () => client.close());
    const received: unknown[] = [];
    client.on('note', (n: unknown) => received.push(n));
    await vi.waitFor(() => expect(client.connected).toBe(true), PATIENCE);
    // Node A sees node B's participant, and broadcasts to the hearing's room on every node.
    await vi.waitFor(async () => expect((await a.node.registry!.participants('h1')).get('p1')).toBe('node-b'), PATIENCE);
    await vi.waitFor(async () => expect(await a.io.in('h:h1').fetchSockets()).toHaveLength(1), PATIENCE);
    await vi.waitFor(() => {
      // Until node B's stream reader has started, a broadcast may pass it by: sent again until one arrives.
      if (received.length === 0) a.io.to('h:h1').emit('note', { from: 'node-a' });
      expect(received).toContainEqual({ from: 'node-a' });
    }, PATIENCE);
    expect(await a.io.in('h:other').fetchSockets()).toHaveLength(0);
    // A disconnect clears that participant's presence.
    client.close();
    await vi.waitFor(async () => expect((await a.node.registry!.participants('h1')).has('p1')).toBe(false), PATIENCE);
  });
});

describe('rate limits on one Redis', () => {
  it('count points spent on one node against the same key on the other', async () => {
    const prefix = freshPrefix();
    const [ca, cb] = [await connect(), await connect()];
    const config = mergeLimits(DEFAULT_LIMITS, { chat: { perParticipant: { points: 5, windowMs: 60_000 } } });
    const onA = createLimits(config, redisLimiterStore(ca.client, prefix));
    const onB = createLimits(config, redisLimiterStore(cb.client, prefix));
    for (let i = 0; i < 3; i++) expect((await onA.chatByParticipant.take('p1')).allowed).toBe(true);
    expect(await onB.chatByParticipant.take('p1')).toMatchObject({ allowed: true, count: 4 });
    expect(await onB.chatByParticipant.take('p1')).toMatchObject({ allowed: true, count: 5 });
    const refusedOnB = await onB.chatByParticipant.take('p1');
    const refusedOnA = await onA.chatByParticipant.take('p1');
    expect(refusedOnB.allowed).toBe(false);
    expect(refusedOnA.allowed).toBe(false);
    expect(refusedOnA.retryAfterMs).toBeGreaterThan(0);
    expect(refusedOnA.retryAfterMs).toBeLessThanOrEqual(60_000);
    // Another participant's budget is untouched; giving points back on one node counts on the other.
    expect((await onA.chatByParticipant.take('p2')).allowed).toBe(true);
    await onB.presenceByParticipant.take('p3', 5);
    await onA.presenceByParticipant.give('p3', 5);
    expect((await onB.presenceByParticipant.peek('p3')).count).toBe(0);
  });
});

describe('node registry', () => {
  it('lists live nodes with their load, and drops a node that stops refreshing after its TTL', async () => {
    const prefix = freshPrefix();
    const dying = await connect();
    const cb = await connect();
    const registry = (client: RedisConnection, nodeId: string, hearings: number) =>
      new NodeRegistry({
        client: client.client,
        nodeId,
        url: `http://${nodeId}.example:8080`,
        ttlMs: LEASE_MS,
        prefix,
        load: () => ({ hearings, participants: 10 * hearings }),
      });
    const a = registry(dying, 'node-a', 1);
    const b = registry(cb, 'node-b', 2);
    closers.push(
      () => a.close(),
      () => b.close(),
    );
    const before = Date.now();
    await Promise.all([a.start(), b.start()]);
    expect(await b.liveNodes()).toMatchObject([
      { id: 'node-a', url: 'http://node-a.example:8080', hearings: 1, participants: 10 },
      { id: 'node-b', url: 'http://node-b.example:8080', hearings: 2, participants: 20 },
    ]);
    // node-a dies (no clean close): its entry outlives it by at most the TTL; node-b's, refreshed, stays.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await dying.close();
      await vi.waitFor(async () => expect((await b.liveNodes()).map((n) => n.id)).toEqual(['node-b']), PATIENCE);
      expect(Date.now() - before).toBeGreaterThanOrEqual(LEASE_MS);
      await a.close(); // its refresh timer, which has been failing since
    } finally {
      warn.mockRestore();
    }
    // A clean stop removes the entry at once.
    await b.close();
    expect(
      await new NodeRegistry({
        client: cb.client,
        nodeId: 'x',
        url: '',
        ttlMs: LEASE_MS,
        prefix,
        load: () => ({ hearings: 0, participants: 0 }),
      }).liveNodes(),
    ).toEqual([]);
  });
});
