// The composite's plan without ffmpeg: session time ↔ wall clock across recesses, who is on
// screen when, tile geometry, chunk boundaries and the AAC-aligned audio spans that let chunks
// concatenate without drift, and the ffmpeg command one chunk turns into.
import { describe, expect, it } from 'vitest';
import { ROLE_LABELS, zoneLabel, zoneOffsetMs } from '../../../core/lib/courtLocale.js';
import { AAC_FRAME, inputsFinished, planChunk } from '../../../recordings/composite/chunkPlan.js';
import { SAMPLE_RATE, SessionClock } from '../../../recordings/composite/SessionClock.js';
import { layoutFor, presentAt, screenAt } from '../../../recordings/composite/tileLayout.js';
import { buildChunkCommand, escapeValue } from '../../../recordings/filterGraph.js';
import type { HearingTimeline, ParticipantTimeline, TrackTimeline } from '../../../recordings/types.js';
import { ROLES } from '../../../core/protocol/model.js';
import { must } from '../../support/must.js';

const B = Date.UTC(2026, 2, 10, 1, 30, 0);
const s = (a: number, b: number) => ({ startMs: B + a * 1000, endMs: B + b * 1000 });
const person = (participantId: string, role: ParticipantTimeline['role'], ...present: [number, number][]): ParticipantTimeline => ({
  participantId,
  displayName: `Người ${participantId}`,
  role,
  present: present.map(([a, b]) => s(a, b)),
});
const track = (
  participantId: string,
  kind: 'audio' | 'video',
  source: TrackTimeline['source'],
  ...segs: [number, number | null][]
): TrackTimeline => ({
  trackId: `${participantId}-${source}`,
  participantId,
  kind,
  source,
  codec: kind === 'audio' ? 'opus' : 'vp8',
  segments: segs.map(([a, b], i) => ({
    file: `/rec/${participantId}-${source}-${i}.mkv`,
    startMs: B + a * 1000,
    endMs: b === null ? null : B + b * 1000,
  })),
});

// Session 1: 0–20 s, recess, session 2: 30–45 s. The defendant leaves at 12 s, the witness joins at 33 s.
const timeline: HearingTimeline = {
  hearingId: 'h',
  sessions: [s(0, 20), s(30, 45)],
  participants: [person('def', 'defendant', [0, 12]), person('wit', 'witness', [33, 45]), person('judge', 'judge', [0, 20], [30, 45])],
  tracks: [
    track('judge', 'video', 'camera', [0, 5], [5, 10], [10, 15], [15, 20], [30, 35], [35, 40], [40, 45]),
    track('judge', 'audio', 'mic', [0, 5], [5, 10], [10, 15], [15, 20], [30, 35], [35, 40], [40, 45]),
    track('def', 'video', 'camera', [0, 5], [5, 10], [10, 12]),
    track('wit', 'video', 'camera', [33, 38], [38, 45]),
    track('wit', 'video', 'screen', [38, 41], [41.5, 43]),
  ],
};

describe('SessionClock', () => {
  const clock = new SessionClock(timeline.sessions, 25);

  it('counts session time only, in whole frames', () => {
    expect(clock.totalFrames).toBe(35 * 25);
    expect(clock.totalSamples).toBe(35 * SAMPLE_RATE);
  });

  it('splits a span at the recess and gives each piece its wall-clock start', () => {
    expect(clock.framePieces(450, 550)).toEqual([
      { first: 450, end: 500, wallStartMs: B + 18_000 },
      { first: 500, end: 550, wallStartMs: B + 30_000 },
    ]);
    expect(clock.samplePieces(0, 48_000)).toEqual([{ first: 0, end: 48_000, wallStartMs: B }]);
  });

  it('ignores empty sessions and refuses a frame rate that splits audio samples', () => {
    expect(new SessionClock([s(0, 0), s(5, 6)], 25).totalFrames).toBe(25);
    expect(() => new SessionClock([s(0, 1)], 29.97)).toThrow();
  });
});

describe('who is on screen', () => {
  it("puts the judge's tile first, then by role, and shows people only while present", () => {
    expect(presentAt(timeline, B + 5_000).map((p) => p.participantId)).toEqual(['judge', 'def']);
    expect(presentAt(timeline, B + 15_000).map((p) => p.participantId)).toEqual(['judge']);
    expect(presentAt(timeline, B + 36_000).map((p) => p.participantId)).toEqual(['judge', 'wit']);
  });

  it('takes a screen share as live across short gaps between its segments', () => {
    expect(screenAt(timeline, B + 39_000)?.participantId).toBe('wit');
    expect(screenAt(timeline, B + 41_200)?.participantId).toBe('wit');
    expect(screenAt(timeline, B + 44_000)).toBeNull();
  });

  it('has a Vietnamese label for every role', () => {
    for (const role of ROLES) expect(ROLE_LABELS[role].vi).toMatch(/\S/);
    expect(ROLE_LABELS.judge.vi).toBe('Thẩm phán chủ tọa');
    expect(ROLE_LABELS.interpreter.vi).toBe('Người phiên dịch');
  });
});

describe('layoutFor', () => {
  const people = (n: number) => Array.from({ length: n }, (_, i) => person(`p${i}`, 'observer', [0, 1]));
  const within = (r: { x: number; y: number; w: number; h: number }) =>
    r.x >= 0 && r.y >= 0 && r.x + r.w <= 1280 && r.y + r.h <= 720 && [r.x, r.y, r.w, r.h].every((v) => v % 2 === 0);

  it.each([1, 2, 3, 4, 5, 8])('lays %i people out in a grid below the clock bar, inside the frame, even-aligned', (n) => {
    const layout = layoutFor(people(n), null, 1280, 720);
    expect(layout.tiles).toHaveLength(n);
    for (const t of layout.tiles) {
      expect(within(t.rect)).toBe(true);
      expect(t.rect.y).toBeGreaterThanOrEqual(layout.barHeight);
    }
    const overlaps = layout.tiles.some((a, i) =>
      layout.tiles.some(
        (b, j) =>
          i !== j &&
          a.rect.x < b.rect.x + b.rect.w &&
          b.rect.x < a.rect.x + a.rect.w &&
          a.rect.y < b.rect.y + b.rect.h &&
          b.rect.y < a.rect.y + a.rect.h,
      ),
    );
    expect(overlaps).toBe(false);
  });

  it('gives a screen share the main spot and stacks the people beside it', () => {
    const [a, b] = [person('p0', 'observer', [0, 1]), person('p1', 'observer', [0, 1])]; // people(2), as a pair
    const layout = layoutFor([a, b], b, 1280, 720);
    expect(layout.tiles.map((t) => t.source)).toEqual(['screen', 'camera', 'camera']);
    const [first, ...cams] = layout.tiles;
    const screen = must(first, 'the screen tile');
    for (const c of cams) expect(c.rect.w * c.rect.h).toBeLessThan((screen.rect.w * screen.rect.h) / 4);
    for (const t of layout.tiles) expect(within(t.rect)).toBe(true);
  });
});

describe('planChunk', () => {
  const clock = new SessionClock(timeline.sessions, 25);
  const plans = [0, 1, 2, 3].map((n) => planChunk(timeline, clock, n, 250, 1280, 720));
  const chunk = (n: number) => must(plans[n], `the plan of chunk ${n}`);

  it('cuts session time into chunks of exactly chunkMs, the last one partial', () => {
    expect(plans.map((p) => [p.firstFrame, p.frames])).toEqual([
      [0, 250],
      [250, 250],
      [500, 250],
      [750, 125],
    ]);
    for (const p of plans) expect(p.scenes.reduce((n, sc) => n + sc.frames, 0)).toBe(p.frames);
  });

  it('starts a new scene when someone leaves or joins, and at the recess', () => {
    const c1 = chunk(1); // 10–20 s: the defendant leaves at 12 s
    expect(c1.scenes.map((sc) => [sc.frames, sc.layout.tiles.length])).toEqual([
      [50, 2],
      [200, 1],
    ]);
    expect(c1.scenes[1]!.wallStartMs).toBe(B + 12_000);
    const c2 = chunk(2); // 20–30 s of session time = wall 30–40: the witness joins at 33 s, shares at 38 s
    expect(c2.scenes.map((sc) => [sc.frames, sc.layout.tiles.map((t) => t.source).join('+')])).toEqual([
      [75, 'camera'],
      [125, 'camera+camera'],
      [50, 'screen+camera+camera'],
    ]);
  });

  it('lays audio on a global 1024-sample grid so consecutive chunks tile exactly', () => {
    let keptEnd = 0;
    for (const p of plans) {
      const fedFrom = p.firstFrame * clock.samplesPerFrame + p.audio.startOffset;
      const keptFrom = fedFrom + (p.audio.keepFrom - 1) * AAC_FRAME;
      const keptTo = fedFrom + (p.audio.keepTo - 1) * AAC_FRAME;
      expect(keptFrom % AAC_FRAME).toBe(0);
      expect(keptFrom).toBe(keptEnd); // no gap, no overlap
      expect(keptFrom - p.firstFrame * clock.samplesPerFrame).toBeGreaterThanOrEqual(0);
      expect(keptFrom - p.firstFrame * clock.samplesPerFrame).toBeLessThan(AAC_FRAME);
      expect(p.audio.samples).toBe(keptTo - fedFrom + AAC_FRAME); // one frame of post-roll
      keptEnd = keptTo;
    }
    expect(keptEnd - clock.totalSamples).toBeLessThan(AAC_FRAME);
    expect(keptEnd).toBeGreaterThanOrEqual(clock.totalSamples);
  });

  it('waits for segments that are still being written', () => {
    const open = structuredClone(timeline);
    must(open.tracks[0]?.segments[2], 'tracks[0].segments[2]').endMs = null; // judge camera, 10–15 s
    expect(inputsFinished(open, chunk(0))).toBe(true);
    expect(inputsFinished(open, chunk(1))).toBe(false);
    must(open.tracks[1]?.segments[2], 'tracks[1].segments[2]').endMs = null; // judge microphone, 10–15 s: chunk 0's audio post-roll reads it
    expect(inputsFinished(open, chunk(0))).toBe(false);
  });
});

describe('the ffmpeg command for one chunk', () => {
  const clock = new SessionClock(timeline.sessions, 25);
  const settings = { width: 1280, height: 720, fps: 25, timeZone: 'Asia/Ho_Chi_Minh' };
  const { args, files } = buildChunkCommand(timeline, planChunk(timeline, clock, 1, 250, 1280, 720), settings, '/scratch');
  const graph = [...files].find(([path]) => path.endsWith('graph.txt'))![1];
  const texts = [...files].filter(([path]) => path.endsWith('.txt') && !path.endsWith('graph.txt')).map(([, t]) => t);

  it('reads each overlapping segment once per scene with its own timestamps', () => {
    const inputs = args.filter((a, i) => args[i - 1] === '-i');
    // Scene 10–12 s: judge 5–10 (its last frame is on screen at 10 s) and 10–15, defendant likewise;
    // scene 12–20 s: judge 10–15, 15–20; audio: judge 5–10 (pre-roll), 10–15, 15–20, and 30–35,
    // where session time goes on after the recess (post-roll).
    expect(inputs).toEqual([
      '/rec/judge-camera-1.mkv',
      '/rec/judge-camera-2.mkv',
      '/rec/def-camera-1.mkv',
      '/rec/def-camera-2.mkv',
      '/rec/judge-camera-2.mkv',
      '/rec/judge-camera-3.mkv',
      '/rec/judge-mic-1.mkv',
      '/rec/judge-mic-2.mkv',
      '/rec/judge-mic-3.mkv',
      '/rec/judge-mic-4.mkv',
    ]);
    expect(args).toContain('-copyts');
    // Only the last second before 10 s is decoded of the 5–10 s segment.
    const at = args.indexOf('/rec/judge-camera-1.mkv');
    expect(args.slice(at - 5, at)).toEqual(['-ss', '4', '-reinit_filter', '0', '-i']);
    expect(graph).toContain('concat=n=2:v=1:a=0');
    expect(graph).toContain('amix=inputs=5:duration=first');
  });

  it('encodes H.264 + AAC into MPEG-TS and keeps only the chunk’s own AAC packets', () => {
    expect(args.join(' ')).toMatch(/-c:v libx264 .*-pix_fmt yuv420p/);
    expect(args.join(' ')).toMatch(/-c:a aac .*-ar 48000/);
    expect(args.at(-1)).toBe('mpegts');
    expect(args.find((a) => a.startsWith('noise=drop='))).toMatch(/^noise=drop=lt\(n\\,\d+\)\+gte\(n\\,\d+\)$/);
  });

  it('labels tiles with name and Vietnamese role, and burns in the clock in the court’s zone', () => {
    expect(texts).toContain('Người judge');
    expect(texts).toContain('Thẩm phán chủ tọa');
    expect(texts).toContain('Bị cáo');
    expect(texts.find((t) => t.startsWith('%{pts:gmtime:'))).toMatch(/\(GMT\+7\)$/);
    // 10 s into the hearing, shifted +7 h: the clock reads 08:30:10 local.
    const epoch = Number(/gmtime:([\d.]+):/.exec(texts.find((t) => t.startsWith('%{pts'))!)![1]);
    expect(new Date(epoch * 1000).toISOString()).toBe('2026-03-10T08:30:10.000Z');
  });
});

describe('helpers', () => {
  it('knows the court’s UTC offset', () => {
    expect(zoneOffsetMs('Asia/Ho_Chi_Minh', B)).toBe(7 * 3600_000);
    expect(zoneLabel(7 * 3600_000)).toBe('GMT+7');
    expect(zoneLabel(5.5 * 3600_000)).toBe('GMT+5:30');
  });

  it('escapes filter option values for both levels of ffmpeg parsing', () => {
    expect(escapeValue('/plain/path.txt')).toBe('/plain/path.txt');
    // Graph level unescapes first (\\ → \), then the option level (\: → :).
    expect(escapeValue("a:b'c[d],e;f")).toBe("a\\\\:b\\\\\\'c\\[d\\]\\,e\\;f");
  });
});
