// The composite mixes the floor only: an interpreter's microphone is kept in its own track files
// but left out of the composite's audio (recordings/composite/floorMix.ts). Real ffmpeg over
// synthetic captured media (compositorFixtures.ts): the judge speaks a 440 Hz tone, the interpreter
// a 1000 Hz one, both throughout; the composite must carry the first and not the second.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFfmpeg } from '../../core/lib/ffmpeg.js';
import { Compositor } from '../../recordings/Compositor.js';
import { BASE_MS as B, syntheticHearing, type FakeParticipant } from './compositorFixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vcourt-interpretation-'));
});
afterAll(async () => {
  if (dir && !process.env.VCOURT_KEEP_TEST_FILES) await rm(dir, { recursive: true, force: true });
});

/** Power of one frequency in the samples (Goertzel), normalised by their count. */
function powerAt(samples: Float32Array, hz: number, rate = 48_000): number {
  const k = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / samples.length ** 2;
}

describe('Compositor: the interpretation channel', () => {
  const sessions = [{ startMs: B, endMs: B + 6_000 }];
  const people: FakeParticipant[] = [
    { id: 'judge', name: 'Nguyễn Văn An', role: 'judge', colour: [220, 40, 40], tone: 440, present: sessions },
    { id: 'int', name: 'Đỗ Thị Hoa', role: 'interpreter', colour: [40, 80, 230], tone: 1000, present: sessions },
  ];

  it("mixes the judge's microphone and leaves the interpreter's out, which stays in its own track files", async () => {
    const timeline = await syntheticHearing(join(dir, 'tracks'), 'interp', sessions, people);
    const interpreterAudio = timeline.tracks.find((t) => t.participantId === 'int' && t.kind === 'audio');
    expect(interpreterAudio?.segments.length).toBeGreaterThan(0);
    for (const seg of interpreterAudio?.segments ?? []) expect((await stat(seg.file)).size).toBeGreaterThan(0);

    const out = join(dir, 'composite.mp4');
    await new Compositor({ workDir: join(dir, 'composite'), fps: 25 }).finish(timeline, out);
    const pcm = join(dir, 'audio.raw');
    await runFfmpeg(['-i', out, '-ac', '1', '-ar', '48000', '-f', 'f32le', pcm]);
    const buf = await readFile(pcm);
    // The middle of the composite, clear of the start and end of capture.
    const samples = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4).subarray(48_000, 48_000 * 5);
    const floor = powerAt(samples, 440);
    const interpretation = powerAt(samples, 1000);
    expect(floor).toBeGreaterThan(1e-3);
    expect(interpretation).toBeLessThan(floor / 1000);
  }, 240_000);
});
