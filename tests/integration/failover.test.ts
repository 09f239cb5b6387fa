// Two vcourt nodes, each a process of its own, on one PostgreSQL, one Redis and one shared data
// folder (recordings included), with a short lease. Node A serves a recorded hearing in session.
// Node B starting beside it leaves that hearing alone. Then A is killed (SIGKILL): B takes the
// lease within the time the code promises (the lease running out, then two scans of at most 0.6
// lease each), and the record says what happened: A stopped (crashed) at its last beat, B took the
// hearing over, A's tracks are ended, and each cut-off source's gap runs from its last captured
// instant until B captures it again. Last, B stops gracefully and a third node takes over without a crash.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../core/hearing/types.js';
import { HearingLeases } from '../../server/cluster/HearingLeases.js';
import { RedisConnection } from '../../server/cluster/RedisConnection.js';
import { expectCrashTakenOver } from '../support/cluster.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { RedisServer } from '../support/redis.js';
import { createHearing, eventually, joinWith, type AuditLog, type Seat, type TestClient } from '../support/server.js';
import { freePort, VcourtProcess } from '../support/vcourtProcess.js';

const LEASE_MS = 1_500;
/** What the code promises after the owner dies (lease, then two scans of at most 0.6 lease), and room for a busy machine. */
const TAKEOVER_BOUND_MS = LEASE_MS + 2 * 0.6 * LEASE_MS + 12_000;

interface IndexView {
  tracks: { id: string; participantId: string; endedAtMs: number | null }[];
  segments: { trackId: string; seq: number; endMs: number }[];
}

let postgres: TestPostgres;
let redis: RedisServer;
let observer: RedisConnection;
let leases: HearingLeases;
let databaseUrl: string;
let dataDir: string;
const nodes: VcourtProcess[] = [];
const clients: TestClient[] = [];
let a: VcourtProcess;
let b: VcourtProcess;
let hearingId: string;
let seats: Record<'judge' | 'defendant', Seat>;

async function startNode(nodeId: string): Promise<VcourtProcess> {
  const node = await VcourtProcess.start(dataDir, await freePort(), {
    VCOURT_DATABASE_URL: databaseUrl,
    VCOURT_REDIS_URL: redis.url,
    VCOURT_NODE_ID: nodeId,
    VCOURT_LEASE_MS: String(LEASE_MS),
    VCOURT_PRESENCE_TTL_MS: String(LEASE_MS),
  });
  nodes.push(node);
  return node;
}

async function enter(node: VcourtProcess, seat: Seat): Promise<TestClient> {
  const { client } = await joinWith(node.base, seat.token);
  clients.push(client);
  return client;
}

const audit = async (node: VcourtProcess): Promise<AuditEvent[]> =>
  (await node.api<AuditLog>('GET', `/api/hearings/${hearingId}/audit`)).body.events;
const serverEvents = (events: AuditEvent[]) => events.filter((e) => e.type.startsWith('server.'));
const index = (node: VcourtProcess) => node.ask<IndexView>({ cmd: 'index', hearingId });

/** Both sources of the defendant have an open track with at least one indexed segment. */
async function capturing(node: VcourtProcess): Promise<IndexView> {
  return (await eventually(
    async () => {
      const view = await index(node);
      const open = view.tracks.filter((t) => t.participantId === seats.defendant.participant.id && t.endedAtMs === null);
      return open.length === 2 && open.every((t) => view.segments.some((s) => s.trackId === t.id)) ? view : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  ))!;
}

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), RedisServer.start()]);
  databaseUrl = await postgres.createDatabase();
  observer = await RedisConnection.connect({ url: redis.url, log: () => undefined });
  leases = new HearingLeases({ client: observer.client, nodeId: 'observer', leaseMs: LEASE_MS });
  dataDir = mkdtempSync(join(tmpdir(), 'vcourt-failover-'));

  a = await startNode('node-a');
  const created = await createHearing(a, ['judge', 'defendant']);
  hearingId = created.hearing.id;
  seats = created.seats;
  const judge = await enter(a, seats.judge);
  await enter(a, seats.defendant);
  await judge.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });
  await a.ask({ cmd: 'feed', hearingId, participantId: seats.defendant.participant.id });
  await judge.ok({ type: 'hearing.transition', action: 'open' });
  await judge.ok({ type: 'hearing.transition', action: 'start' });
  await capturing(a);
  expect((await leases.owner(hearingId))?.nodeId).toBe('node-a');
}, 180_000);

afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(nodes.splice(0).map((n) => n.kill()));
  await observer?.close();
  await Promise.all([redis?.stop(), postgres?.stop()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('fail-over between two nodes', () => {
  it('a node starting beside the owner leaves its hearing alone', async () => {
    const before = await audit(a);
    b = await startNode('node-b');
    // B would have taken the hearing at its second scan, at most 1.2 lease after its start: wait well past it.
    const since = Date.now();
    await eventually(() => Date.now() - since > 3 * LEASE_MS, { timeoutMs: 10_000, intervalMs: 100 });
    expect((await leases.owner(hearingId))?.nodeId).toBe('node-a');
    expect(serverEvents(await audit(b))).toEqual(serverEvents(before));
    const view = await index(b);
    expect(view.tracks.filter((t) => t.endedAtMs === null)).toHaveLength(2); // A's tracks, still recording
  }, 60_000);

  it('killing the owner moves the hearing to the survivor, and the record shows the gap truthfully', async () => {
    const cutOff = (await capturing(a)).tracks.filter((t) => t.endedAtMs === null);
    for (const c of clients.splice(0)) c.close();
    const killedAt = Date.now();
    process.kill(a.pid, 'SIGKILL');
    await a.exited;

    const owner = (await eventually(
      async () => {
        const lease = await leases.owner(hearingId);
        return lease?.nodeId === 'node-b' ? lease : undefined;
      },
      { timeoutMs: TAKEOVER_BOUND_MS, intervalMs: 100 },
    ))!;
    const tookMs = Date.now() - killedAt;
    expect(owner.nodeId).toBe('node-b');
    expect(tookMs).toBeLessThanOrEqual(TAKEOVER_BOUND_MS);

    // The audit log: A crashed at its last beat (within a beat of the kill, a write's time aside), B took over.
    const events = (await eventually(
      async () => {
        const all = serverEvents(await audit(b));
        return all.some((e) => e.type === 'server.took_over') ? all : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    ))!;
    const lastBeat = expectCrashTakenOver(events, { killedAt, node: 'node-b', from: 'node-a' });

    // None of A's tracks is left open: each ended no earlier than A's last beat.
    const after = await index(b);
    for (const t of cutOff) {
      const ended = after.tracks.find((x) => x.id === t.id)?.endedAtMs;
      expect(ended).not.toBeNull();
      expect(ended).toBeGreaterThanOrEqual(lastBeat);
    }
    expect(after.tracks.filter((t) => t.endedAtMs === null)).toEqual([]);

    // The defendant comes back through B: each cut-off source's gap ends when B captures it again.
    const judge = await enter(b, seats.judge);
    await enter(b, seats.defendant);
    expect(judge).toBeDefined();
    const back = await b.ask<{ audioProducerId: string; videoProducerId: string }>({
      cmd: 'feed',
      hearingId,
      participantId: seats.defendant.participant.id,
    });
    const mediaBackAt = Date.now();
    const resumed = await capturing(b);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const gaps = (await eventually(
        async () => {
          const { rows } = await db.query<{ track_id: string; started_at: string; ended_at: string | null }>(
            "SELECT track_id, started_at, ended_at FROM recording_gaps WHERE hearing_id = $1 AND cause = 'server_crashed'",
            [hearingId],
          );
          return rows.length === 2 ? rows : undefined;
        },
        { timeoutMs: 15_000, intervalMs: 200 },
      ))!;
      const lastCaptured = (trackId: string) => Math.max(...resumed.segments.filter((s) => s.trackId === trackId).map((s) => s.endMs));
      for (const g of gaps) {
        expect([back.audioProducerId, back.videoProducerId]).toContain(g.track_id);
        expect(cutOff.map((t) => lastCaptured(t.id))).toContain(Date.parse(g.started_at));
        expect(Date.parse(g.started_at)).toBeLessThanOrEqual(killedAt);
        expect(g.ended_at).not.toBeNull();
        expect(Date.parse(g.ended_at!)).toBeGreaterThanOrEqual(mediaBackAt - 1000);
      }
      console.log(`[failover] lease moved to node-b ${tookMs} ms after the kill; gaps end ${gaps.map((g) => g.ended_at).join(', ')}`);
    } finally {
      await db.end();
    }
  }, 180_000);

  it('a graceful stop of the owner: its own stop in the log, then the take-over, and no crash', async () => {
    const c = await startNode('node-c');
    const before = serverEvents(await audit(c)).length;
    for (const client of clients.splice(0)) client.close();
    process.kill(b.pid, 'SIGTERM');
    expect((await b.exited).code).toBe(0);
    await eventually(async () => (await leases.owner(hearingId))?.nodeId === 'node-c', { timeoutMs: TAKEOVER_BOUND_MS, intervalMs: 100 });
    const events = (await eventually(
      async () => {
        const added = serverEvents(await audit(c)).slice(before);
        return added.some((e) => e.type === 'server.took_over') ? added : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    ))!;
    expect(events.map((e) => [e.type, e.data.cause])).toEqual([
      ['server.stopped', 'server_stopped'],
      ['server.took_over', undefined],
    ]);
    expect(events[1]!.data).toMatchObject({ node: 'node-c', from: 'node-b' });
    // The clean beat follows the stop's own audit event, before the lease was given back.
    expect(Date.parse(events[1]!.data.stoppedAt as string)).toBeGreaterThanOrEqual(Date.parse(events[0]!.data.at as string));
    expect((await index(c)).tracks.filter((t) => t.endedAtMs === null)).toEqual([]);
  }, 180_000);
});
