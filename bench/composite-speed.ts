// Composite speed: a synthetic 4-party hearing (VP8/Opus Matroska segments of ~5 s, as the live
// recorder writes them), composed (1) progressively, advance() called as the hearing runs, one
// chunk at a time, then finish() after adjournment, and (2) all at once by finish() alone. Prints
// speed as a multiple of real time and the adjournment → record latency; writes
// bench/results/composite-speed.json; asserts nothing.
// Run: npm run bench:composite [-- --seconds 60 --fps 25 --width 1280 --height 720]
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Compositor, type CompositorOptions } from '../recordings/Compositor.js';
import { BASE_MS as B, syntheticHearing, type FakeParticipant } from '../tests/integration/compositorFixtures.js';
import { numberArg } from './support.js';

const seconds = numberArg('seconds', 60);
const options: Omit<CompositorOptions, 'workDir'> = {
  fps: numberArg('fps', 25),
  width: numberArg('width', 1280),
  height: numberArg('height', 720),
  chunkMs: 10_000,
};

async function main() {
  const loadBefore = loadavg()[0]!; // loadavg() always has the 1, 5 and 15 minute averages
  const dir = mkdtempSync(join(tmpdir(), 'vcourt-bench-composite-'));
  try {
    const session = { startMs: B, endMs: B + seconds * 1000 };
    const cast: Pick<FakeParticipant, 'role' | 'colour'>[] = [
      { role: 'judge', colour: [220, 40, 40] },
      { role: 'prosecutor', colour: [40, 200, 60] },
      { role: 'counsel', colour: [40, 80, 230] },
      { role: 'defendant', colour: [230, 210, 40] },
    ];
    const people: FakeParticipant[] = cast.map(({ role, colour }, i) => ({
      id: `p${i}`,
      name: `Người ${i + 1}`,
      role,
      colour,
      tone: 330 + 110 * i,
      present: [session],
    }));
    const t0 = performance.now();
    const timeline = await syntheticHearing(join(dir, 'tracks'), 'bench', [session], people);
    console.log(
      `synthetic media: ${timeline.tracks.reduce((n, t) => n + t.segments.length, 0)} segments in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    // (1) Progressively: the recorder calls advance() as segments close, then finish() at adjournment.
    const live = new Compositor({ ...options, workDir: join(dir, 'live') });
    const perChunk: { chunk: number; ms: number; xRealTime: number }[] = [];
    for (let until = B + 5_000; until <= session.endMs; until += 5_000) {
      const t = performance.now();
      await live.advance(timeline, until);
      const ms = performance.now() - t;
      // One chunk at most becomes ready per 5 s step: time the calls that made one.
      if (existsSync(live.chunkPath(perChunk.length)))
        perChunk.push({ chunk: perChunk.length, ms: Math.round(ms), xRealTime: +(options.chunkMs! / ms).toFixed(2) });
    }
    const tf = performance.now();
    await live.finish(timeline, join(dir, 'live.mp4'));
    const finishMs = performance.now() - tf;
    const madeInFinish = Math.ceil((seconds * 1000) / options.chunkMs!) - perChunk.length;

    // (2) Everything in finish(): the speed of composing a whole hearing after the fact.
    const after = new Compositor({ ...options, workDir: join(dir, 'after') });
    const ta = performance.now();
    await after.finish(timeline, join(dir, 'after.mp4'));
    const allMs = performance.now() - ta;

    const advanceX = perChunk.reduce((a, c) => a + c.xRealTime, 0) / Math.max(1, perChunk.length);
    const result = {
      bench: 'composite-speed',
      at: new Date().toISOString(),
      // Other work on the machine slows ffmpeg down: the load average before starting says how idle it was.
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverage1m: +loadBefore.toFixed(2) },
      hearing: { participants: people.length, seconds, segmentMs: 5000, ...options },
      advance: { chunks: perChunk, meanXRealTime: +advanceX.toFixed(2) },
      finishAfterAdvance: { ms: Math.round(finishMs), chunksMade: madeInFinish },
      finishAlone: { ms: Math.round(allMs), xRealTime: +((seconds * 1000) / allMs).toFixed(2) },
    };
    console.log(
      `composite speed: ${people.length} participants, ${seconds} s, ${options.width}x${options.height}@${options.fps}, chunks of ${options.chunkMs! / 1000} s, ${result.machine.cpus} cores, load average ${result.machine.loadAverage1m}`,
    );
    for (const c of perChunk) console.log(`  advance() chunk ${c.chunk}: ${c.ms} ms = ${c.xRealTime}x real time`);
    console.log(`  advance() mean: ${result.advance.meanXRealTime}x real time`);
    console.log(
      `  finish() after advance(): ${result.finishAfterAdvance.ms} ms (${madeInFinish} chunk(s) left + concat): adjournment → record`,
    );
    console.log(`  finish() alone (whole hearing): ${result.finishAlone.ms} ms = ${result.finishAlone.xRealTime}x real time`);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/composite-speed.json', JSON.stringify(result, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
