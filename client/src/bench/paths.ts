// The bench's URL, kept apart from BenchApp so the courtroom can route (and link here) without loading it.
export const BENCH_PATH = '/bench';

export function isBenchPath(pathname: string): boolean {
  return pathname === BENCH_PATH || pathname === `${BENCH_PATH}/`;
}
