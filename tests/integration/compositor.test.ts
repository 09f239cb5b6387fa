// The composite from realistic captured media (VP8/Opus Matroska segments, ~5 s each, timestamps
// from 0, a little variable frame rate): read back the way a clerk or a court expert would check
// it. Real ffmpeg, no server; slow-ish (about a minute on two cores), hence integration.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Compositor } from '../../recordings/Compositor.js';
import { ffprobe, runFfmpeg, spawnFfmpeg } from '../../core/lib/ffmpeg.js';
import type { HearingTimeline } from '../../recordings/types.js';
import { must } from '../support/must.js';
import { BASE_MS as B, colourShare, frameAt, syntheticHearing, type FakeParticipant, type Rgb } from './compositorFixtures.js';

const RED: Rgb = [220, 40, 40];
const GREEN: Rgb = [40, 200, 60];
const BLUE: Rgb = [40, 80, 230];
const YELLOW: Rgb = [230, 210, 40];
const LONG = 240_000;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vcourt-compositor-'));
});
afterAll(async () => {
  if (dir && !process.env.VCOURT_KEEP_TEST_FILES) await rm(dir, { recursive: true, force: true });
});

async function decodeErrors(file: string): Promise<string> {
  const p = spawnFfmpeg(['-v', 'error', '-i', file, '-f', 'null', '-'], { keepLines: 200 });
  const { code } = await p.exited;
  return `${p.stderrTail()}${code === 0 ? '' : `\n(exit ${code})`}`.trim();
}

describe('Compositor: a hearing with a recess, a late joiner and an early leaver', () => {
  // Session 1: wall 0–20 s; recess 20–30 s; session 2: 30–45 s. 35 s of session time, 4 chunks.
  const sessions = [
    { startMs: B, endMs: B + 20_000 },
    { startMs: B + 30_000, endMs: B + 45_000 },
  ];
  const people: FakeParticipant[] = [
    // Listed out of role order on purpose: the judge's tile must still come first.
    { id: 'def', name: 'Trần Thị Bình', role: 'defendant', colour: GREEN, tone: 660, present: [{ startMs: B, endMs: B + 12_000 }] },
    { id: 'judge', name: 'Nguyễn Văn An', role: 'judge', colour: RED, tone: 440, present: sessions },
    {
      id: 'wit',
      name: 'Lê Văn Cường',
      role: 'witness',
      colour: BLUE,
      tone: 880,
      present: [{ startMs: B + 33_000, endMs: B + 45_000 }],
      screen: { colour: YELLOW, span: { startMs: B + 38_000, endMs: B + 43_000 } },
    },
  ];
  let timeline: HearingTimeline;
  let compositor: Compositor;
  let out: string;
  const progress: number[] = [];
  const before = new Map<string, { ino: number; mtimeMs: number }>();

  beforeAll(async () => {
    timeline = await syntheticHearing(join(dir, 'h1', 'tracks'), 'h1', sessions, people);
    compositor = new Compositor({ workDir: join(dir, 'h1', 'composite') });
    out = join(dir, 'h1', 'record', 'composite.mp4');
  }, LONG);

  it(
    'advance() makes no chunk whose inputs are still being written',
    async () => {
      const open = structuredClone(timeline);
      const seg = open.tracks.find((t) => t.trackId === 'judge-video')!.segments.find((s) => s.startMs === B + 10_000)!;
      seg.endMs = null; // still recording
      await compositor.advance(open, B + 20_000);
      await expect(stat(compositor.chunkPath(0))).resolves.toBeTruthy();
      await expect(stat(compositor.chunkPath(1))).rejects.toThrow();
    },
    LONG,
  );

  it(
    'advance() makes whole chunks only, once session time past them is known',
    async () => {
      await compositor.advance(timeline, B + 20_000); // chunk 1 ends at the recess: its audio post-roll is not known yet
      await expect(stat(compositor.chunkPath(1))).rejects.toThrow();
      await compositor.advance(timeline, B + 31_000);
      await compositor.advance(timeline, B + 31_000); // idempotent
      for (const n of [0, 1]) {
        const s = await stat(compositor.chunkPath(n));
        before.set(compositor.chunkPath(n), { ino: s.ino, mtimeMs: s.mtimeMs });
      }
      await expect(stat(compositor.chunkPath(2))).rejects.toThrow();
    },
    LONG,
  );

  it(
    'finish() reuses the chunks advance() made and writes an H.264 + AAC MP4 of the session time',
    async () => {
      await compositor.finish(timeline, out, (f) => progress.push(f));
      for (const [path, was] of before) {
        const s = await stat(path);
        expect({ ino: s.ino, mtimeMs: s.mtimeMs }).toEqual(was);
      }
      expect(progress[0]).toBe(0);
      expect(progress.at(-1)).toBe(1);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);

      const probe = await ffprobe(out);
      const video = probe.streams.find((s) => s.codec_type === 'video')!;
      const audio = probe.streams.find((s) => s.codec_type === 'audio')!;
      expect(video.codec_name).toBe('h264');
      expect((video as unknown as { pix_fmt: string }).pix_fmt).toBe('yuv420p');
      expect([video.width, video.height]).toEqual([1280, 720]);
      expect(audio.codec_name).toBe('aac');
      expect(Math.abs(Number(probe.format.duration) - 35)).toBeLessThan(1);
      expect(Math.abs(Number(video.duration) - 35)).toBeLessThan(0.05);
      // +faststart: the index (moov) precedes the media (mdat).
      const head = (await readFile(out)).subarray(0, 4096).toString('latin1');
      expect(head.indexOf('moov')).toBeGreaterThan(0);
      expect(head.indexOf('moov')).toBeLessThan(head.indexOf('mdat') === -1 ? Infinity : head.indexOf('mdat'));
    },
    LONG,
  );

  it(
    'decodes with no errors',
    async () => {
      expect(await decodeErrors(out)).toBe('');
    },
    LONG,
  );

  // Session time → what must be on screen. Wall = session time in session 1; + 10 s in session 2.
  const moments: { at: number; on: Rgb[]; off: Rgb[]; what: string }[] = [
    { at: 5, on: [RED, GREEN], off: [BLUE, YELLOW], what: 'judge and defendant' },
    { at: 15, on: [RED], off: [GREEN, BLUE, YELLOW], what: 'the defendant has left' },
    { at: 21.5, on: [RED], off: [GREEN, BLUE, YELLOW], what: 'after the recess, before the witness joins' },
    { at: 25, on: [RED, BLUE], off: [GREEN, YELLOW], what: 'the witness has joined' },
    { at: 30.5, on: [YELLOW, RED, BLUE], off: [GREEN], what: 'the witness shares a screen' },
    { at: 34, on: [RED, BLUE], off: [GREEN, YELLOW], what: 'the share has ended' },
  ];
  it.each(moments)(
    'at $at s of session time: $what',
    async ({ at, on, off }) => {
      const rgb = await frameAt(out, at, join(dir, 'h1'));
      for (const c of on) expect(colourShare(rgb, c), `colour ${c} on`).toBeGreaterThan(0.02);
      for (const c of off) expect(colourShare(rgb, c), `colour ${c} off`).toBeLessThan(0.003);
    },
    LONG,
  );

  it(
    "the judge's tile comes first (left), the share takes the main spot",
    async () => {
      const w = 64;
      const half = (rgb: Buffer, left: boolean) => {
        const rows: number[] = [];
        for (let y = 0; y < rgb.length / 3 / w; y++)
          for (let x = 0; x < w; x++) if (x < w / 2 === left) rows.push(...rgb.subarray((y * w + x) * 3, (y * w + x) * 3 + 3));
        return Buffer.from(rows);
      };
      const two = await frameAt(out, 5, join(dir, 'h1'));
      expect(colourShare(half(two, true), RED)).toBeGreaterThan(0.2);
      expect(colourShare(half(two, false), GREEN)).toBeGreaterThan(0.2);
      const share = await frameAt(out, 30.5, join(dir, 'h1'));
      expect(colourShare(share, YELLOW)).toBeGreaterThan(0.4);
    },
    LONG,
  );

  it(
    'leaves out segments a crashed recorder left unreadable, and still makes the record',
    async () => {
      // Session 0–10 s only. The judge's camera 5–10 s is garbage, the defendant's 5–10 s was cut
      // off after its header, and an empty file is listed too.
      const broken = structuredClone(timeline);
      broken.sessions = [{ startMs: B, endMs: B + 10_000 }];
      const cam = (id: string) => broken.tracks.find((t) => t.trackId === `${id}-video`)!.segments.find((s) => s.startMs === B + 5_000)!;
      const garbage = join(dir, 'garbage.mkv');
      const cut = join(dir, 'cut.mkv');
      const empty = join(dir, 'empty.mkv');
      await writeFile(garbage, Buffer.alloc(50_000, 7));
      await writeFile(cut, (await readFile(cam('def').file)).subarray(0, 400));
      await writeFile(empty, '');
      cam('judge').file = garbage;
      cam('def').file = cut;
      must(broken.tracks[0], 'the first track').segments.push({ file: empty, startMs: B + 1_000, endMs: B + 2_000 });
      const c = new Compositor({ workDir: join(dir, 'broken', 'composite') });
      const file = join(dir, 'broken', 'composite.mp4');
      await c.finish(broken, file);
      expect(Math.abs(Number((await ffprobe(file)).format.duration) - 10)).toBeLessThan(1);
      const early = await frameAt(file, 3, join(dir, 'broken'));
      expect(colourShare(early, RED)).toBeGreaterThan(0.02);
      const late = await frameAt(file, 7, join(dir, 'broken'));
      expect(colourShare(late, RED)).toBeLessThan(0.003); // a dark tile where the video is lost
      expect(colourShare(late, GREEN)).toBeLessThan(0.003);
    },
    LONG,
  );
});

describe('Compositor: audio and video stay in sync across segments, chunks and a recess', () => {
  // A black camera flashing white and a beep, both at every whole 2 s of wall clock; session 1
  // 0–12 s, recess, session 2 20–33 s: 25 s of session time, chunk boundaries at 10 s and 20 s.
  const sessions = [
    { startMs: B, endMs: B + 12_000 },
    { startMs: B + 20_000, endMs: B + 33_000 },
  ];
  const fps = 25;

  it(
    'the flash and the beep land at the same moment of the composite',
    async () => {
      const timeline = await syntheticHearing(join(dir, 'sync', 'tracks'), 'sync', sessions, [
        { id: 'judge', name: 'Phạm Minh Đức', role: 'judge', colour: RED, tone: 0, present: sessions, content: 'flash' },
      ]);
      const compositor = new Compositor({ workDir: join(dir, 'sync', 'composite'), fps });
      await compositor.advance(timeline, B + 22_000);
      const out = join(dir, 'sync', 'composite.mp4');
      await compositor.finish(timeline, out);

      const luma = join(dir, 'sync', 'luma.raw');
      await runFfmpeg(['-i', out, '-vf', 'scale=16:9,format=gray', '-f', 'rawvideo', luma]);
      const frames = await readFile(luma);
      const mean = (i: number) => frames.subarray(i * 144, i * 144 + 144).reduce((a, b) => a + b, 0) / 144;
      const flashes: number[] = [];
      for (let i = 1; i < frames.length / 144; i++) if (mean(i) > 100 && mean(i - 1) <= 100) flashes.push(i / fps);

      const pcm = join(dir, 'sync', 'audio.raw');
      await runFfmpeg(['-i', out, '-ac', '1', '-ar', '48000', '-f', 'f32le', pcm]);
      const buf = await readFile(pcm);
      const samples = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
      const beeps: number[] = [];
      let quietSince = 0;
      for (let i = 0; i < samples.length; i++) {
        if (Math.abs(samples[i]!) > 0.1) {
          if (i - quietSince > 48_000 * 0.5) beeps.push(i / 48_000);
          quietSince = i;
        }
      }
      // Flashes at session-time starts (0 s, 12 s) are cut by where capture began: not comparable.
      const comparable = flashes.filter((t) => Math.abs(t) > 0.05 && Math.abs(t - 12) > 0.05);
      const offsetsMs = comparable.map((t) => {
        const nearest = beeps.reduce((a, b) => (Math.abs(b - t) < Math.abs(a - t) ? b : a), Infinity);
        return Math.round((nearest - t) * 1000 * 10) / 10;
      });
      const worst = Math.max(...offsetsMs.map(Math.abs));
      console.log(
        `A/V offset (audio − video), ms, at ${comparable.map((t) => t.toFixed(2)).join(', ')} s: ${offsetsMs.join(', ')}; worst ${worst} ms`,
      );
      expect(comparable.length).toBeGreaterThanOrEqual(9);
      expect(worst).toBeLessThan(200);
    },
    LONG,
  );
});
