// B4 adjournment → signed record: a hearing with 4 fed participants (720p VP8 2.5 Mbit/s + Opus
// each, bench/recordingFeed.ts) in session for N minutes, recorded live with the progressive
// compositor running as in production; then the judge adjourns and the clock runs until the
// `records` row is 'ready' (composite finished, per-track files, minutes, manifest, SHA256SUMS
// signed). Prints adjournment → captured (every recorder ffmpeg exited and the progressive
// compositor caught up: a compositor slower than real time shows here) → record ready, per
// duration; asserts nothing.
// Run: npm run bench:recording-record [-- --minutes 1,10 --participants 4]
import { rmSync } from 'node:fs';
import { SqlRecordStore } from '../server/store/SqlRecordStore.js';
import { fedHearing } from './recordingFeed.js';
import { benchHearing, loadAverage, loadLine, machine, startBenchServer, writeResult } from './support.js';

const argv = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const MINUTES = (argv('minutes') ?? '1').split(',').map(Number);
const PARTICIPANTS = Number(argv('participants') ?? 4);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Run {
  minutes: number;
  participants: number;
  adjournToCapturedMs: number;
  capturedToReadyMs: number;
  adjournToReadyMs: number;
  status: string;
  error: string | null;
  segments: number;
  gaps: number;
  loadAverage: { start: number[]; end: number[] };
}

async function main(): Promise<void> {
  const vcourt = await startBenchServer(1);
  const records = new SqlRecordStore(vcourt.store.db);
  const runs: Run[] = [];
  try {
    for (const minutes of MINUTES) {
      const loadStart = loadAverage();
      const { hearing, invite } = await benchHearing(vcourt, `record ${minutes} min`);
      const h = await fedHearing(vcourt, invite, hearing.id);
      for (let i = 0; i < PARTICIPANTS; i++) await h.addParticipant();
      await sleep(1000);
      await vcourt.service.transition(h.judgeRef, 'start');
      console.log(`hearing of ${minutes} min in session with ${PARTICIPANTS} participants…`);
      await sleep(minutes * 60_000);
      const captured = new Promise<number>((resolve) => {
        const on = (id: string) => {
          if (id !== hearing.id) return;
          vcourt.recorder.off('captured', on);
          resolve(performance.now());
        };
        vcourt.recorder.on('captured', on);
      });
      const t0 = performance.now();
      await vcourt.service.transition(h.judgeRef, 'adjourn');
      h.stopSenders();
      const tCaptured = await captured;
      let row = await records.get(hearing.id);
      while (!row || row.status === 'building') {
        await sleep(100);
        row = await records.get(hearing.id);
      }
      const tReady = performance.now();
      const loadEnd = loadAverage();
      const run: Run = {
        minutes,
        participants: PARTICIPANTS,
        adjournToCapturedMs: Math.round(tCaptured - t0),
        capturedToReadyMs: Math.round(tReady - tCaptured),
        adjournToReadyMs: Math.round(tReady - t0),
        status: row.status,
        error: row.error,
        segments: (await vcourt.recorder.index.segments(hearing.id)).length,
        gaps: (await vcourt.recorder.index.gaps(hearing.id)).length,
        loadAverage: { start: loadStart, end: loadEnd },
      };
      runs.push(run);
      console.log(
        `  ${minutes} min: adjournment → capture closed ${(run.adjournToCapturedMs / 1000).toFixed(1)} s → record ${run.status} ${(run.capturedToReadyMs / 1000).toFixed(1)} s; total ${(run.adjournToReadyMs / 1000).toFixed(1)} s (${run.segments} segments, ${run.gaps} gaps)${run.error ? `; error: ${run.error}` : ''}`,
      );
      console.log(`  ${loadLine(loadStart, loadEnd)}`);
    }
  } finally {
    await vcourt.close();
    rmSync(vcourt.config.dataDir, { recursive: true, force: true });
  }
  console.log(`\nB4 adjournment → signed record (${PARTICIPANTS} participants, 720p VP8 2.5 Mbit/s + Opus each, progressive composite)`);
  console.log('hearing   adjourn → captured   captured → ready   adjourn → ready   status');
  for (const r of runs) {
    console.log(
      `${`${r.minutes} min`.padEnd(9)} ${`${(r.adjournToCapturedMs / 1000).toFixed(1)} s`.padEnd(20)} ${`${(r.capturedToReadyMs / 1000).toFixed(1)} s`.padEnd(18)} ${`${(r.adjournToReadyMs / 1000).toFixed(1)} s`.padEnd(17)} ${r.status}`,
    );
  }
  writeResult(`recording-record-${MINUTES.join('-')}min`, {
    bench: 'recording-record',
    at: new Date().toISOString(),
    machine: machine(),
    runs,
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
