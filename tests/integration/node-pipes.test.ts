// Media between two nodes over PipeTransports with SRTP, set up through a real redis-server
// (server/cluster/PipeBroker.ts, media/NodePipe.ts, media/EdgeRoom.ts). Two media nodes in this
// process, each with its own mediasoup worker pool, rooms and Redis connection: the judge sends
// synthetic RTP to node A's room of the hearing; node B asks A for the hearing and serves a
// loopback receiver of its own (a TV) from the piped producers, counting the RTP that arrives.
import type { types } from 'mediasoup';
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaConfig } from '../../media/MediaConfig.js';
import { MediaRooms } from '../../media/MediaRooms.js';
import type { EdgeRoom } from '../../media/EdgeRoom.js';
import { WorkerPool } from '../../media/WorkerPool.js';
import { PipeBroker } from '../../server/cluster/PipeBroker.js';
import { RedisConnection } from '../../server/cluster/RedisConnection.js';
import { RedisServer } from '../support/redis.js';
import { createNetnsLink, netnsUnavailable, type NetnsLink } from '../support/netns.js';
import { eventually } from '../support/server.js';
import { must } from '../support/must.js';
import { opusWithLevels, RtpCounter, simulcastVp8, SyntheticRtp } from '../support/syntheticRtp.js';

const HEARING = 'h-node-pipes';
const VIDEO_SSRC = 0x1111;
const AUDIO_SSRC = 0x2222;
const PATIENCE = { timeoutMs: 15_000, intervalMs: 50 };

const mediaConfig = (minPort: number, listenIp = '127.0.0.1'): MediaConfig => ({
  workers: 1,
  listenIp,
  minPort,
  maxPort: minPort + 999,
  logLevel: 'error',
  initialAvailableOutgoingBitrate: 1_000_000,
});

/** One media node: its workers, its rooms, its Redis connection and its pipe broker. */
interface MediaNode {
  id: string;
  pool: WorkerPool;
  rooms: MediaRooms;
  redis: RedisConnection;
  broker: PipeBroker;
}

let redis: RedisServer;
let a: MediaNode;
let b: MediaNode;
let rtp: SyntheticRtp;
const counters: RtpCounter[] = [];
const prefix = `vcourt-test-${process.pid}:`;

async function mediaNode(id: string, minPort: number, listenIp?: string, netns?: NetnsLink): Promise<MediaNode> {
  const config = mediaConfig(minPort, listenIp);
  const pool = await (netns ? netns.withWorkersInside(() => WorkerPool.create(config)) : WorkerPool.create(config));
  const rooms = new MediaRooms(pool, config);
  const connection = await RedisConnection.connect({ url: redis.url, log: () => undefined });
  const broker = await PipeBroker.start({ nodeId: id, redis: connection, media: rooms, workers: pool, config, prefix, timeoutMs: 5_000 });
  return { id, pool, rooms, redis: connection, broker };
}

async function stopNode(node: MediaNode | undefined): Promise<void> {
  if (!node) return;
  await node.broker.close();
  node.rooms.close();
  node.pool.close();
  await node.redis.close();
}

beforeAll(async () => {
  redis = await RedisServer.start();
  a = await mediaNode('node-a', 41000);
  b = await mediaNode('node-b', 42000);
  rtp = await SyntheticRtp.open();
  rtp.start({ fps: 30 });
});

afterAll(async () => {
  rtp?.close();
  for (const c of counters.splice(0)) c.close();
  await stopNode(b);
  await stopNode(a);
  await redis?.stop();
});

/** The judge's ingest on node A (a loopback PlainTransport) and a producer on it fed synthetic RTP. */
async function judgeSends(kind: 'video' | 'audio'): Promise<string> {
  const room = await a.rooms.room(HEARING);
  const ingest = await room.createPlainTransport('judge');
  const video = kind === 'video';
  const producer = await a.rooms.produce(HEARING, 'judge', {
    transportId: ingest.id,
    kind,
    rtpParameters: video ? simulcastVp8([VIDEO_SSRC]) : opusWithLevels(AUDIO_SSRC),
    source: video ? 'camera' : 'mic',
    paused: false,
  });
  if (video) rtp.addVideo(ingest, [VIDEO_SSRC]);
  else rtp.addAudio(ingest, AUDIO_SSRC);
  return producer.id;
}

/** A receiver on node B's edge room: a loopback PlainTransport sending to a counting socket of this test. */
async function tvOn(edge: EdgeRoom) {
  const transport = await edge.createPlainReceiver('tv-1');
  const counter = await RtpCounter.open();
  counters.push(counter);
  await counter.punch(transport.port);
  const total = () => [...counter.counts().values()].reduce((n, c) => n + c, 0);
  return {
    consume: (producerId: string) => edge.consume(transport.id, producerId),
    total,
    /** At least `atLeast` more packets arrive than have so far, within the bound. */
    flowing: async (atLeast = 20) => {
      const before = total();
      await eventually(() => total() > before + atLeast, PATIENCE);
    },
  };
}

describe('media between nodes over pipe transports', () => {
  let videoId: string;
  let edge: EdgeRoom;
  let tv: Awaited<ReturnType<typeof tvOn>>;
  let videoOnB: types.Consumer;

  it('pipes the hearing from its origin node to a node that asks, over SRTP', async () => {
    videoId = await judgeSends('video');
    edge = await b.broker.join(HEARING, 'node-a');
    expect(await b.broker.join(HEARING, 'node-a')).toBe(edge); // one room per hearing on a node
    expect(edge.producerIds).toEqual([videoId]);

    tv = await tvOn(edge);
    videoOnB = await tv.consume(videoId);
    await tv.flowing();

    // Both ends of the pipe encrypt: each has its own SRTP key, and each is connected to the other.
    const origin = must(a.broker.pipesOf(HEARING).get('node-b'), "node A's pipe to node B").transport;
    const there = must(edge.pipe, "node B's pipe").transport;
    for (const t of [origin, there]) expect(t.srtpParameters?.cryptoSuite).toMatch(/AES/);
    expect(origin.srtpParameters?.keyBase64).not.toBe(there.srtpParameters?.keyBase64);
    expect(origin.tuple.remotePort).toBe(there.tuple.localPort);
    expect(there.tuple.remotePort).toBe(origin.tuple.localPort);
    const [sent] = await origin.getStats();
    const [received] = await there.getStats();
    expect(must(sent, 'origin pipe stats').rtpBytesSent).toBeGreaterThan(0);
    expect(must(received, 'edge pipe stats').rtpBytesReceived).toBeGreaterThan(0);
  });

  it('sends a producer made later on the origin to the node, and follows its pause', async () => {
    const audioId = await judgeSends('audio');
    await eventually(() => edge.producerIds.includes(audioId), PATIENCE);
    await tv.consume(audioId);
    await tv.flowing();

    await a.rooms.setProducerPaused(HEARING, 'judge', audioId, true);
    await eventually(() => edge.pipe?.received(audioId)?.paused === true, PATIENCE);
    await a.rooms.setProducerPaused(HEARING, 'judge', audioId, false);
    await eventually(() => edge.pipe?.received(audioId)?.paused === false, PATIENCE);
  });

  it('keeps a side room on its node: a participant leaving the courtroom stops being piped, and is piped again on return', async () => {
    a.rooms.setRooms(HEARING, [{ participantId: 'judge', room: 'deliberation' }]);
    await eventually(() => edge.producerIds.length === 0, PATIENCE);
    expect(videoOnB.closed).toBe(true);
    a.rooms.setRooms(HEARING, [{ participantId: 'judge', room: 'courtroom' }]);
    await eventually(() => edge.producerIds.length === 2, PATIENCE);
    videoOnB = await tv.consume(videoId);
    await tv.flowing();
  });

  it("closes the node's copy, and its consumers, when the producer closes on the origin", async () => {
    await a.rooms.closeProducer(HEARING, 'judge', videoId);
    await eventually(() => !edge.producerIds.includes(videoId), PATIENCE);
    expect(videoOnB.closed).toBe(true);
    await expect(tv.consume(videoId)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a hearing the origin does not hold, and gives up on a node that does not answer', async () => {
    // Stray publishes on a node's channel are dropped, not half-understood.
    for (const stray of ['not json', JSON.stringify({ type: 'open', hearingId: HEARING })]) {
      await a.redis.client.publish(`${prefix}pipe:node-a`, stray);
    }
    await expect(b.broker.join('h-elsewhere', 'node-a')).rejects.toThrow(/no media room/);
    const started = Date.now();
    await expect(b.broker.join('h-nobody', 'node-gone')).rejects.toThrow(/did not answer/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("closes the node's pipe and room when the origin's side closes; asking again pipes anew", async () => {
    a.rooms.closeRoom(HEARING);
    await eventually(() => edge.closed, PATIENCE);
    expect(edge.pipe?.closed).toBe(true);
    expect(edge.router.closed).toBe(true);
    expect(b.broker.edgeRoom(HEARING)).toBeUndefined();
    expect(a.broker.pipesOf(HEARING).size).toBe(0);

    // The hearing runs again on A; B asks again and receives.
    const again = await judgeSends('audio');
    edge = await b.broker.join(HEARING, 'node-a');
    expect(edge.producerIds).toEqual([again]);
    tv = await tvOn(edge);
    await tv.consume(again);
    await tv.flowing();
  });

  it("closes the origin's pipe when the node's room closes", async () => {
    expect(a.broker.pipesOf(HEARING).size).toBe(1);
    edge.close();
    edge.close(); // idempotent
    await eventually(() => a.broker.pipesOf(HEARING).size === 0, PATIENCE);
  });
});

const noNetns = netnsUnavailable();
if (noNetns) console.warn(`[node-pipes] the two-namespace case is skipped: ${noNetns}`);

describe.skipIf(noNetns)('media between nodes in two network namespaces', () => {
  const HEARING_NS = 'h-node-pipes-netns';
  let netns: NetnsLink | undefined;
  let origin: MediaNode | undefined;
  let far: MediaNode | undefined;

  beforeAll(async () => {
    netns = createNetnsLink();
    origin = await mediaNode('node-c', 43000, netns.hostIp);
    far = await mediaNode('node-d', 44000, netns.nsIp, netns);
  });
  afterAll(async () => {
    await stopNode(far);
    await stopNode(origin);
    netns?.remove();
  });

  it('delivers the judge to a node whose worker sees the origin only over the link, SRTP on', async () => {
    const [c, d, link] = [must(origin), must(far), must(netns)];
    const room = await c.rooms.room(HEARING_NS);
    const ingest = await room.createPlainTransport('judge');
    const video = await c.rooms.produce(HEARING_NS, 'judge', {
      transportId: ingest.id,
      kind: 'video',
      rtpParameters: simulcastVp8([0x3333]),
      source: 'camera',
      paused: false,
    });
    rtp.addVideo(ingest, [0x3333]);
    const edge = await d.broker.join(HEARING_NS, 'node-c');

    // The TV's socket is on the test's side of the link; its transport inside the namespace.
    const tv = await edge.createPlainReceiver('tv-ns', link.nsIp);
    const socket = createSocket('udp4');
    let packets = 0;
    socket.on('message', () => packets++);
    await new Promise<void>((resolve) => socket.bind(0, link.hostIp, resolve));
    try {
      socket.send(Buffer.from([0x80, 0x7f, 0, 1, 0, 0, 0, 0, 0x0b, 0xad, 0xca, 0xfe]), tv.port, link.nsIp);
      await edge.consume(tv.id, video.id);
      await eventually(() => packets > 20, PATIENCE);
    } finally {
      socket.close();
    }

    const sending = must(c.broker.pipesOf(HEARING_NS).get('node-d'), "node C's pipe").transport;
    const receiving = must(edge.pipe, "node D's pipe").transport;
    expect(sending.tuple).toMatchObject({ localAddress: link.hostIp, remoteIp: link.nsIp });
    expect(receiving.tuple).toMatchObject({ localAddress: link.nsIp, remoteIp: link.hostIp });
    for (const t of [sending, receiving]) expect(t.srtpParameters?.cryptoSuite).toMatch(/AES/);
    const [received] = await receiving.getStats();
    expect(must(received, 'edge pipe stats').rtpBytesReceived).toBeGreaterThan(0);

    await c.rooms.closeProducer(HEARING_NS, 'judge', video.id);
    await eventually(() => edge.producerIds.length === 0, PATIENCE);
  });
});
