// The client's own session (client/src/core/HearingSession.ts, run under Node as the benchmark bots
// do) reaching the node that does not serve its hearing: it follows `moved` to the node that does,
// with the same invitation, and waits in that node's lobby. Two real nodes on PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HearingSession } from '../../../client/src/core/HearingSession.js';
import { CLUSTER_PATIENCE as PATIENCE, startTwoNodes, type TwoNodes } from '../../support/cluster.js';
import { createHearing, joinWith } from '../../support/server.js';

let nodes: TwoNodes;

beforeAll(async () => {
  nodes = await startTwoNodes();
}, 120_000);

afterAll(() => nodes?.stop());

describe('the client’s session on two nodes', () => {
  it('follows a move to the node that serves the hearing, and waits in its lobby', async () => {
    const { a, b, leases } = nodes;
    const { hearing, seats } = await createHearing(a, ['judge', 'witness']);
    const judge = nodes.keep((await joinWith(a.base, seats.judge.token)).client, seats.judge.participant.id);
    await judge.ok({ type: 'hearing.transition', action: 'open' });
    await vi.waitFor(async () => expect((await leases.owner(hearing.id))?.nodeId).toBe('node-a'), PATIENCE);

    const id = seats.witness.participant.id;
    const session = new HearingSession({ token: seats.witness.token, role: 'witness', url: b.base });
    try {
      session.connect();
      await vi.waitFor(() => expect(session.getSnapshot()).toMatchObject({ phase: 'lobby', connected: true }), PATIENCE);
      expect([a.running.service.isConnected(id), b.running.service.isConnected(id)]).toEqual([true, false]);
    } finally {
      session.dispose();
    }
    await vi.waitFor(() => expect(a.running.service.isConnected(id)).toBe(false), PATIENCE);
  });
});
