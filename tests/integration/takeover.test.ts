// The take-over rules of server/cluster/Takeover.ts, on a real redis-server and the hearing domain
// (SQLite in memory): which node takes a hearing whose lease is free, when, and what its audit log
// then says. The scans are run by hand (no timers); the recorder is represented by what it is asked
// to recover (failover.test.ts covers the recorder with real processes).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ServerOutages } from '../../core/hearing/ServerOutages.js';
import { HearingLeases } from '../../server/cluster/HearingLeases.js';
import { RedisConnection } from '../../server/cluster/RedisConnection.js';
import { Takeover } from '../../server/cluster/Takeover.js';
import { heartbeatKey, type Outage } from '../../server/Heartbeat.js';
import { makeDomain } from '../support/domain.js';
import { RedisServer } from '../support/redis.js';

const LEASE_MS = 2_000;
let redis: RedisServer;
let connection: RedisConnection;
let run = 0;
const closing: (() => Promise<void>)[] = [];

beforeAll(async () => {
  redis = await RedisServer.start();
  connection = await RedisConnection.connect({ url: redis.url, log: () => undefined });
});
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});
afterAll(async () => {
  await connection?.close();
  await redis?.stop();
});

/** A hearing in session, and nodes on one store and one Redis (a key prefix of this test's own). */
async function cluster() {
  const domain = await makeDomain();
  closing.push(async () => domain.close());
  await domain.seat();
  await domain.bringTo('in_session');
  const prefix = `t${++run}:`;
  const outages = new ServerOutages(domain.store, domain.clock);
  const node = (nodeId: string, previous?: Outage) => {
    const leases = new HearingLeases({ client: connection.client, nodeId, leaseMs: LEASE_MS, prefix });
    const recovered: { outage: Outage; hearingId: string }[] = [];
    const recorder = {
      recover: (outage: Outage, hearingId: string) => {
        recovered.push({ outage, hearingId });
        return Promise.resolve({ tracks: 0, orphans: 0 });
      },
    };
    const takeover = new Takeover({ nodeId, leases, store: domain.store, outages, recorder, previous, log: () => undefined });
    closing.push(async () => {
      await takeover.close();
      await leases.close();
    });
    return { leases, takeover, recovered };
  };
  const beat = (nodeId: string, at: number, clean: boolean) =>
    domain.store.settings.set(heartbeatKey(nodeId), JSON.stringify({ at, pid: 1, clean }));
  const serverEvents = async () =>
    (await domain.store.audit.list(domain.hearing.id))
      .filter((e) => e.type.startsWith('server.'))
      .map((e) => ({ type: e.type, data: e.data }));
  return { hearingId: domain.hearing.id, node, beat, serverEvents };
}

describe('taking over the hearings of a node that stopped', () => {
  it("takes a dead node's hearing at the second scan that finds it free: stopped at its last beat, taken over by this node", async () => {
    const { hearingId, node, beat, serverEvents } = await cluster();
    const a = node('node-a');
    expect(await a.leases.acquire(hearingId)).toMatchObject({ acquired: true }); // A serves it, and is on record
    await a.leases.close({ release: false }); // A dies: its lease runs out by itself
    await beat('node-a', Date.parse('2025-03-01T09:10:00.000Z'), false);

    const b = node('node-b');
    expect(await b.takeover.scan()).toEqual([]); // A's lease still runs
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 100));
    expect(await b.takeover.scan()).toEqual([]); // free once: maybe a hearing whose node is only now taking it
    expect(await b.takeover.scan()).toEqual([hearingId]);

    expect((await b.leases.owner(hearingId))?.nodeId).toBe('node-b');
    expect(b.recovered).toEqual([{ hearingId, outage: { stoppedAtMs: Date.parse('2025-03-01T09:10:00.000Z'), cause: 'server_crashed' } }]);
    expect(await serverEvents()).toEqual([
      { type: 'server.stopped', data: { at: '2025-03-01T09:10:00.000Z', cause: 'server_crashed' } },
      { type: 'server.took_over', data: { node: 'node-b', from: 'node-a', stoppedAt: '2025-03-01T09:10:00.000Z' } },
    ]);
  }, 20_000);

  it('two nodes scanning at once: one takes the hearing over, the other does nothing', async () => {
    const { hearingId, node, serverEvents } = await cluster();
    const b = node('node-b');
    const c = node('node-c');
    await Promise.all([b.takeover.scan(), c.takeover.scan()]);
    const taken = await Promise.all([b.takeover.scan(), c.takeover.scan()]);
    expect(taken.flat()).toEqual([hearingId]);
    expect([...b.recovered, ...c.recovered]).toHaveLength(1);
    // Nobody was on record and no node ever beat: the outage is unknown, and said so.
    expect(await serverEvents()).toEqual([
      { type: 'server.took_over', data: { node: taken[0]!.length ? 'node-b' : 'node-c', from: null, stoppedAt: null } },
    ]);
  }, 20_000);

  it('a hearing whose node holds its lease is never touched', async () => {
    const { hearingId, node, serverEvents } = await cluster();
    const a = node('node-a');
    await a.leases.acquire(hearingId);
    const b = node('node-b');
    for (let i = 0; i < 3; i++) expect(await b.takeover.scan()).toEqual([]);
    expect(b.recovered).toEqual([]);
    expect(await serverEvents()).toEqual([]);
  }, 20_000);

  it('after a clean stop the node that takes the hearing adds no stop of its own', async () => {
    const { hearingId, node, beat, serverEvents } = await cluster();
    const a = node('node-a');
    await a.leases.acquire(hearingId);
    await a.leases.release(hearingId); // a graceful stop gives the lease back (and audits its own stop)
    await beat('node-a', Date.parse('2025-03-01T09:20:00.000Z'), true);
    const b = node('node-b');
    await b.takeover.scan();
    expect(await b.takeover.scan()).toEqual([hearingId]);
    expect(await serverEvents()).toEqual([
      { type: 'server.took_over', data: { node: 'node-b', from: 'node-a', stoppedAt: '2025-03-01T09:20:00.000Z' } },
    ]);
  }, 20_000);

  it('a node restarted under the same name recovers its own hearing from its previous run: the server is back, nobody took over', async () => {
    const { hearingId, node, serverEvents } = await cluster();
    const before = node('node-a');
    await before.leases.acquire(hearingId);
    await before.leases.release(hearingId);
    const previous: Outage = { stoppedAtMs: Date.parse('2025-03-01T09:30:00.000Z'), cause: 'server_crashed' };
    const again = node('node-a', previous);
    await again.takeover.scan();
    expect(await again.takeover.scan()).toEqual([hearingId]);
    expect(again.recovered).toEqual([{ hearingId, outage: previous }]);
    expect(await serverEvents()).toEqual([
      { type: 'server.stopped', data: { at: '2025-03-01T09:30:00.000Z', cause: 'server_crashed' } },
      { type: 'server.started', data: { stoppedAt: '2025-03-01T09:30:00.000Z' } },
    ]);
  }, 20_000);
});
