// The disk watch's levels from free space and the write rate: warned while minutes remain, full at
// the reserve, and not back to ok until there is headroom again.
import { describe, expect, it } from 'vitest';
import { DiskWatch } from '../../../server/DiskWatch.js';
import type { StorageStatusView } from '../../../core/protocol/model.js';

const MB = 1024 * 1024;

function watch(reserveMb = 100, warnMinutes = 10) {
  let now = 0;
  let free = 0;
  const seen: StorageStatusView[] = [];
  const w = new DiskWatch(
    ['/x'],
    { reserveBytes: reserveMb * MB, warnMinutes, pollMs: 1000 },
    () => now,
    async () => free,
  );
  w.on('status', (s) => seen.push(s));
  /** Advance `seconds`, with `freeMb` free, and poll. */
  const at = async (seconds: number, freeMb: number) => {
    now += seconds * 1000;
    free = freeMb * MB;
    await w.poll();
    return w.level;
  };
  return { w, at, seen };
}

describe('DiskWatch', () => {
  it('stays ok while nothing is written, however little is free above the reserve', async () => {
    const { at, seen } = watch();
    expect(await at(0, 150)).toBe('ok');
    expect(await at(60, 150)).toBe('ok');
    expect(seen.map((s) => s.level)).toEqual(['ok']);
  });

  it('warns when the minutes left at the current rate fall under the threshold, before the reserve', async () => {
    const { at, seen } = watch(100, 10);
    await at(0, 2000);
    // 1 MB/s for a minute: ~1900 MB above the reserve is ~30 minutes: fine.
    for (let i = 1; i <= 60; i++) await at(1, 2000 - i);
    expect(seen.at(-1)?.level).toBe('ok');
    // Writing on until ~8 minutes are left.
    let freeMb = 1940;
    while (freeMb > 580) await at(1, (freeMb -= 1));
    expect(seen.at(-1)).toMatchObject({ level: 'low' });
    expect(seen.at(-1)!.minutesLeft).toBeLessThan(10);
  });

  it('is full at the reserve and comes back only with headroom', async () => {
    const { at } = watch(100, 10);
    await at(0, 500);
    expect(await at(1, 99)).toBe('full');
    expect(await at(1, 105)).toBe('full'); // 5 MB above the reserve is not room yet
    expect(await at(60, 140)).not.toBe('full');
  });
});
