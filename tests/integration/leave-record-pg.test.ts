// A participant who leaves in session and comes back is no reconnection in the record: the leave
// is written before their media closes, so the recorder, reading their status when the tracks
// close, sees them gone, not dropped. On PostgreSQL, where that read takes another connection
// and a write not yet committed is not seen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedTestMedia, type RtpFeed } from '../support/rtpFeed.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { inSessionWithMedia } from '../support/inSession.js';
import { eventually, joinWith, startTestServer, type TestClient, type TestServer } from '../support/server.js';

let pg: TestPostgres | undefined;
let server: TestServer;
const clients: TestClient[] = [];
const feeds: RtpFeed[] = [];

beforeAll(async () => {
  pg = await startPostgres();
  server = await startTestServer({ databaseUrl: await pg.createDatabase() });
}, 120_000);
afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all(feeds.map((f) => f.stop()));
  await server?.stop();
  await pg?.stop();
});

describe('leaving and coming back in session', () => {
  it('leaves no participant_reconnected gap', async () => {
    const { hearingId, judge, defendant, seats, feed, recorder } = await inSessionWithMedia(server, { clients, feeds });

    await defendant.ok({ type: 'leave', reason: 'Tôi cần ra ngoài' });
    await feed.stop();
    await eventually(async () => (await recorder.index.tracks(hearingId)).every((t) => t.endedAtMs !== null), { timeoutMs: 10_000 });
    const back = await joinWith(server.base, seats.defendant.token);
    clients.push(back.client);
    expect(back.snapshot.self.status).toBe('lobby');
    await judge.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });
    const again = await feedTestMedia(server, hearingId, seats.defendant.participant.id);
    feeds.push(again);
    await eventually(
      async () => (await recorder.timeline(hearingId)).tracks.find((t) => t.trackId === again.audioProducerId)?.segments.length,
      { timeoutMs: 10_000 },
    );
    const captured = new Promise<void>((resolve) => recorder.on('captured', (id) => id === hearingId && resolve()));
    await judge.ok({ type: 'hearing.transition', action: 'adjourn' });
    await captured;
    // The record is built before the server stops (its compositor reads what the hearing left).
    const record = () => server.running.store.db.get<{ status: string }>('SELECT status FROM records WHERE hearing_id = ?', [hearingId]);
    await eventually(async () => ((await record())?.status ?? 'building') !== 'building', { timeoutMs: 120_000, intervalMs: 250 });

    expect((await recorder.index.gaps(hearingId)).filter((g) => g.cause === 'participant_reconnected')).toEqual([]);
  }, 180_000);
});
