// Faults of the recorder itself over the real server: a recording ffmpeg frozen (SIGSTOP) while
// its producer keeps sending is caught by the watchdog, killed and restarted at once; the judge is
// alerted ('recorder_hung'), the index holds a recorder_hung gap over the freeze, and no indexed
// segment claims continuity it does not have (no jump over a second inside any of them).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { packetTimes } from '../../core/lib/ffmpeg.js';
import { findHoles } from '../../recordings/segmentContinuity.js';
import { inSessionWithMedia } from '../support/inSession.js';
import type { RtpFeed } from '../support/rtpFeed.js';
import { eventually, startTestServer, TestClient, type TestServer } from '../support/server.js';

let server: TestServer;
const clients: TestClient[] = [];
const feeds: RtpFeed[] = [];
/** Recorder pids a test froze: thawed whatever happens, so nothing is left stopped. */
const frozen = new Set<number>();

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});
afterEach(async () => {
  for (const pid of frozen) {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // gone (the watchdog killed it)
    }
  }
  frozen.clear();
  for (const c of clients.splice(0)) c.close();
  await Promise.all(feeds.splice(0).map((f) => f.stop()));
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('faults of the recorder', () => {
  it('a recorder frozen while its producer sends is killed and restarted: recorder_hung, alerted, and no segment spans the freeze', async () => {
    const { hearingId, judge, feed, recorder } = await inSessionWithMedia(server, { clients, feeds });
    const audio = recorder.processes(hearingId).find((p) => p.trackId === feed.audioProducerId);
    const pid = audio?.pid;
    expect(pid).toBeDefined();
    const mark = judge.mark();
    frozen.add(pid!);
    const frozenAt = Date.now();
    process.kill(pid!, 'SIGSTOP');

    const alert = await judge.waitFor('recording.alert', (n) => n.trackId === feed.audioProducerId, { after: mark, timeoutMs: 20_000 });
    const alertedAfter = Date.now() - frozenAt;
    expect(alert.cause).toBe('recorder_hung');
    // A new ffmpeg records the track; the frozen one was killed (SIGKILL works on a stopped process).
    const restarted = await eventually(
      () => {
        const now = recorder.processes(hearingId).find((p) => p.trackId === feed.audioProducerId);
        return now?.state === 'recording' && now.pid !== undefined && now.pid !== pid ? now : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(restarted).toBeDefined();
    await eventually(() => !alive(pid!), { timeoutMs: 5000 });

    const gap = await eventually(async () => (await recorder.index.gaps(hearingId)).find((g) => g.cause === 'recorder_hung'), {
      timeoutMs: 20_000,
    });
    expect(gap!.trackId).toBe(feed.audioProducerId);
    // From the last finished segment's end (before the freeze) to the new run's first packet.
    expect(gap!.startMs).toBeLessThanOrEqual(frozenAt);
    expect(gap!.endMs!).toBeGreaterThan(frozenAt + 2000);
    expect(gap!.endMs!).toBeLessThanOrEqual(Date.now());
    const audited = await eventually(async () =>
      (await server.running.store.audit.list(hearingId)).find(
        (e) => e.type === 'recording.interrupted' && e.data.cause === 'recorder_hung',
      ),
    );
    expect(audited).toBeDefined();

    // Recording goes on: the new run finishes a segment after the gap.
    await eventually(
      async () => (await recorder.index.segments(hearingId)).some((s) => s.trackId === feed.audioProducerId && s.startMs >= gap!.endMs!),
      {
        timeoutMs: 20_000,
      },
    );
    const segments = await recorder.index.segments(hearingId);
    const spanning: string[] = [];
    for (const s of segments) {
      const holes = findHoles(await packetTimes(s.file), (s.endMs - s.startMs) / 1000);
      if (holes.length) spanning.push(`${s.file}: ${JSON.stringify(holes)}`);
      expect(s.startMs >= gap!.endMs! || s.endMs <= gap!.startMs || s.trackId !== gap!.trackId).toBe(true);
    }
    expect(spanning).toEqual([]);
    // Only the frozen track was hung: the other one recorded throughout.
    expect((await recorder.index.gaps(hearingId)).filter((g) => g.cause === 'recorder_hung')).toHaveLength(1);
    const gapMs = gap!.endMs! - gap!.startMs;
    const stoppedToCapture = gap!.endMs! - frozenAt;
    console.log(
      `[recorder-faults] SIGSTOP → alert ${alertedAfter} ms; SIGSTOP → restarted capture ${stoppedToCapture} ms; ` +
        `gap ${gapMs} ms (${frozenAt - gap!.startMs} ms of it before the freeze: the unfinished segment)`,
    );
  }, 180_000);
});
