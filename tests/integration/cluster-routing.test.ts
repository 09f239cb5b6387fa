// Placement v1 across two real vcourt nodes on one PostgreSQL and one redis-server: a participant
// may reach either node; the node that does not serve the hearing answers `moved` with the URL of
// the one that does, and the participant, following it with the same invitation, is served there.
// A running hearing that nobody serves is taken by the node the participant reached. Only the
// nodes' own origins (and none other) may open a socket.
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ErrorBody } from '../../core/protocol/signaling.js';
import { HearingLeases } from '../../server/cluster/HearingLeases.js';
import { CLUSTER_PATIENCE as PATIENCE, startTwoNodes, type TwoNodes } from '../support/cluster.js';
import { createHearing, joinWith, TestClient, type Seat, type TestServer } from '../support/server.js';

let nodes: TwoNodes;
let a: TestServer;
let b: TestServer;
let leases: HearingLeases;
const keep = (client: TestClient, seat: Seat) => nodes.keep(client, seat.participant.id);

/** The refusal of a connection, or a failure when it connects. */
async function refusal(base: string, seat: Seat): Promise<ErrorBody> {
  const error = await TestClient.connect(base, seat.token).then(
    (client) => (keep(client, seat), undefined),
    (e: Error & { data?: ErrorBody }) => e,
  );
  if (!error?.data) throw new Error(`connection to ${base} was not refused with a reason: ${String(error?.message ?? 'it connected')}`);
  return error.data;
}

/** A WebSocket handshake as a browser page of `origin` would make it: connected, or why not. */
function connectFrom(base: string, origin: string, token: string): Promise<'connected' | string> {
  const socket = io(base, {
    path: '/socket.io',
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { origin },
  });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (e) => resolve(e.message));
  }).finally(() => socket.close());
}

beforeAll(async () => {
  // A long lease: the nodes' take-over scans (every half lease, a hearing seen free at two in a row)
  // stay out of the way of the participant's connection, which is what these tests are about.
  nodes = await startTwoNodes({ leaseMs: 6_000 });
  ({ a, b, leases } = nodes);
}, 120_000);

afterAll(() => nodes?.stop());

describe('a participant reaching either of two nodes', () => {
  it('is sent to the node that serves the hearing, and is admitted there', async () => {
    const { hearing, seats } = await createHearing(a, ['judge', 'defendant']);
    const judge = keep((await joinWith(a.base, seats.judge.token)).client, seats.judge);
    await judge.ok({ type: 'hearing.transition', action: 'open' });
    await vi.waitFor(async () => expect((await leases.owner(hearing.id))?.nodeId).toBe('node-a'), PATIENCE);

    const moved = await refusal(b.base, seats.defendant);
    expect(moved.code).toBe('moved');
    expect(moved.details).toEqual({ url: a.running.url, nodeId: 'node-a' });

    // Followed with the same invitation: served on A, in its lobby, and admitted by the judge there.
    const defendant = keep(await TestClient.connect((moved.details as { url: string }).url, seats.defendant.token), seats.defendant);
    const joined = await defendant.ok({ type: 'join' });
    expect(joined.self.status).toBe('lobby');
    const mark = defendant.mark();
    await judge.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });
    await defendant.waitFor(
      'participant.updated',
      (n) => n.participant.id === seats.defendant.participant.id && n.participant.status === 'admitted',
      {
        after: mark,
      },
    );
    // Redirecting took nothing away from A: it still owns the hearing.
    expect((await leases.owner(hearing.id))?.nodeId).toBe('node-a');
  });

  it('makes the node it reached the owner of a running hearing that nobody serves', async () => {
    const { hearing, seats } = await createHearing(a, ['defendant', 'witness']);
    // Not running yet: the first node reached holds its lobby (and then the hearing).
    const early = keep(await TestClient.connect(b.base, seats.witness.token), seats.witness);
    expect((await leases.owner(hearing.id))?.nodeId).toBe('node-b');
    expect(await refusal(a.base, seats.defendant)).toMatchObject({ code: 'moved', details: { nodeId: 'node-b' } });
    early.close();
    // B lets it go (as when it stops): the lease is free again.
    await b.running.cluster!.leases.release(hearing.id);
    expect(await leases.owner(hearing.id)).toBeUndefined();

    // Running, and nobody holds its lease (its node stopped and the lease ran out): written to the
    // shared store directly, as no node's service does it.
    await a.running.store.hearings.setState(hearing.id, 'open', new Date().toISOString());
    keep(await TestClient.connect(b.base, seats.defendant.token), seats.defendant);
    expect((await leases.owner(hearing.id))?.nodeId).toBe('node-b');
    expect(b.running.cluster?.leases.owned().has(hearing.id)).toBe(true);

    // From now on A sends this hearing's participants to B.
    const moved = await refusal(a.base, seats.witness);
    expect(moved).toMatchObject({ code: 'moved', details: { url: b.running.url, nodeId: 'node-b' } });
  });

  it('waits for the lease of a node that died to run out, then serves the hearing', async () => {
    const { hearing, seats } = await createHearing(a, ['defendant']);
    // A node that is not listed (it died) holds the lease of a running hearing, and renews it no more.
    const ghost = new HearingLeases({ client: nodes.observer.client, nodeId: 'node-gone', leaseMs: 1_000 });
    const since = Date.now();
    expect(await ghost.acquire(hearing.id)).toMatchObject({ acquired: true });
    await ghost.close({ release: false });
    await a.running.store.hearings.setState(hearing.id, 'open', new Date().toISOString());
    keep(await TestClient.connect(b.base, seats.defendant.token), seats.defendant);
    // Not before the lease ran out in Redis (set after `since`), and then B is the owner.
    expect(Date.now() - since).toBeGreaterThanOrEqual(950);
    expect((await leases.owner(hearing.id))?.nodeId).toBe('node-b');
  });

  it('lets only the nodes’ own pages open a socket', async () => {
    const { seats } = await createHearing(a, ['observer']);
    expect(await connectFrom(a.base, 'https://elsewhere.example', seats.observer.token)).not.toBe('connected');
    expect(await connectFrom(a.base, b.running.url, seats.observer.token)).toBe('connected');
    expect(await connectFrom(a.base, a.running.url, seats.observer.token)).toBe('connected');
  });
});
