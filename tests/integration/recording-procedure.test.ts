// The record follows the procedure over the real server: real RTP (ffmpeg → mediasoup), the real
// Recorder and SQLite. It runs from the opening (khai mạc) to the end of the pronouncement (tuyên
// án), through every stage in session, and never while suspended (tạm ngừng) or while the panel
// deliberates (nghị án); changing stage in session does not interrupt it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ffprobe } from '../../core/lib/ffmpeg.js';
import type { RecordingStatusView, TransitionAction } from '../../core/protocol/model.js';
import type { Manifest } from '../../recordings/RecordBundle.js';
import type { HearingTimeline, Interval } from '../../recordings/types.js';
import { feedTestMedia } from '../support/rtpFeed.js';
import { type AuditLog, createHearing, eventually, joinWith } from '../support/server.js';
import { useMediaServer } from '../support/mediaServer.js';

const fixture = useMediaServer();
const { clients, feeds } = fixture;

/** Media seconds for a stage to be visible in the record: the only waits that are not conditions. */
const media = (ms: number) => new Promise((r) => setTimeout(r, ms));
const overlap = (a: Interval, b: Interval) => Math.max(0, Math.min(a.endMs, b.endMs) - Math.max(a.startMs, b.startMs));

function captured(hearingId: string, timeoutMs = 90_000): Promise<HearingTimeline> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no captured event')), timeoutMs);
    fixture.server.running.recorder.on('captured', (id, timeline) => {
      if (id !== hearingId) return;
      clearTimeout(timer);
      resolve(timeline);
    });
  });
}

describe('the record follows the procedure', () => {
  it('records from the opening to the end of the pronouncement, never in a suspension or the deliberation', async () => {
    const { hearing, seats } = await createHearing(fixture.server, ['judge', 'defendant']);
    const judge = (await joinWith(fixture.server.base, seats.judge.token)).client;
    const defendant = (await joinWith(fixture.server.base, seats.defendant.token)).client;
    clients.push(judge, defendant);
    await judge.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });
    const feed = await feedTestMedia(fixture.server, hearing.id, seats.defendant.participant.id);
    feeds.push(feed);
    const recorder = fixture.server.running.recorder;
    const capturing = () => recorder.processes(hearing.id).filter((p) => p.pid);

    /** The judge moves the hearing; the bench is then told the record's state (every track's too). */
    const move = async (action: TransitionAction, expected: RecordingStatusView['state']) => {
      const mark = judge.mark();
      await judge.ok({ type: 'hearing.transition', action, ...(action === 'recess' ? { reason: 'Nghỉ giải lao' } : {}) });
      const trackState = expected === 'recording' ? 'recording' : 'idle';
      await judge.waitFor(
        'recording.status',
        (n) => n.state === expected && n.tracks.length === 2 && n.tracks.every((t) => t.state === trackState),
        { after: mark, timeoutMs: 15_000 },
      );
    };

    await judge.ok({ type: 'hearing.transition', action: 'open' });
    await media(1000);
    expect(capturing(), 'nothing recorded while preparing to open').toEqual([]);

    await move('start', 'recording'); // khai mạc
    await media(2500);
    const opening = capturing()
      .map((p) => p.pid)
      .sort();
    await judge.ok({ type: 'hearing.transition', action: 'examine' }); // xét hỏi
    await media(2500);
    expect(
      capturing()
        .map((p) => p.pid)
        .sort(),
      'a new stage in session does not restart capture',
    ).toEqual(opening);
    await move('recess', 'paused'); // tạm ngừng
    expect(capturing(), 'nothing recorded while suspended').toEqual([]);
    await media(2000);
    await move('resume', 'recording');
    await media(2000);
    await judge.ok({ type: 'hearing.transition', action: 'argue' }); // tranh luận
    await media(2500);
    await move('deliberate', 'paused'); // nghị án
    expect(capturing(), 'nothing recorded while the panel deliberates').toEqual([]);
    await media(2000);
    await move('pronounce', 'recording'); // tuyên án
    await media(3000);
    const done = captured(hearing.id);
    await judge.ok({ type: 'hearing.transition', action: 'adjourn' });
    const timeline = await done;

    const events = (await fixture.server.api<AuditLog>('GET', `/api/hearings/${hearing.id}/audit`)).body.events;
    const at = (type: string) => Date.parse(events.find((e) => e.type === type)!.at);
    expect(timeline.sessions).toEqual([
      { startMs: at('hearing.start'), endMs: at('hearing.recess') },
      { startMs: at('hearing.resume'), endMs: at('hearing.deliberate') },
      { startMs: at('hearing.pronounce'), endMs: at('hearing.adjourn') },
    ]);
    const suspension = { startMs: at('hearing.recess'), endMs: at('hearing.resume') };
    const deliberation = { startMs: at('hearing.deliberate'), endMs: at('hearing.pronounce') };
    for (const track of timeline.tracks) {
      expect(track.participantId).toBe(seats.defendant.participant.id);
      for (const s of track.segments) {
        const span = { startMs: s.startMs, endMs: s.endMs! };
        expect(s.startMs, 'nothing before the opening').toBeGreaterThanOrEqual(at('hearing.start') - 50);
        expect(s.endMs!, 'nothing long after the end').toBeLessThanOrEqual(at('hearing.adjourn') + 1500);
        // The capture stops at ffmpeg's next packet after the command: on a busy machine up to a
        // second or so later. That tail is cut from the record (checked on the archive below).
        expect(overlap(span, suspension), `${track.kind} in the suspension`).toBeLessThan(1500);
        expect(overlap(span, deliberation), `${track.kind} in the deliberation`).toBeLessThan(1500);
      }
      // Captured in each stretch in session: the opening and examination, the examination and
      // arguments after the suspension, and the pronouncement.
      for (const session of timeline.sessions)
        expect(
          track.segments.some((s) => overlap({ startMs: s.startMs, endMs: s.endMs! }, session) > 500),
          `${track.kind}`,
        ).toBe(true);
    }
    expect(timeline.tracks.map((t) => t.kind).sort()).toEqual(['audio', 'video']);
    // The suspension and the deliberation are not holes in the record: no gap is reported for them.
    // (A gap is a hole in session: under load a track may have some; none lies outside the sessions.)
    for (const gap of await recorder.index.gaps(hearing.id)) {
      const hole = { startMs: gap.startMs, endMs: gap.endMs ?? gap.startMs };
      expect(overlap(hole, suspension) + overlap(hole, deliberation), JSON.stringify(gap)).toBe(0);
    }

    // The record is built from it (waited for, so that its composing does not run under the next test
    // file or after the data folder is removed).
    const status = async () =>
      (await fixture.server.running.store.db.get<{ status: string }>('SELECT status FROM records WHERE hearing_id = ?', [hearing.id]))
        ?.status;
    expect(
      await eventually(
        async () => {
          const s = await status();
          return s === 'building' ? undefined : s;
        },
        { timeoutMs: 120_000, intervalMs: 250 },
      ),
    ).toBe('ready');

    // The archive's track files hold the time in session only: each segment ends by its session's end
    // (a run's tail after the suspension or deliberation began is cut), and no file is longer than
    // its segments say.
    const dir = join(fixture.server.dataDir, 'recordings', hearing.id, 'record');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    const inSession = manifest.sessions.map((x) => ({ startMs: Date.parse(x.start), endMs: Date.parse(x.end) }));
    for (const track of manifest.tracks) {
      const spans = track.segments.map((x) => ({ startMs: Date.parse(x.start), endMs: Date.parse(x.end!) }));
      for (const span of spans) expect(inSession.some((x) => span.startMs >= x.startMs - 50 && span.endMs <= x.endMs)).toBe(true);
      const seconds = Number((await ffprobe(join(dir, track.file))).format.duration);
      const listed = spans.reduce((sum, x) => sum + (x.endMs - x.startMs), 0) / 1000;
      // No longer than its segments: one frame's length over each (shorter where video waited for a key frame).
      expect(seconds, `${track.file}: ${seconds}s, segments ${listed}s`).toBeLessThanOrEqual(listed + 0.1 + 0.05 * spans.length);
    }
  }, 240_000);
});
