// Connection quality through a real server and mediasoup worker: the room's LinkSampler reads a
// participant fed real RTP (tests/support/rtpFeed.ts) from mediasoup's stats, the domain grades it,
// and the bench (judge and clerk) receives participant.quality with the figures, while the
// participant and the others in the hearing receive nothing of it. The participant's own report
// (media.quality) completes the figures: a poor uplink makes the grade poor, and that is audited.
import { afterEach, describe, expect, it } from 'vitest';
import { LINK_SAMPLE_MS, LinkSampler } from '../../media/LinkSampler.js';
import { feedTestMedia, type RtpFeed } from '../support/rtpFeed.js';
import { createHearing, type AuditLog } from '../support/server.js';
import { useTestServer } from '../support/useTestServer.js';

const ctx = useTestServer();
const feeds: RtpFeed[] = [];
afterEach(async () => {
  await Promise.all(feeds.splice(0).map((f) => f.stop()));
});

/** A few sample periods: the first reading comes one period after the room exists; a busy machine may take longer. */
const SAMPLES = { timeoutMs: LINK_SAMPLE_MS * 4 };

describe('connection quality through a real server', () => {
  it('tells the bench, and no one else, a fed participant’s figures; their own poor report makes it poor and audited', async () => {
    const { hearing, seats } = await createHearing(ctx.server, ['judge', 'clerk', 'defendant', 'witness']);
    const judge = (await ctx.join(seats.judge.token)).client;
    const clerk = (await ctx.join(seats.clerk.token)).client;
    const defendant = (await ctx.join(seats.defendant.token)).client;
    const witness = (await ctx.join(seats.witness.token)).client;
    const defendantId = seats.defendant.participant.id;
    await judge.ok({ type: 'lobby.admit', participantId: defendantId });
    await judge.ok({ type: 'lobby.admit', participantId: seats.witness.participant.id });
    feeds.push(await feedTestMedia(ctx.server, hearing.id, defendantId));

    const first = await judge.waitFor('participant.quality', (n) => n.participantId === defendantId, SAMPLES);
    // RTP over loopback, nothing lost; a single-encoding camera sends its one layer. No receiver
    // reports come back from an RTP ingest, so no round trip, and no video goes to it.
    expect(first).toMatchObject({
      grade: 'good',
      lossPct: 0,
      sendLayer: 0,
      sendLayers: 1,
      rttMs: null,
      downKbps: null,
      at: expect.any(String),
    });
    await clerk.waitFor('participant.quality', (n) => n.participantId === defendantId, SAMPLES);
    expect(defendant.received('participant.quality')).toEqual([]);
    expect(witness.received('participant.quality')).toEqual([]);

    // The browser's report: a poor uplink. The next reading merges it, worsening the grade at once.
    await defendant.ok({ type: 'media.quality', rttMs: 35, lossPct: 0.5, upKbps: 100 });
    const poor = await judge.waitFor('participant.quality', (n) => n.participantId === defendantId && n.grade === 'poor', SAMPLES);
    expect(poor).toMatchObject({ upKbps: 100, rttMs: 35, lossPct: 0.5 });
    const audit = await ctx.server.api<AuditLog>('GET', `/api/hearings/${hearing.id}/audit`);
    expect(audit.body.events.filter((e) => e.type === 'participant.quality').map((e) => e.data)).toEqual([
      expect.objectContaining({ participantId: defendantId, grade: 'poor', previous: 'good', upKbps: 100 }),
    ]);
    expect(defendant.received('participant.quality')).toEqual([]);
    expect(witness.received('participant.quality')).toEqual([]);

    // What one reading costs with this room (not asserted: timings live in bench/).
    const room = await ctx.server.running.media.room(hearing.id);
    const sampler = new LinkSampler(room, () => undefined, 3600_000);
    const costs: number[] = [];
    for (let i = 0; i < 20; i++) {
      await sampler.sample();
      costs.push(sampler.lastDurationMs);
    }
    sampler.close();
    costs.sort((a, b) => a - b);
    console.info(
      `[link-quality] one reading of ${room.peers.size} participant(s): median ${costs[10]!.toFixed(2)} ms, max ${costs[19]!.toFixed(2)} ms`,
    );
  }, 60_000);

  it('refuses a report with bad figures, or from someone not in the hearing, and changes nothing', async () => {
    const { hearing, seats } = await createHearing(ctx.server, ['judge', 'defendant']);
    const judge = (await ctx.join(seats.judge.token)).client;
    const waiting = (await ctx.join(seats.defendant.token)).client;
    expect(await judge.request({ type: 'media.quality', rttMs: -5, lossPct: 0, upKbps: 900 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await waiting.request({ type: 'media.quality', rttMs: 10, lossPct: 0, upKbps: 900 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    const audit = await ctx.server.api<AuditLog>('GET', `/api/hearings/${hearing.id}/audit`);
    expect(audit.body.events.filter((e) => e.type.startsWith('participant.quality'))).toEqual([]);
  });
});
