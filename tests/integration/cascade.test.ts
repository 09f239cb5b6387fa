// Cascaded routers inside one node (media/RouterTree.ts, media/placement.ts) on three real
// mediasoup workers: the judge sends real RTP (ffmpeg → PlainTransport producers, rtpFeed.ts) to
// the hearing's origin router; receive-only viewers past the origin's threshold land on two edge
// routers on the other workers, and each viewer's loopback PlainTransport consumer sends to a UDP
// socket of this test that counts packets. Pipes are counted in the routers' own dumps.
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaEvent } from '../../core/hearing/ports.js';
import type { MediaConfig } from '../../media/MediaConfig.js';
import { MediaRooms } from '../../media/MediaRooms.js';
import { WorkerPool } from '../../media/WorkerPool.js';
import type { HearingRoom } from '../../media/HearingRoom.js';
import { feedTestMedia, type RtpFeed } from '../support/rtpFeed.js';
import { eventually } from '../support/server.js';
import { must } from '../support/must.js';
import { mediaReceiver, type MediaReceiver } from '../support/mediaReceiver.js';

const HEARING = 'h-cascade';
// Edges once the origin holds two receivers (counsel and viewer-0), at most two: the other viewers spread.
const config: MediaConfig = {
  workers: 3,
  listenIp: '127.0.0.1',
  minPort: 40000,
  maxPort: 49999,
  logLevel: 'error',
  initialAvailableOutgoingBitrate: 1_000_000,
  edgeAfter: 2,
  maxEdges: 2,
};

let pool: WorkerPool;
let rooms: MediaRooms;
let room: HearingRoom;
let feed: RtpFeed;
const events: MediaEvent[] = [];
const receivers: MediaReceiver[] = [];

beforeAll(async () => {
  pool = await WorkerPool.create(config);
  rooms = new MediaRooms(pool, config);
  rooms.setListener((e) => events.push(e));
  // What server/main.ts asks the store: here, whoever is called viewer-… never sends.
  rooms.setReceiveOnly((_hearingId, participantId) => Promise.resolve(participantId.startsWith('viewer')));
  room = await rooms.room(HEARING);
  feed = await feedTestMedia({ running: { media: rooms } }, HEARING, 'judge');
});
afterAll(async () => {
  for (const r of receivers.splice(0)) r.close();
  await feed?.stop();
  rooms?.close();
  pool?.close();
});

/** A viewer (mediaReceiver.ts: a loopback PlainTransport counting what arrives) and the edge it was placed on. */
async function viewer(participantId: string) {
  const rx = await mediaReceiver(rooms, HEARING, participantId);
  receivers.push(rx);
  return Object.assign(rx, {
    /** The edge router it was placed on, or undefined on the origin. */
    edge: () => room.tree.edgeOf(rx.transportId),
  });
}
type Viewer = Awaited<ReturnType<typeof viewer>>;

/** Packets arriving now at every one of them: more than before within the bound. */
async function flowing(viewers: Viewer[]): Promise<void> {
  const before = viewers.map((v) => v.packets);
  await eventually(() => viewers.every((v, i) => v.packets > before[i]! + 10), { timeoutMs: 20_000, intervalMs: 100 });
}

const consumersOf = async (router: types.Router, id: string) =>
  (await router.dump()).mapProducerIdConsumerIds.find((e) => e.key === id)?.values.length ?? 0;

/** The producers a router holds (on an edge: its pipe producers), from the worker's own dump. */
const producersOn = async (router: types.Router) => (await router.dump()).mapProducerIdConsumerIds.map((e) => e.key);

/** CPU seconds (user + system) each worker has used so far. */
async function cpuByWorker(): Promise<Record<number, number>> {
  const usage = await Promise.all(pool.workers.map(async (w) => [w.pid, await w.getResourceUsage()] as const));
  return Object.fromEntries(usage.map(([pid, u]) => [pid, (u.ru_utime + u.ru_stime) / 1000]));
}

describe('cascaded routers', () => {
  let viewers: Viewer[];

  it('delivers the judge to every viewer on the origin and on two edges, each producer piped once per edge', async () => {
    // Someone who may send receives on the origin however full it is.
    const counselRecv = await rooms.createTransport(HEARING, 'counsel', 'recv');
    expect(room.tree.edgeOf(counselRecv.id)).toBeUndefined();

    viewers = [];
    for (let i = 0; i < 5; i++) viewers.push(await viewer(`viewer-${i}`));
    const [first, ...rest] = viewers;
    expect(must(first, 'viewer-0').edge()).toBeUndefined();
    const edges = [...new Set(rest.map((v) => must(v.edge(), `${v.participantId}'s edge`)))];
    expect(edges).toHaveLength(2);
    expect(new Set([room.worker.pid, ...room.tree.view().edges.map((e) => e.workerPid)]).size).toBe(3);
    for (const edge of edges) expect(rest.filter((v) => v.edge() === edge)).toHaveLength(2);

    // Everyone asks at once: the pipes are made once per (producer, edge) all the same.
    const producers = [feed.audioProducerId, feed.videoProducerId];
    await Promise.all(viewers.flatMap((v) => producers.map((p) => v.consume(p))));
    await flowing(viewers);

    for (const edge of edges) {
      expect((await producersOn(edge)).sort()).toEqual([...producers].sort());
      for (const p of producers) expect(await consumersOf(edge, p)).toBe(2);
    }
    // On the origin: viewer-0's consumer and one pipe consumer per edge, not one per edge viewer.
    for (const p of producers) expect(await consumersOf(room.router, p)).toBe(1 + edges.length);
    expect(room.tree.view().edges.map((e) => [e.receivers, e.consumers, e.piped.length])).toEqual([
      [2, 4, 2],
      [2, 4, 2],
    ]);
    console.info('[cascade] CPU seconds by worker (origin %d):', room.worker.pid, await cpuByWorker());
  });

  it('closes the pipes and the edge consumers with the producer', async () => {
    const mark = events.length;
    await rooms.closeProducer(HEARING, 'judge', feed.videoProducerId);
    const closed = () => events.slice(mark).filter((e) => e.type === 'consumerClosed');
    await eventually(() => closed().length === viewers.length);
    expect(new Set(closed().map((e) => (e.type === 'consumerClosed' ? e.participantId : '')))).toEqual(
      new Set(viewers.map((v) => v.participantId)),
    );
    await eventually(() => room.tree.view().edges.every((e) => e.piped.join() === feed.audioProducerId));
    for (const edge of room.tree.view().edges) expect(edge.consumers).toBe(2);
    const onEdge = must(viewers[1], 'viewer-1').edge();
    expect(await producersOn(must(onEdge, 'an edge'))).toEqual([feed.audioProducerId]);
    await flowing(viewers); // the judge's voice goes on
  });

  it('tells the receivers of an edge whose worker dies, while the origin and the other edge run on', async () => {
    const lost = must(viewers[1], 'viewer-1');
    const lostEdge = must(lost.edge(), 'viewer-1 edge');
    const dead = must(
      room.tree.view().edges.find((e) => e.routerId === lostEdge.id),
      'the edge',
    ).workerPid;
    const gone = viewers.filter((v) => v.edge() === lostEdge);
    const kept = viewers.filter((v) => v.edge() !== lostEdge);
    const mark = events.length;

    process.kill(dead, 'SIGKILL');
    await eventually(() => events.slice(mark).some((e) => e.type === 'roomReset'), { timeoutMs: 10_000 });
    expect(events.slice(mark).find((e) => e.type === 'roomReset')).toMatchObject({
      hearingId: HEARING,
      reason: expect.stringMatching(/edge router/),
    });
    const closedFor = events.slice(mark).flatMap((e) => (e.type === 'consumerClosed' ? [e.participantId] : []));
    expect(new Set(closedFor)).toEqual(new Set(gone.map((v) => v.participantId)));

    expect(room.closed).toBe(false);
    expect(rooms.existingRoom(HEARING)).toBe(room);
    expect(room.tree.view().edges.map((e) => e.workerPid)).not.toContain(dead);
    expect(rooms.listProducers(HEARING).map((p) => p.id)).toEqual([feed.audioProducerId]);
    await flowing(kept);

    // The pool replaces the worker; a new viewer is placed on an edge again and hears the judge.
    await eventually(() => pool.workers.length === 3, { timeoutMs: 10_000 });
    const late = await viewer('viewer-late');
    expect(late.edge()).toBeDefined();
    await late.consume(feed.audioProducerId);
    await flowing([late]);
  });

  it('closes an edge, and its pipes, once its last receiver leaves', async () => {
    const late = must(room.peers.get('viewer-late'), 'the late viewer');
    const edge = must(room.tree.edgeOf(must([...late.transports.keys()][0], 'its transport')), 'its edge');
    const onOrigin = await consumersOf(room.router, feed.audioProducerId);
    const mark = events.length;
    rooms.closePeer(HEARING, 'viewer-late');
    await eventually(() => edge.closed);
    expect(room.tree.view().edges.map((e) => e.routerId)).not.toContain(edge.id);
    await eventually(async () => (await consumersOf(room.router, feed.audioProducerId)) === onOrigin - 1);
    expect(events.slice(mark).filter((e) => e.type === 'roomReset')).toEqual([]);
  });

  it('closes the edges with the room', async () => {
    const edges = viewers.flatMap((v) => v.edge() ?? []);
    expect(edges.length).toBeGreaterThan(0);
    room.close();
    room.close(); // idempotent
    expect(edges.every((r) => r.closed)).toBe(true);
    expect(room.tree.view().edges).toEqual([]);
  });
});
