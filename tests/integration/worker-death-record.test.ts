// A dying mediasoup worker costs the record what it costs the media: the real worker is killed
// with SIGKILL in a recorded session; the participant's media comes back on the replacement as
// soon as their client rebuilds (here: at once on media.reset), and the record's gap runs from the
// last captured instant to the new capture, labelled as the server's fault (media_worker_died),
// with the bench told at once. The old runs' ffmpeg exits are not waited for before the new
// producers are tapped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must } from '../support/must.js';
import { feedTestMedia, type RtpFeed } from '../support/rtpFeed.js';
import { createHearing, eventually, joinWith, startTestServer, type TestClient, type TestServer } from '../support/server.js';

let server: TestServer;
const clients: TestClient[] = [];
const feeds: RtpFeed[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all(feeds.map((f) => f.stop()));
  await server?.stop();
});

describe('mediasoup worker death in a recorded session', () => {
  it('the gap lasts as long as the media was out, is labelled media_worker_died, and the bench is alerted', async () => {
    const { hearing, seats } = await createHearing(server, ['judge', 'defendant']);
    const judge = (await joinWith(server.base, seats.judge.token)).client;
    const defendant = (await joinWith(server.base, seats.defendant.token)).client;
    clients.push(judge, defendant);
    const defendantId = seats.defendant.participant.id;
    await judge.ok({ type: 'lobby.admit', participantId: defendantId });
    feeds.push(await feedTestMedia(server, hearing.id, defendantId));
    await judge.ok({ type: 'hearing.transition', action: 'open' });
    await judge.ok({ type: 'hearing.transition', action: 'start' });
    const { recorder } = server.running;
    await eventually(async () => (await recorder.timeline(hearing.id)).tracks.filter((t) => t.segments.length > 0).length === 2, {
      timeoutMs: 20_000,
    });

    // The defendant's client rebuilds its media the moment it hears of the reset.
    const rebuilt = new Promise<{ feed: RtpFeed; at: number }>((resolve, reject) => {
      defendant.socket.on('notification', (n: { type: string }) => {
        if (n.type !== 'media.reset') return;
        feedTestMedia(server, hearing.id, defendantId).then((feed) => resolve({ feed, at: Date.now() }), reject);
      });
    });
    const mark = judge.mark();
    const killedAt = Date.now();
    process.kill(must(server.running.pool.workers[0], 'the media worker').pid, 'SIGKILL');
    const { feed, at: mediaBackAt } = await rebuilt;
    feeds.push(feed);

    // The bench hears at once that the server was at fault.
    const alert = await judge.waitFor('recording.alert', (n) => n.cause === 'media_worker_died', { after: mark, timeoutMs: 10_000 });
    expect(alert).toMatchObject({ participantId: defendantId });

    const gaps = (await eventually(
      async () => {
        const found = (await recorder.index.gaps(hearing.id)).filter((g) => g.cause === 'media_worker_died');
        return found.length === 2 ? found : undefined;
      },
      { timeoutMs: 20_000 },
    ))!;
    expect(new Set(gaps.map((g) => g.trackId))).toEqual(new Set([feed.audioProducerId, feed.videoProducerId]));
    const outMs = mediaBackAt - killedAt;
    for (const g of gaps) {
      expect(g.participantId).toBe(defendantId);
      expect(g.endMs).not.toBeNull();
      // It starts where capture stopped and ends where the new capture began, no earlier.
      expect(g.startMs).toBeLessThanOrEqual(killedAt + 500);
      expect(g.endMs!).toBeGreaterThanOrEqual(mediaBackAt - 500);
    }
    const lengths = gaps.map((g) => g.endMs! - g.startMs);
    console.log(`[worker death] media out ${outMs} ms (kill → client re-sent); record gaps ${lengths.join(', ')} ms`);
    // Not waiting on the old runs: the gap is the outage plus one ffmpeg start and the first
    // packets (a key frame for video), never the old runs' idle exit on top.
    expect(no('participant_reconnected', await recorder.index.gaps(hearing.id))).toBe(true);
    await judge.ok({ type: 'hearing.transition', action: 'adjourn' });
  }, 120_000);
});

const no = (cause: string, gaps: { cause: string }[]) => gaps.every((g) => g.cause !== cause);
