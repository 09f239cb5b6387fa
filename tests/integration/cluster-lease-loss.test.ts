// A hearing is served by one node at a time, on two real vcourt nodes (PostgreSQL, redis-server):
// a node whose lease is lost gives the hearing up (its sockets there reconnect and are sent to the
// new owner), and a node restarted within one lease does not serve on the lease its previous run
// left: it waits for it to run out and takes the hearing over, holding the lease in this run. A
// hearing's IP cameras are pulled by the node that holds it, and by no other.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SiteView } from '../../core/protocol/model.js';
import type { ErrorBody } from '../../core/protocol/signaling.js';
import { HearingLeases } from '../../server/cluster/HearingLeases.js';
import { CLUSTER_PATIENCE as PATIENCE, startTwoNodes, type TwoNodes } from '../support/cluster.js';
import {
  type CaseCreated,
  createHearing,
  type DeviceRegistered,
  type HearingCreated,
  joinWith,
  TestClient,
  type Seat,
  type TestServer,
} from '../support/server.js';

const LEASE_MS = 3_000;
let nodes: TwoNodes;
let a: TestServer;
let b: TestServer;
const keep = (client: TestClient, seat: Seat) => nodes.keep(client, seat.participant.id);

beforeAll(async () => {
  nodes = await startTwoNodes({ leaseMs: LEASE_MS });
  ({ a, b } = nodes);
}, 120_000);

afterAll(() => nodes?.stop());

/** Resolves with why the client was disconnected, or 'still connected' after `ms`. */
function disconnectedWithin(client: TestClient, ms: number): Promise<string> {
  return Promise.race([client.disconnected, new Promise<string>((resolve) => setTimeout(() => resolve('still connected'), ms))]);
}

describe('one node at a time serves a hearing', () => {
  it('drops the sockets of a hearing whose lease this node lost, so that they reconnect to the new owner', async () => {
    const { hearing, seats } = await createHearing(a, ['judge']);
    const judge = keep((await joinWith(a.base, seats.judge.token)).client, seats.judge);
    await judge.ok({ type: 'hearing.transition', action: 'open' });
    await vi.waitFor(() => expect(a.running.cluster?.leases.owned().has(hearing.id)).toBe(true), PATIENCE);

    // B gets the lease behind A's back (as after a partition that outlived A's lease).
    await nodes.observer.client.del(`vcourt:lease:${hearing.id}`);
    expect(await b.running.cluster!.leases.acquire(hearing.id)).toMatchObject({ acquired: true });

    // A finds out at its next renewal (a third of the lease) and closes the judge's transport: not
    // socket.io's final disconnect, so a browser reconnects by itself.
    expect(await disconnectedWithin(judge, LEASE_MS)).toBe('transport close');
    expect(a.running.cluster?.gaveUp(hearing.id)).toBe(true);
    // Reconnecting to A, the judge is sent to B.
    const error = await TestClient.connect(a.base, seats.judge.token).then(
      (client) => (keep(client, seats.judge), undefined),
      (e: Error & { data?: ErrorBody }) => e.data,
    );
    expect(error).toMatchObject({ code: 'moved', details: { nodeId: 'node-b' } });
  });

  it('does not serve on the lease its previous run left: waits for it to run out, then takes the hearing over', async () => {
    const { hearing, seats } = await createHearing(a, ['defendant']);
    // B's previous run held the lease of the running hearing and stopped without giving it back.
    const previousRun = new HearingLeases({ client: nodes.observer.client, nodeId: 'node-b', leaseMs: 1_000 });
    const since = Date.now();
    expect(await previousRun.acquire(hearing.id)).toMatchObject({ acquired: true });
    await previousRun.close({ release: false });
    await a.running.store.hearings.setState(hearing.id, 'open', new Date().toISOString());

    keep(await TestClient.connect(b.base, seats.defendant.token), seats.defendant);
    // Served by B holding the lease in this run (renewed, and its record recovered), not the old one.
    expect(Date.now() - since).toBeGreaterThanOrEqual(950);
    expect(b.running.cluster?.leases.owned().has(hearing.id)).toBe(true);
  });

  it("pulls a hearing's cameras on the node that holds its lease only, and moves them with the lease", async () => {
    // A courtroom camera (an address that answers nothing: only its ingest is watched here),
    // attached to the hearing scheduled there, through A's API.
    const site = (await a.api<{ site: SiteView }>('POST', '/api/sites', { name: 'Phòng xử án số 2', kind: 'courtroom' })).body.site;
    const registered = await a.api<DeviceRegistered>('POST', `/api/sites/${site.id}/devices`, {
      kind: 'camera',
      name: 'Camera toàn cảnh',
      rtspUrl: 'rtsp://10.255.255.1:8554/cam1',
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const kase = await a.api<CaseCreated>('POST', '/api/cases', { number: `HS-${Math.random().toString(36).slice(2, 7)}`, title: 'Vụ án' });
    const created = await a.api<HearingCreated>('POST', '/api/hearings', {
      caseId: kase.body.case.id,
      title: 'Phiên sơ thẩm',
      scheduledAt: new Date().toISOString(),
      courtroomSiteId: site.id,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const hearingId = created.body.hearing.id;
    const [camera] = await a.running.store.participants.listByDevice(registered.body.device.id);
    const pulledBy = () => [a, b].filter((n) => n.running.cameras.ingest(camera!.id)).map((n) => n.running.cluster?.config.nodeId);
    // Attached on A, but nobody holds the hearing yet: nobody pulls the camera.
    expect(pulledBy()).toEqual([]);

    expect(await b.running.cluster!.leases.acquire(hearingId)).toMatchObject({ acquired: true });
    await vi.waitFor(() => expect(pulledBy()).toEqual(['node-b']), PATIENCE);

    // A takes the lease over behind B's back: B stops the camera once it finds out, A pulls it.
    await nodes.observer.client.del(`vcourt:lease:${hearingId}`);
    expect(await a.running.cluster!.leases.acquire(hearingId)).toMatchObject({ acquired: true });
    await vi.waitFor(() => expect(pulledBy()).toEqual(['node-a']), PATIENCE);
  });
});
