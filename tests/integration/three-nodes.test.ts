// Three vcourt nodes, each in a network namespace of its own (tests/support/threeNodes.ts), on one
// PostgreSQL and one Redis reached over veth links, with a short lease. A hearing in session (and so
// recorded) on A: the participants whose first connection goes to B and to C are moved to A,
// admitted there, and one's media (plain RTP from the test's namespace to A's address) reaches the
// other's receiver. Killing A (SIGKILL): B or C takes the hearing over within the lease and two
// scans, the audit log says so truthfully (A's stop at its last beat, the take-over, each cut-off
// source's gap), and the participants, reconnecting through the other survivor, are moved to the
// new owner, admitted, and their media flows again. Killing the survivor that serves nothing
// leaves the hearing, its lease, its audit log and its recording untouched, and the media flowing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../core/hearing/types.js';
import type { FfmpegProcess } from '../../core/lib/ffmpeg.js';
import type { ErrorBody } from '../../core/protocol/signaling.js';
import { expectCrashTakenOver } from '../support/cluster.js';
import { sendTestMedia, type TestMediaIngest } from '../support/rtpFeed.js';
import { createHearing, eventually, joinWith, TestClient, type AuditLog, type Seat } from '../support/server.js';
import { RtpSink, startThreeNodes, type NodeInNamespace, type ThreeNodes } from '../support/threeNodes.js';

const LEASE_MS = 1_500;
/** What the code promises after the owner dies (lease, then two scans of at most 0.6 lease), and room for a busy machine. */
const TAKEOVER_BOUND_MS = LEASE_MS + 2 * 0.6 * LEASE_MS + 12_000;
const PATIENCE = { timeoutMs: 20_000, intervalMs: 100 };

type Role = 'judge' | 'defendant' | 'counsel';
interface IndexView {
  tracks: { id: string; participantId: string; endedAtMs: number | null }[];
  segments: { trackId: string }[];
}
let cluster: ThreeNodes;
let hearingId: string;
let seats: Record<Role, Seat>;
const clients: TestClient[] = [];
const senders: FfmpegProcess[] = [];
const sinks: RtpSink[] = [];
/** The counsel's receiver now, and the node that serves the hearing now. */
let sink: RtpSink;
let owner: NodeInNamespace;
let spare: NodeInNamespace;

const audit = async (node: NodeInNamespace): Promise<AuditEvent[]> =>
  (await node.process.api<AuditLog>('GET', `/api/hearings/${hearingId}/audit`)).body.events;
const serverEvents = (events: AuditEvent[]) => events.filter((e) => e.type.startsWith('server.'));

/** A participant reaching `first`: moved to `to` (when it is not `first`), served and joined there. */
async function enter(role: Role, first: NodeInNamespace, to: NodeInNamespace, judge?: TestClient): Promise<TestClient> {
  const seat = seats[role];
  if (first !== to) {
    const moved: ErrorBody | undefined = await TestClient.refusal(first.url, seat.token);
    expect(moved).toMatchObject({ code: 'moved', details: { url: to.url, nodeId: to.id } });
  }
  const { client, snapshot } = await joinWith(to.url, seat.token);
  clients.push(client);
  if (snapshot.self.status === 'admitted') return client;
  const mark = client.mark();
  await judge!.ok({ type: 'lobby.admit', participantId: seat.participant.id });
  await client.waitFor('participant.updated', (n) => n.participant.id === seat.participant.id && n.participant.status === 'admitted', {
    after: mark,
    timeoutMs: PATIENCE.timeoutMs,
  });
  return client;
}

/**
 * The defendant sends a test pattern and a tone from the test's namespace to `node`'s address; the
 * counsel, told of them through signalling, receives both there on a socket of the test's namespace.
 */
async function mediaBetween(node: NodeInNamespace, counsel: TestClient): Promise<void> {
  const { defendant } = seats;
  const mark = counsel.mark();
  const ingest = await node.process.ask<TestMediaIngest>({
    cmd: 'ingest',
    hearingId,
    participantId: defendant.participant.id,
    ip: node.ip,
  });
  expect([ingest.audio.ip, ingest.video.ip]).toEqual([node.ip, node.ip]);
  senders.push(sendTestMedia(ingest));
  for (const id of [ingest.audioProducerId, ingest.videoProducerId]) {
    await counsel.waitFor('media.producerAdded', (n) => n.producer.id === id && n.producer.participantId === defendant.participant.id, {
      after: mark,
      timeoutMs: PATIENCE.timeoutMs,
    });
  }
  sink = await RtpSink.open(cluster.hostIp);
  sinks.push(sink);
  const participantId = seats.counsel.participant.id;
  const rx = await node.process.ask<{ transportId: string; ip: string; port: number }>({
    cmd: 'receiver',
    hearingId,
    participantId,
    ip: node.ip,
  });
  expect(rx.ip).toBe(node.ip);
  await sink.punch(rx.ip, rx.port);
  for (const producerId of [ingest.audioProducerId, ingest.videoProducerId]) {
    await node.process.ask({ cmd: 'consume', hearingId, participantId, transportId: rx.transportId, producerId });
  }
  await flowing(sink, 2);
}

/** The defendant's two open tracks in `node`'s index (audio and video), once each has a segment. */
async function capturing(node: NodeInNamespace): Promise<{ id: string; segments: number }[]> {
  return (await eventually(
    async () => {
      const view = await node.process.ask<IndexView>({ cmd: 'index', hearingId });
      const open = view.tracks.filter((t) => t.participantId === seats.defendant.participant.id && t.endedAtMs === null);
      const tracks = open.map((t) => ({ id: t.id, segments: view.segments.filter((s) => s.trackId === t.id).length }));
      return tracks.length === 2 && tracks.every((t) => t.segments > 0) ? tracks : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  ))!;
}

/** Packets keep arriving on `streams` SSRCs (audio and video): each gains at least 20, within the bound. */
async function flowing(rx: RtpSink, streams: number): Promise<void> {
  const before = rx.counts();
  await eventually(() => {
    const now = [...rx.counts()].filter(([ssrc, n]) => n > (before.get(ssrc) ?? 0) + 20);
    return now.length >= streams;
  }, PATIENCE);
}

beforeAll(async () => {
  cluster = await startThreeNodes({ leaseMs: LEASE_MS });
  ({
    hearing: { id: hearingId },
    seats,
  } = await createHearing(cluster.nodes.a.process, ['judge', 'defendant', 'counsel']));
}, 120_000);

afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of senders.splice(0)) s.child.kill('SIGKILL');
  for (const s of sinks.splice(0)) s.close();
  await cluster?.stop();
});

describe('three nodes in network namespaces of their own', () => {
  it('moves participants who reach B and C to the owner A, where they see and hear each other', async () => {
    const { a, b, c } = cluster.nodes;
    const live = await cluster.registry.liveNodes();
    expect(live.map((n) => [n.id, n.url])).toEqual([a, b, c].map((n) => [n.id, n.url]));

    const judge = await enter('judge', a, a);
    await judge.ok({ type: 'hearing.transition', action: 'open' });
    await eventually(async () => (await cluster.leases.owner(hearingId))?.nodeId === 'node-a', PATIENCE);
    await enter('defendant', b, a, judge);
    const counsel = await enter('counsel', c, a, judge);
    // In session, and so recorded: a stop now is an outage of the hearing, on its record.
    await judge.ok({ type: 'hearing.transition', action: 'start' });
    await mediaBetween(a, counsel);
    expect((await cluster.leases.owner(hearingId))?.nodeId).toBe('node-a');
    owner = a;
  }, 90_000);

  it('killing the owner: B or C takes the hearing over, says so in the record, and serves the participants again', async () => {
    const { a, b, c } = cluster.nodes;
    for (const client of clients.splice(0)) client.close();
    for (const s of senders.splice(0)) s.child.kill('SIGKILL');
    const killedAt = Date.now();
    await a.process.kill();

    const lease = (await eventually(
      async () => {
        const now = await cluster.leases.owner(hearingId);
        return now && now.nodeId !== 'node-a' ? now : undefined;
      },
      { timeoutMs: TAKEOVER_BOUND_MS, intervalMs: 100 },
    ))!;
    const tookMs = Date.now() - killedAt;
    expect(['node-b', 'node-c']).toContain(lease.nodeId);
    [owner, spare] = lease.nodeId === 'node-b' ? [b, c] : [c, b];

    // The record: A stopped (crashed) at its last beat, before the kill; the new owner took over from it.
    const events = (await eventually(async () => {
      const all = serverEvents(await audit(owner));
      return all.some((e) => e.type === 'server.took_over') ? all : undefined;
    }, PATIENCE))!;
    expectCrashTakenOver(events, { killedAt, node: owner.id, from: 'node-a' });

    // Back through the survivor that does not serve the hearing: moved to the one that does.
    const judge = await enter('judge', spare, owner);
    await enter('defendant', spare, owner, judge);
    const counsel = await enter('counsel', spare, owner, judge);
    await mediaBetween(owner, counsel);
    // Each of the defendant's sources has its gap on record: from before the kill until captured here again.
    const gaps = (await eventually(async () => {
      const all = (await audit(owner)).filter((e) => e.type === 'recording.gap' && e.data.cause === 'server_crashed');
      return all.length === 2 ? all : undefined;
    }, PATIENCE))!;
    for (const gap of gaps) {
      expect(gap.data.participantId).toBe(seats.defendant.participant.id);
      expect(Date.parse(gap.data.startedAt as string)).toBeLessThanOrEqual(killedAt);
      expect(Date.parse(gap.data.endedAt as string)).toBeGreaterThan(killedAt);
    }
    console.log(`[three-nodes] ${owner.id} took the hearing over ${tookMs} ms after node-a was killed`);
  }, 90_000);

  it('killing a node that serves nothing leaves the hearing, its record and its media alone', async () => {
    const lease = await cluster.leases.owner(hearingId);
    const before = await audit(owner);
    const tracks = await capturing(owner);
    await spare.process.kill();
    const killedAt = Date.now();

    // Gone from the live nodes once its entry expires; then a lease and two scans more, in which
    // anything the survivor would do about it has been done.
    await eventually(async () => !(await cluster.registry.liveNodes()).some((n) => n.id === spare.id), PATIENCE);
    await eventually(() => Date.now() - killedAt > 3 * LEASE_MS, PATIENCE);
    await flowing(sink, 2);
    expect(await cluster.leases.owner(hearingId)).toEqual(lease);
    // The same tracks record on, each with segments more than before.
    await eventually(async () => {
      const now = await capturing(owner);
      return tracks.every((t) => now.some((n) => n.id === t.id && n.segments > t.segments));
    }, PATIENCE);
    const after = await audit(owner);
    expect(after.slice(before.length).map((e) => [e.type, e.data])).toEqual([]);
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).not.toContain(spare.id);
  }, 60_000);
});
