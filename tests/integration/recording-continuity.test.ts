// Continuity of the hearing record over the real server: a participant whose media stops arriving
// (the sender frozen with SIGSTOP) and a participant whose connection drops and comes back. Each
// gap is indexed with its cause, audited, and (for silence) alerted to the judge at once.
import { describe, expect, it } from 'vitest';
import { feedTestMedia } from '../support/rtpFeed.js';
import { type AuditLog, eventually, joinWith, TestClient } from '../support/server.js';
import { useMediaServer } from '../support/mediaServer.js';
import { inSessionWithMedia } from '../support/inSession.js';

const fixture = useMediaServer();
const { clients, feeds } = fixture;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function recordBuilt(hearingId: string): Promise<void> {
  const row = () => fixture.server.running.store.db.get<{ status: string }>('SELECT status FROM records WHERE hearing_id = ?', [hearingId]);
  await eventually(
    async () => {
      const r = await row();
      return r !== undefined && r.status !== 'building';
    },
    {
      timeoutMs: 120_000,
      intervalMs: 250,
    },
  );
}

async function adjourn(hearingId: string, judge: TestClient): Promise<void> {
  const done = new Promise<void>((resolve) => fixture.server.running.recorder.on('captured', (id) => id === hearingId && resolve()));
  await judge.ok({ type: 'hearing.transition', action: 'adjourn' });
  await done;
  await recordBuilt(hearingId);
}

describe('continuity of the hearing record', () => {
  it('a producer that stops sending while its participant stays is a producer_silent gap, alerted at once', async () => {
    const { hearingId, judge, feed, recorder } = await inSessionWithMedia(fixture.server, fixture);
    const mark = judge.mark();
    const frozenAt = Date.now();
    process.kill(feed.sender.pid!, 'SIGSTOP');
    const alert = await judge.waitFor('recording.alert', (n) => n.cause === 'producer_silent', { after: mark, timeoutMs: 8000 });
    const alertedAfter = Date.now() - frozenAt;
    await judge.waitFor('recording.status', (n) => n.tracks.some((t) => t.state === 'silent'), { after: mark });
    await sleep(2000);
    const resumedAt = Date.now();
    process.kill(feed.sender.pid!, 'SIGCONT');

    const gaps = await eventually(
      async () => {
        const found = (await recorder.index.gaps(hearingId)).filter((g) => g.cause === 'producer_silent');
        return found.length === 2 ? found : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(new Set(gaps!.map((g) => g.trackId))).toEqual(new Set([feed.audioProducerId, feed.videoProducerId]));
    expect([feed.audioProducerId, feed.videoProducerId]).toContain(alert.trackId);
    expect(alertedAfter).toBeLessThan(6000); // ffmpeg's idle timeout (3 s) plus exit
    for (const g of gaps!) {
      // From the last packet before the freeze to the first one after it.
      expect(Math.abs(g.startMs - frozenAt)).toBeLessThan(1000);
      expect(g.endMs! - resumedAt).toBeGreaterThanOrEqual(-100);
      expect(g.endMs! - resumedAt).toBeLessThan(4000);
    }
    const audited = (await fixture.server.api<AuditLog>('GET', `/api/hearings/${hearingId}/audit`)).body.events.filter(
      (e: { type: string }) => e.type === 'recording.gap',
    );
    expect(audited.map((e) => e.data.cause)).toEqual(['producer_silent', 'producer_silent']);
    // Recording goes on after the silence.
    await judge.waitFor('recording.status', (n) => n.state === 'recording' && n.tracks.every((t) => t.state === 'recording'), {
      after: mark,
      timeoutMs: 8000,
    });
    await adjourn(hearingId, judge);
  }, 180_000);

  it('a participant who drops and reconnects leaves a participant_reconnected gap on their new tracks', async () => {
    const { hearingId, judge, defendant, seats, feed, recorder } = await inSessionWithMedia(fixture.server, fixture);
    const droppedAt = Date.now();
    defendant.close(); // the connection drops: media closes, the defendant stays admitted
    await feed.stop();
    await eventually(async () => (await recorder.index.tracks(hearingId)).every((t) => t.endedAtMs !== null), { timeoutMs: 10_000 });
    await sleep(1000);

    const back = await joinWith(fixture.server.base, seats.defendant.token);
    clients.push(back.client);
    expect(back.snapshot.self.status).toBe('admitted');
    const again = await feedTestMedia(fixture.server, hearingId, seats.defendant.participant.id);
    feeds.push(again);
    const gaps = await eventually(
      async () => {
        const found = (await recorder.index.gaps(hearingId)).filter((g) => g.cause === 'participant_reconnected');
        return found.length === 2 ? found : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(new Set(gaps!.map((g) => g.trackId))).toEqual(new Set([again.audioProducerId, again.videoProducerId]));
    for (const g of gaps!) {
      expect(g.participantId).toBe(seats.defendant.participant.id);
      expect(Math.abs(g.startMs - droppedAt)).toBeLessThan(1000);
      expect(g.endMs! - g.startMs).toBeGreaterThan(1000);
    }
    // The old tracks ended; the new ones record.
    const tracks = await recorder.index.tracks(hearingId);
    expect(
      tracks
        .filter((t) => t.endedAtMs === null)
        .map((t) => t.id)
        .sort(),
    ).toEqual([again.audioProducerId, again.videoProducerId].sort());
    const audited = (await fixture.server.api<AuditLog>('GET', `/api/hearings/${hearingId}/audit`)).body.events.filter(
      (e: { type: string }) => e.type === 'recording.gap',
    );
    expect(audited.map((e) => e.data.cause)).toEqual(['participant_reconnected', 'participant_reconnected']);
    await eventually(
      async () => (await recorder.timeline(hearingId)).tracks.find((t) => t.trackId === again.audioProducerId)?.segments.length,
      {
        timeoutMs: 10_000,
      },
    );
    await adjourn(hearingId, judge);
    const timeline = await recorder.timeline(hearingId);
    const present = timeline.participants.find((p) => p.participantId === seats.defendant.participant.id)!;
    expect(present.present).toHaveLength(2); // away while disconnected
  }, 180_000);
});
