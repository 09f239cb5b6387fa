// Each run's wall-clock origin, on disk beside its segment list (`<run>.start`, ms since the
// epoch). ffmpeg's list counts from the run's first packet and the origin is only in its stderr,
// so without this file a list that a crash left unindexed could not be placed on the clock.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeRunStart(trackDir: string, run: number, startMs: number): void {
  try {
    writeFileSync(join(trackDir, `${run}.start`), `${startMs}\n`, { flag: 'w' });
  } catch (error) {
    console.error(`[recorder] could not write ${run}.start in ${trackDir}:`, error);
  }
}

/** The run's origin, or undefined when it never received media (or the file is unreadable). */
export function readRunStart(trackDir: string, run: number): number | undefined {
  try {
    const ms = Number(readFileSync(join(trackDir, `${run}.start`), 'utf8').trim());
    return Number.isFinite(ms) && ms > 0 ? ms : undefined;
  } catch {
    return undefined;
  }
}
