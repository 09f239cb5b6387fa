// The recorder's watchdog: a run that makes no progress while its producer keeps sending is hung;
// one whose producer sends nothing (a mute, a silent screen) or that is not watched is not.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunWatchdog } from '../../../recordings/RunWatchdog.js';

let packets = 0;
let paused = false;
const tap = {
  get producerPaused() {
    return paused;
  },
  producerPackets: () => Promise.resolve(packets),
};
let hung: { stalledMs: number; packets: number }[] = [];

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  packets = 0;
  paused = false;
  hung = [];
});
afterEach(() => vi.useRealTimers());

function watchdog(hungAfterMs = 3000) {
  return new RunWatchdog({ tap, hungAfterMs, onHung: (info) => hung.push(info) });
}

/** `ms` of wall clock in 100 ms steps: the producer sends 5 packets per step if `sending`; ffmpeg reports every 500 ms if `progressing`. */
async function pass(w: RunWatchdog, ms: number, { sending = true, progressing = true } = {}) {
  for (let t = 0; t < ms; t += 100) {
    if (sending) packets += 5;
    if (progressing && (Date.now() / 100) % 5 === 0) w.progress({ out_time_us: String(Date.now() * 1000), progress: 'continue' });
    await vi.advanceTimersByTimeAsync(100);
  }
}

describe('RunWatchdog', () => {
  it('stays quiet while ffmpeg progresses', async () => {
    const w = watchdog();
    w.arm();
    await pass(w, 10_000);
    expect(hung).toEqual([]);
    w.disarm();
  });

  it('fires once when ffmpeg stops progressing while packets keep arriving', async () => {
    const w = watchdog();
    w.arm();
    await pass(w, 2000);
    await pass(w, 10_000, { progressing: false });
    expect(hung).toHaveLength(1);
    expect(hung[0]!.stalledMs).toBeGreaterThanOrEqual(3000);
    expect(hung[0]!.stalledMs).toBeLessThan(4000);
    expect(hung[0]!.packets).toBeGreaterThan(0);
    expect(w.armed).toBe(false);
  });

  it('does not fire while the producer sends nothing, nor while it is paused', async () => {
    const w = watchdog();
    w.arm();
    await pass(w, 1000);
    await pass(w, 10_000, { sending: false, progressing: false });
    paused = true;
    await pass(w, 10_000, { progressing: false }); // a paused consumer forwards nothing
    expect(hung).toEqual([]);
    w.disarm();
  });

  it('does not fire when the producer sent its last packets just before going silent', async () => {
    const w = watchdog();
    w.arm();
    await pass(w, 1000);
    await pass(w, 400, { progressing: false }); // ffmpeg got them; its next report would have come
    await pass(w, 10_000, { sending: false, progressing: false });
    expect(hung).toEqual([]);
    w.disarm();
  });

  it('does not fire when unarmed, nor with hungAfterMs 0', async () => {
    const unarmed = watchdog();
    const never = watchdog(0);
    never.arm();
    expect(never.armed).toBe(false);
    await pass(unarmed, 10_000, { progressing: false });
    expect(hung).toEqual([]);
  });

  it('gives ffmpeg the benefit of the doubt when our own event loop stalled', async () => {
    const w = watchdog();
    w.arm();
    await pass(w, 1000);
    // The loop blocked for 5 s: the pipe may hold progress we have not read yet.
    vi.setSystemTime(Date.now() + 5000);
    packets += 250;
    await vi.advanceTimersByTimeAsync(500);
    expect(hung).toEqual([]);
    await pass(w, 2000);
    expect(hung).toEqual([]);
    w.disarm();
  });
});
