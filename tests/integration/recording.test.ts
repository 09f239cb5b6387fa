// Live capture over the real server: real RTP (ffmpeg → mediasoup PlainTransport producers), the
// real Recorder (mediasoup consumers → ffmpeg segmenters), SQLite, and the judge's socket.
import { describe, expect, it } from 'vitest';
import { ffprobe } from '../../core/lib/ffmpeg.js';
import type { HearingTimeline, Interval } from '../../recordings/types.js';
import type { HearingSnapshot } from '../../core/protocol/model.js';
import { must } from '../support/must.js';
import { feedTestMedia } from '../support/rtpFeed.js';
import { type AuditLog, createHearing, eventually, joinWith } from '../support/server.js';
import { useMediaServer } from '../support/mediaServer.js';

const fixture = useMediaServer();
const { clients, feeds } = fixture;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SEGMENT_MS = 5000;

/** A hearing with an admitted defendant whose camera and microphone are real RTP. */
async function hearingWithMedia() {
  const { hearing, seats } = await createHearing(fixture.server, ['judge', 'defendant']);
  const judge = await joinWith(fixture.server.base, seats.judge.token);
  const defendant = await joinWith(fixture.server.base, seats.defendant.token);
  clients.push(judge.client, defendant.client);
  await judge.client.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });
  const feed = await feedTestMedia(fixture.server, hearing.id, seats.defendant.participant.id);
  feeds.push(feed);
  return { hearingId: hearing.id, judge: judge.client, defendantId: seats.defendant.participant.id, feed };
}

/**
 * The record built from the timeline (RecordBundle, subscribed in fixture.server/main.ts): waited for so
 * that its composing does not starve the next test of CPU, and so the data folder is not removed
 * under it.
 */
async function recordBuilt(hearingId: string): Promise<{ status: string; error: string | null }> {
  const row = () =>
    fixture.server.running.store.db.get<{ status: string; error: string | null }>(
      'SELECT status, error FROM records WHERE hearing_id = ?',
      [hearingId],
    );
  // A hearing with (almost) no time in session gets no record at all, only a 'record.none' event.
  const none = async () => (await fixture.server.running.store.audit.list(hearingId)).some((e) => e.type === 'record.none');
  const done = await eventually(
    async () => {
      const r = await row();
      return r && r.status !== 'building' ? r : (await none()) ? { status: 'none', error: null } : undefined;
    },
    {
      timeoutMs: 120_000,
      intervalMs: 250,
    },
  );
  return done!;
}

// 'captured' waits for the progressive compositor to catch up; it runs at nice 10, so on 2 busy
// cores (other test files run beside this one) it may take a while: a generous bound, not a timing.
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

async function audit(hearingId: string): Promise<{ type: string; at: string; data: Record<string, unknown> }[]> {
  const res = await fixture.server.api<AuditLog>('GET', `/api/hearings/${hearingId}/audit`);
  return res.body.events;
}

const overlap = (a: Interval, b: Interval) => Math.max(0, Math.min(a.endMs, b.endMs) - Math.max(a.startMs, b.startMs));

describe('live capture of a hearing', () => {
  it('records every producer in session, stops in recess, resumes, and hands over a timeline without the recess', async () => {
    const { hearingId, judge, defendantId, feed } = await hearingWithMedia();
    const recorder = fixture.server.running.recorder;
    await sleep(1500);
    expect(recorder.processes(hearingId).filter((p) => p.pid)).toEqual([]); // nothing before the session

    await judge.ok({ type: 'hearing.transition', action: 'open' });
    await sleep(500);
    expect(recorder.processes(hearingId).filter((p) => p.pid)).toEqual([]);
    const mark = judge.mark();
    await judge.ok({ type: 'hearing.transition', action: 'start' });
    await judge.waitFor(
      'recording.status',
      (n) => n.state === 'recording' && n.tracks.length === 2 && n.tracks.every((t) => t.state === 'recording'),
      { after: mark, timeoutMs: 10_000 },
    );
    const again: HearingSnapshot = await judge.ok({ type: 'join' });
    expect(again.recording?.state).toBe('recording');

    // Two finished segments per track in the first session (then the recess cuts a third): waited
    // for, not slept for, since a starved recorder starts late.
    /** The fewest finished segments begun since `fromMs` of either track (0 until both tracks are there). */
    const finishedSince = async (fromMs: number) => {
      const tracks = (await recorder.timeline(hearingId)).tracks;
      const counts = tracks.map((t) => t.segments.filter((x) => x.endMs !== null && x.startMs >= fromMs).length);
      return tracks.length === 2 ? Math.min(...counts) : 0;
    };
    await eventually(async () => expect(await finishedSince(0)).toBeGreaterThanOrEqual(2), { timeoutMs: 30_000 });

    const recessMark = judge.mark();
    await judge.ok({ type: 'hearing.transition', action: 'recess', reason: 'Nghỉ giải lao' });
    await judge.waitFor('recording.status', (n) => n.state === 'paused' && n.tracks.every((t) => t.state === 'idle'), {
      after: recessMark,
      timeoutMs: 10_000,
    });
    expect(recorder.processes(hearingId).filter((p) => p.pid)).toEqual([]);
    await sleep(3000); // the recess itself: time that must stay out of the record
    const resumedAt = Date.now();
    await judge.ok({ type: 'hearing.transition', action: 'resume' });
    // A finished segment per track in the second session (then the adjournment cuts another).
    await eventually(async () => expect(await finishedSince(resumedAt - 50)).toBeGreaterThanOrEqual(1), { timeoutMs: 30_000 });
    const done = captured(hearingId);
    await judge.ok({ type: 'hearing.transition', action: 'adjourn' });
    const timeline = await done;
    if (process.env.DEBUG_REC) console.log(JSON.stringify(timeline, null, 1));

    // Sessions: two, the recess cut out.
    expect(timeline.sessions).toHaveLength(2);
    const first = must(timeline.sessions[0], 'the first session');
    const second = must(timeline.sessions[1], 'the second session');
    const recess = { startMs: first.endMs, endMs: second.startMs };
    expect(recess.endMs - recess.startMs).toBeGreaterThan(2500);

    // Tracks: the camera (VP8) and the microphone (Opus), each with segments in both sessions.
    const byId = new Map(timeline.tracks.map((t) => [t.trackId, t]));
    const video = byId.get(feed.videoProducerId)!;
    const audio = byId.get(feed.audioProducerId)!;
    expect(video).toMatchObject({ participantId: defendantId, kind: 'video', source: 'camera', codec: 'vp8' });
    expect(audio).toMatchObject({ participantId: defendantId, kind: 'audio', source: 'mic', codec: 'opus' });
    for (const track of [video, audio]) {
      const segs = track.segments;
      expect(segs.length).toBeGreaterThanOrEqual(4);
      for (const s of segs) {
        expect(s.endMs).not.toBeNull();
        // A segment cut right at a stop may hold a single frame: its listed end is its start.
        expect(s.endMs! - s.startMs).toBeGreaterThanOrEqual(0);
        // A video cut waits for the next key frame: the test sender makes one every 400 ms, later
        // when other test files starve it of CPU. Bounded, so a crash loses at most one short segment.
        expect(s.endMs! - s.startMs).toBeLessThanOrEqual(SEGMENT_MS + 2000);
        // Never inside the recess (a packet or two after the command is tolerated).
        expect(overlap({ startMs: s.startMs, endMs: s.endMs! }, recess)).toBeLessThan(300);
        // Always within a session.
        expect(timeline.sessions.some((x) => s.startMs >= x.startMs - 50 && s.endMs! <= x.endMs + 300)).toBe(true);
      }
      expect(segs.some((s) => s.startMs < first.endMs)).toBe(true);
      // (A standby run resumes within milliseconds; ffmpeg's and the audit's clocks may differ by a few.)
      expect(segs.some((s) => s.startMs >= second.startMs - 50)).toBe(true);
      // Segments in time order never overlap by as much as a frame (40 ms at 25 fps; an audio packet
      // is 20 ms): the muxer ends a segment at its last packet's end and starts the next at its first
      // packet's time, and a new run's times come from its own ffmpeg clock.
      for (let i = 1; i < segs.length; i++) expect(segs[i]!.startMs).toBeGreaterThanOrEqual(segs[i - 1]!.endMs! - 40);
    }

    // Wall clock: cuts fall on the 5 s grid (audio at once, video at the next key frame, ≤ 400 ms),
    // so both tracks' segments line up; the first segment of each run starts right after the command.
    const offGrid = (ms: number) => ms - Math.floor(ms / SEGMENT_MS) * SEGMENT_MS;
    const runStarts = (segs: typeof audio.segments) => segs.filter((s, i) => i === 0 || s.startMs - segs[i - 1]!.endMs! > 1000);
    const cuts = (segs: typeof audio.segments) => segs.filter((s) => !runStarts(segs).includes(s));
    for (const s of cuts(audio.segments)) expect(offGrid(s.startMs)).toBeLessThan(150);
    // (The test sender ignores key-frame requests and makes one every 400 ms, later when starved of CPU.)
    for (const s of cuts(video.segments)) expect(offGrid(s.startMs)).toBeLessThan(1000);
    expect(runStarts(audio.segments)).toHaveLength(2);
    for (const [i, s] of runStarts(audio.segments).entries()) {
      const session = must(timeline.sessions[i], `session ${i + 1}`);
      expect(s.startMs - session.startMs).toBeGreaterThanOrEqual(-50);
      expect(s.startMs - session.startMs).toBeLessThan(1500);
      // Video starts at the sender's next key frame: 400 ms apart, later when other files starve the
      // sender of CPU; the same 2 s bound as a video cut's (above).
      const v = must(runStarts(video.segments)[i], `the video run of session ${i + 1}`);
      expect(Math.abs(v.startMs - s.startMs)).toBeLessThan(2000);
    }

    // The files: Matroska, stream-copied VP8 / Opus, timestamps from 0, as long as indexed.
    for (const [track, codec] of [
      [video, 'vp8'],
      [audio, 'opus'],
    ] as const) {
      for (const s of track.segments.slice(0, 3)) {
        const probe = await ffprobe(s.file);
        expect(probe.format.format_name).toContain('matroska');
        expect(probe.streams.map((x) => x.codec_name)).toEqual([codec]);
        const duration = Number(probe.format.duration);
        expect(Math.abs(duration * 1000 - (s.endMs! - s.startMs))).toBeLessThan(250);
      }
    }

    // Presence: the defendant was there through both sessions.
    const present = timeline.participants.find((p) => p.participantId === defendantId)!;
    expect(present).toMatchObject({ role: 'defendant', displayName: 'The defendant' });
    expect(present.present).toHaveLength(2);
    // The index holds what the timeline says; the bench heard capture stop.
    expect((await fixture.server.running.recorder.index.tracks(hearingId)).every((t) => t.endedAtMs !== null)).toBe(true);
    expect(await fixture.server.running.recorder.index.gaps(hearingId)).toEqual([]);
    const record = await recordBuilt(hearingId);
    if (process.env.DEBUG_REC) console.log(record);
  }, 180_000);

  it('the bench is told recording runs as soon as the session starts, before anyone sends media', async () => {
    const { hearing, seats } = await createHearing(fixture.server, ['judge', 'clerk', 'defendant']);
    const judge = await joinWith(fixture.server.base, seats.judge.token);
    const clerk = await joinWith(fixture.server.base, seats.clerk.token);
    const defendant = await joinWith(fixture.server.base, seats.defendant.token);
    clients.push(judge.client, clerk.client, defendant.client);
    await judge.client.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });
    await judge.client.ok({ type: 'hearing.transition', action: 'open' });
    await judge.client.ok({ type: 'hearing.transition', action: 'start' });
    for (const bench of [judge.client, clerk.client])
      await bench.waitFor('recording.status', (n) => n.state === 'recording' && n.tracks.length === 0);
    await judge.client.ok({ type: 'hearing.transition', action: 'recess', reason: 'Nghỉ giải lao' });
    await judge.client.waitFor('recording.status', (n) => n.state === 'paused');
    expect(defendant.client.received('recording.status')).toEqual([]);
    const done = captured(hearing.id);
    await judge.client.ok({ type: 'hearing.transition', action: 'adjourn' });
    expect((await done).tracks).toEqual([]);
    expect(['ready', 'none']).toContain((await recordBuilt(hearing.id)).status);
  }, 180_000);

  it('a recorder ffmpeg killed mid-hearing is restarted at once; the gap is indexed and audited and the judge alerted', async () => {
    const { hearingId, judge, feed } = await hearingWithMedia();
    const recorder = fixture.server.running.recorder;
    await judge.ok({ type: 'hearing.transition', action: 'open' });
    await judge.ok({ type: 'hearing.transition', action: 'start' });
    // Wait until the microphone has a finished segment, then kill its ffmpeg mid-segment.
    await eventually(
      async () => (await recorder.timeline(hearingId)).tracks.find((t) => t.trackId === feed.audioProducerId)?.segments.length,
      {
        timeoutMs: 12_000,
      },
    );
    await sleep(1500);
    const before = recorder.processes(hearingId).find((p) => p.trackId === feed.audioProducerId)!;
    expect(before.pid).toBeTypeOf('number');
    const mark = judge.mark();
    const killedAt = Date.now();
    process.kill(before.pid!, 'SIGKILL');

    const alert = await judge.waitFor('recording.alert', (n) => n.trackId === feed.audioProducerId, { after: mark, timeoutMs: 5000 });
    expect(alert).toMatchObject({ cause: 'recorder_exited', kind: 'audio', source: 'mic' });
    // A new ffmpeg, and the gap closed by its first packet.
    const gap = (await eventually(async () => (await recorder.index.gaps(hearingId)).find((g) => g.trackId === feed.audioProducerId), {
      timeoutMs: 5000,
    }))!;
    expect(gap).toMatchObject({ cause: 'recorder_exited' });
    expect(gap.startMs).toBeLessThanOrEqual(killedAt);
    expect(gap.endMs! - killedAt).toBeGreaterThan(0);
    expect(gap.endMs! - killedAt).toBeLessThan(2000);
    expect(gap.endMs! - gap.startMs).toBeLessThan(SEGMENT_MS + 2000);
    const after = recorder.processes(hearingId).find((p) => p.trackId === feed.audioProducerId)!;
    expect(after.pid).not.toBe(before.pid);
    await judge.waitFor('recording.status', (n) => n.state === 'recording' && n.tracks.every((t) => t.state === 'recording'), {
      after: mark,
      timeoutMs: 5000,
    });
    // The video track was not touched.
    expect((await recorder.index.gaps(hearingId)).filter((g) => g.trackId === feed.videoProducerId)).toEqual([]);

    // Both facts are in the hearing's audit log.
    const events = await audit(hearingId);
    expect(events.find((e) => e.type === 'recording.interrupted')?.data).toMatchObject({
      trackId: feed.audioProducerId,
      cause: 'recorder_exited',
    });
    expect(events.find((e) => e.type === 'recording.gap')?.data).toMatchObject({ trackId: feed.audioProducerId, cause: 'recorder_exited' });

    // The track goes on in a new run; nothing is captured inside the gap.
    await sleep(6000);
    const done = captured(hearingId);
    await judge.ok({ type: 'hearing.transition', action: 'adjourn' });
    const timeline = await done;
    const audio = timeline.tracks.find((t) => t.trackId === feed.audioProducerId)!;
    if (process.env.DEBUG_REC) console.log(killedAt, JSON.stringify(gap), JSON.stringify(audio.segments, null, 1));
    const runs = new Set(audio.segments.map((s) => s.file.split('/').pop()!.split('-')[0]));
    expect(runs.size).toBe(2);
    for (const s of audio.segments)
      expect(overlap({ startMs: s.startMs, endMs: s.endMs! }, { startMs: gap.startMs, endMs: gap.endMs! })).toBe(0);
    expect(audio.segments.some((s) => s.startMs >= gap.endMs!)).toBe(true);
    await recordBuilt(hearingId);
  }, 180_000);
});
