// The recorder's bound on tracks at once (recordings/RecorderSlots.ts), over the real server: with
// a bound of one track per hearing, a defendant's camera and microphone (real RTP) get one
// recorder between them. The other waits unrecorded: the bench is alerted (recording.alert,
// recorder_limit), the status says failing, the interruption is audited, and once the recorded
// track goes its slot passes on, the waiting track is recorded, and its time without a record is a
// recorder_limit gap in the index.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { must } from '../support/must.js';
import { feedTestMedia, type RtpFeed } from '../support/rtpFeed.js';
import { createHearing, eventually, joinWith, startTestServer, type TestClient, type TestServer } from '../support/server.js';

let server: TestServer;
const clients: TestClient[] = [];
const feeds: RtpFeed[] = [];
const previous = process.env.VCOURT_RECORDER_TRACKS_PER_HEARING;

beforeAll(async () => {
  // Read by server/main.ts (recorderLimits) when the server starts; this file runs in its own process.
  process.env.VCOURT_RECORDER_TRACKS_PER_HEARING = '1';
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
  if (previous === undefined) delete process.env.VCOURT_RECORDER_TRACKS_PER_HEARING;
  else process.env.VCOURT_RECORDER_TRACKS_PER_HEARING = previous;
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(feeds.splice(0).map((f) => f.stop()));
});

describe('the recorder’s bound on tracks per hearing', () => {
  it('a track past the bound waits unrecorded with the bench alerted, and is recorded once a slot frees', async () => {
    const { hearing, seats } = await createHearing(server, ['judge', 'defendant']);
    const judge = (await joinWith(server.base, seats.judge.token)).client;
    const defendant = (await joinWith(server.base, seats.defendant.token)).client;
    clients.push(judge, defendant);
    const defendantId = seats.defendant.participant.id;
    await judge.ok({ type: 'lobby.admit', participantId: defendantId });
    const { recorder, media } = server.running;
    expect(recorder.slots.limits.tracksPerHearing).toBe(1);

    const mark = judge.mark();
    const feed = await feedTestMedia(server, hearing.id, defendantId); // the camera first, then the microphone
    feeds.push(feed);
    const alert = await judge.waitFor('recording.alert', (n) => n.cause === 'recorder_limit', { after: mark, timeoutMs: 10_000 });
    expect(alert).toMatchObject({ trackId: feed.audioProducerId, participantId: defendantId, kind: 'audio', source: 'mic' });
    expect(recorder.processes(hearing.id).map((p) => p.trackId)).toEqual([feed.videoProducerId]);

    await judge.ok({ type: 'hearing.transition', action: 'open' });
    await judge.ok({ type: 'hearing.transition', action: 'start' });
    // In session, the camera is recorded and the microphone is not: the bench sees the record failing.
    await eventually(
      async () => (await recorder.timeline(hearing.id)).tracks.some((t) => t.trackId === feed.videoProducerId && t.segments.length > 0),
      {
        timeoutMs: 30_000,
        intervalMs: 250,
      },
    );
    await judge.waitFor('recording.status', (n) => n.state === 'failing', { after: mark, timeoutMs: 10_000 });
    expect(recorder.processes(hearing.id)).toHaveLength(1);
    expect(recorder.slots.held(hearing.id)).toBe(1);

    // The camera goes: once its recorder has finished, the microphone takes the slot and is recorded.
    const waitingSince = Date.now();
    await media.closeProducer(hearing.id, defendantId, feed.videoProducerId);
    await eventually(
      async () => (await recorder.timeline(hearing.id)).tracks.some((t) => t.trackId === feed.audioProducerId && t.segments.length > 0),
      {
        timeoutMs: 30_000,
        intervalMs: 250,
      },
    );
    expect(recorder.processes(hearing.id).map((p) => p.trackId)).toEqual([feed.audioProducerId]);
    const gap = must(
      (await recorder.index.gaps(hearing.id)).find((g) => g.cause === 'recorder_limit'),
      'the recorder_limit gap',
    );
    expect(gap).toMatchObject({ trackId: feed.audioProducerId, participantId: defendantId });
    expect(gap.endMs! - gap.startMs).toBeGreaterThan(0);
    expect(gap.endMs!).toBeGreaterThanOrEqual(waitingSince - 1000);

    const audit = await server.running.store.audit.list(hearing.id);
    // On a busy machine other gaps (a silent camera) may come first: the limit's are looked for.
    const limited = (type: string) => audit.find((e) => e.type === type && (e.data as { cause?: string }).cause === 'recorder_limit');
    expect(limited('recording.interrupted')).toMatchObject({
      data: { cause: 'recorder_limit', trackId: feed.audioProducerId },
    });
    expect(limited('recording.gap')).toMatchObject({
      data: { cause: 'recorder_limit', trackId: feed.audioProducerId },
    });
  }, 90_000);
});
