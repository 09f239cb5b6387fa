// Last-N in a hearing of sixty, on a real mediasoup worker (media/LastN.ts through MediaRooms and
// HearingRoom, as the server drives them): a receiver consuming everyone's camera is sent the
// pinned presiding judge and the last N active speakers at the high layer, T thumbnails at the
// lowest, and nothing of the rest; when someone else speaks, the set follows. Everyone's audio
// still arrives. The sixty senders are synthetic (tests/support/syntheticRtp.ts): simulcast VP8
// key frames and Opus packets whose audio level the active-speaker observer reads.
import { afterEach, describe, expect, it } from 'vitest';
import type { types } from 'mediasoup';
import type { MediaConfig } from '../../media/MediaConfig.js';
import { MediaRooms } from '../../media/MediaRooms.js';
import { WorkerPool } from '../../media/WorkerPool.js';
import type { HearingRoom } from '../../media/HearingRoom.js';
import type { Forwarding } from '../../media/LastN.js';
import type { MediaEvent } from '../../core/hearing/ports.js';
import { must } from '../support/must.js';
import { eventually } from '../support/server.js';
import { opusWithLevels, RtpCounter, simulcastVp8, SyntheticRtp } from '../support/syntheticRtp.js';

const PEOPLE = 60;
const N = 2;
const T = 3;
/** Who speaks, in turn. */
const SPEAKERS = [20, 40, 50];
const HEARING = 'h-last-n';
const JUDGE = 'p0';
const VIEWER = 'viewer';
/** Two layers per camera: 0 the thumbnail, 1 the high one. */
const TOP = 1;
/** The observer needs a second or two of speech to name a new dominant speaker; a busy machine more. */
const SWITCH = { timeoutMs: 15_000, intervalMs: 100 };

const config = (lastN: number): MediaConfig => ({
  workers: 1,
  listenIp: '127.0.0.1',
  minPort: 40000,
  maxPort: 49999,
  logLevel: 'error',
  initialAvailableOutgoingBitrate: 1_000_000,
  lastN,
  thumbnails: T,
});

const videoSsrcs = (i: number) => [100_000 + 2 * i, 100_001 + 2 * i];
const audioSsrc = (i: number) => 200_000 + i;

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

interface Session {
  rooms: MediaRooms;
  room: HearingRoom;
  rtp: SyntheticRtp;
  counter: RtpCounter;
  events: MediaEvent[];
  /** The viewer's video consumer of each sender. */
  videoOf: Map<string, types.Consumer>;
  audioOf: Map<string, types.Consumer>;
}

/** Sixty senders with a camera and a microphone, the judge pinned, and a viewer consuming them all. */
async function session(lastN: number): Promise<Session> {
  const pool = await WorkerPool.create(config(lastN));
  const rooms = new MediaRooms(pool, config(lastN));
  cleanup.push(() => pool.close());
  cleanup.push(() => rooms.close());
  const events: MediaEvent[] = [];
  rooms.setListener((e) => events.push(e));
  rooms.setPinned(HEARING, JUDGE, true);
  const room = await rooms.room(HEARING);
  const rtp = await SyntheticRtp.open();
  cleanup.push(() => rtp.close());
  for (let i = 0; i < PEOPLE; i++) {
    const id = `p${i}`;
    const video = await room.createPlainTransport(id);
    const audio = await room.createPlainTransport(id);
    await room.produce(id, {
      transportId: video.id,
      kind: 'video',
      source: 'camera',
      paused: false,
      rtpParameters: simulcastVp8(videoSsrcs(i)),
    });
    await room.produce(id, {
      transportId: audio.id,
      kind: 'audio',
      source: 'mic',
      paused: false,
      rtpParameters: opusWithLevels(audioSsrc(i)),
    });
    rtp.addVideo(video, videoSsrcs(i));
    // Only those who will speak send audio; the others' microphones are as quiet as a muted one.
    if (SPEAKERS.includes(i)) rtp.addAudio(audio, audioSsrc(i));
  }
  rtp.start();
  // A camera's layers exist once their first packets arrived.
  const cameras = [...room.peers.values()].flatMap((peer) => [...peer.producers.values()].filter((p) => p.kind === 'video'));
  await eventually(() => cameras.every((p) => p.score.filter((l) => l.score > 0).length === 2), SWITCH);

  const counter = await RtpCounter.open();
  cleanup.push(() => counter.close());
  const ingest = await room.createPlainTransport(VIEWER);
  await counter.punch(ingest.port);
  const videoOf = new Map<string, types.Consumer>();
  const audioOf = new Map<string, types.Consumer>();
  const consumers = must(room.peers.get(VIEWER)).consumers;
  for (const producer of room.listProducers()) {
    const params = await room.consume(VIEWER, {
      transportId: ingest.id,
      producerId: producer.id,
      rtpCapabilities: room.router.rtpCapabilities,
    });
    (producer.kind === 'video' ? videoOf : audioOf).set(producer.participantId, must(consumers.get(params.id)));
    // As a client does once it holds the consumer.
    await room.resumeConsumer(VIEWER, params.id);
  }
  return { rooms, room, rtp, counter, events, videoOf, audioOf };
}

/** Senders by what the viewer is sent of their camera, as last-N decided it. */
function decided(s: Session): Record<Forwarding, string[]> {
  const out: Record<Forwarding, string[]> = { high: [], thumbnail: [], paused: [] };
  const forwarding = s.room.forwardingOf(VIEWER);
  for (const [sender, consumer] of s.videoOf) out[must(forwarding.get(consumer.id), `forwarding of ${sender}`)].push(sender);
  return out;
}

/** Senders by what the worker does with the viewer's consumer of their camera. */
function inWorker(s: Session): Record<Forwarding, string[]> {
  const out: Record<Forwarding, string[]> = { high: [], thumbnail: [], paused: [] };
  for (const [sender, c] of s.videoOf) {
    if (c.paused) out.paused.push(sender);
    else if (c.currentLayers?.spatialLayer === TOP && c.preferredLayers?.spatialLayer === TOP) out.high.push(sender);
    else if (c.currentLayers?.spatialLayer === 0 && c.preferredLayers?.spatialLayer === 0) out.thumbnail.push(sender);
  }
  return out;
}

const sorted = (r: Record<Forwarding, string[]>) => ({
  high: [...r.high].sort(),
  thumbnail: [...r.thumbnail].sort(),
  paused: [...r.paused].sort(),
});

/** Senders whose camera reached the viewer during `ms`. */
async function arriving(s: Session, ms = 1500): Promise<string[]> {
  const before = s.counter.counts();
  await new Promise((r) => setTimeout(r, ms));
  const after = s.counter.counts();
  return [...s.videoOf]
    .filter(([, c]) => {
      const ssrc = must(c.rtpParameters.encodings?.[0]?.ssrc, 'consumer ssrc');
      return (after.get(ssrc) ?? 0) > (before.get(ssrc) ?? 0);
    })
    .map(([sender]) => sender)
    .sort();
}

/** The decision, carried out by the worker: waits until the two agree. */
async function settled(s: Session): Promise<Record<Forwarding, string[]>> {
  const agreed = await eventually(() => {
    const want = sorted(decided(s));
    return JSON.stringify(sorted(inWorker(s))) === JSON.stringify(want) ? want : null;
  }, SWITCH);
  return must(agreed);
}

describe('last-N in a hearing of sixty', () => {
  it('sends the judge and the last N speakers high, T thumbnails, pauses the rest, and follows the speaker', async () => {
    const s = await session(N);
    const count = (r: Record<Forwarding, string[]>) => [r.high.length, r.thumbnail.length, r.paused.length];

    // Before anyone speaks: the judge, then the first consumers made fill the slots.
    let now = await settled(s);
    expect(count(now)).toEqual([N + 1, T, PEOPLE - 1 - N - T]);
    expect(now.high).toContain(JUDGE);
    expect(await arriving(s)).toEqual([...now.high, ...now.thumbnail].sort());

    // Three speak in turn: the last two are sent high, the one before them drops to a thumbnail.
    for (const speaker of SPEAKERS) {
      s.rtp.speak(audioSsrc(speaker));
      await eventually(() => s.room.forwardingOf(VIEWER).get(must(s.videoOf.get(`p${speaker}`)).id) === 'high', SWITCH);
    }
    now = await settled(s);
    expect(now.high.sort()).toEqual([JUDGE, 'p40', 'p50'].sort());
    expect(now.thumbnail).toContain('p20');
    expect(count(now)).toEqual([N + 1, T, PEOPLE - 1 - N - T]);
    expect(await arriving(s)).toEqual([...now.high, ...now.thumbnail].sort());

    // The viewer's client was told which of the videos it wants are held, and p50's was released.
    const held = (consumer: types.Consumer) =>
      s.events.filter((e) => e.type === 'consumerHeld' && e.consumerId === consumer.id).map((e) => e.type === 'consumerHeld' && e.held);
    expect(held(must(s.videoOf.get('p50')))).toEqual([true, false]);
    expect(held(must(s.videoOf.get(JUDGE)))).toEqual([]);

    // Audio is never held: every microphone's consumer is resumed, and the speakers' audio arrives.
    expect([...s.audioOf.values()].filter((c) => c.paused)).toEqual([]);
    const counts = s.counter.counts();
    for (const speaker of SPEAKERS) {
      const ssrc = must(must(s.audioOf.get(`p${speaker}`)).rtpParameters.encodings?.[0]?.ssrc);
      expect(counts.get(ssrc) ?? 0).toBeGreaterThan(0);
    }
  });

  it('forwards everyone at the top layer when last-N is off (the default)', async () => {
    const s = await session(0);
    expect(s.room.forwardingOf(VIEWER).size).toBe(0);
    await eventually(() => [...s.videoOf.values()].every((c) => !c.paused && c.currentLayers?.spatialLayer === TOP), SWITCH);
    expect((await arriving(s)).length).toBe(PEOPLE);
  });
});
