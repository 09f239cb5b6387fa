// The room's link sampler (media/LinkSampler.ts) as a schedule: a reading starts only once the
// previous one has ended, however slow the worker, it reports only non-empty readings of an open
// room, and close() stops it for good. The readings themselves come from a real worker in
// tests/integration/link-quality.test.ts; here sample() is stood in for, and time is vitest's.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LinkSample, MediaEvent } from '../../../core/hearing/ports.js';
import { LINK_SAMPLE_MS, LinkSampler, type LinkSource } from '../../../media/LinkSampler.js';

const FIGURES = { rttMs: 30, lossPct: 0, downKbps: null, upKbps: null, sendLayer: null, sendLayers: null, recvLayer: null };

/** A sampler whose readings end when the test says so. */
class SlowSampler extends LinkSampler {
  started = 0;
  #finish: ((s: LinkSample[]) => void)[] = [];
  override sample(): Promise<LinkSample[]> {
    this.started++;
    return new Promise((resolve) => this.#finish.push(resolve));
  }
  finish(samples: LinkSample[] = [{ participantId: 'p-1', figures: FIGURES }]): void {
    this.#finish.shift()?.(samples);
  }
}

let room: { hearingId: string; closed: boolean; peers: LinkSource['peers'] };
let reported: MediaEvent[];
beforeEach(() => {
  vi.useFakeTimers();
  room = { hearingId: 'h-1', closed: false, peers: new Map() };
  reported = [];
});
afterEach(() => vi.useRealTimers());

describe('LinkSampler', () => {
  it('never starts a reading while one is under way, and reports each finished one', async () => {
    const sampler = new SlowSampler(room, (e) => reported.push(e));
    await vi.advanceTimersByTimeAsync(LINK_SAMPLE_MS * 5);
    expect(sampler.started).toBe(1);
    sampler.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(reported).toEqual([{ type: 'linkStats', hearingId: 'h-1', samples: [{ participantId: 'p-1', figures: FIGURES }] }]);
    await vi.advanceTimersByTimeAsync(LINK_SAMPLE_MS - 1);
    expect(sampler.started).toBe(1); // the next one waits a whole period after the last ended
    await vi.advanceTimersByTimeAsync(1);
    expect(sampler.started).toBe(2);
    sampler.close();
  });

  it('reports nothing for an empty room, nor for a room that closed during the reading', async () => {
    const sampler = new SlowSampler(room, (e) => reported.push(e));
    await vi.advanceTimersByTimeAsync(LINK_SAMPLE_MS);
    sampler.finish([]);
    await vi.advanceTimersByTimeAsync(LINK_SAMPLE_MS);
    room.closed = true;
    sampler.finish();
    await vi.advanceTimersByTimeAsync(LINK_SAMPLE_MS * 3);
    expect(reported).toEqual([]);
    expect(sampler.started).toBe(2); // a closed room is not read again
  });

  it('stops for good on close(), even with a reading under way', async () => {
    const sampler = new SlowSampler(room, (e) => reported.push(e));
    await vi.advanceTimersByTimeAsync(LINK_SAMPLE_MS);
    sampler.close();
    sampler.finish();
    await vi.advanceTimersByTimeAsync(LINK_SAMPLE_MS * 10);
    expect(reported).toEqual([]);
    expect(sampler.started).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reads an empty room as no samples', async () => {
    vi.useRealTimers();
    const sampler = new LinkSampler(room, (e) => reported.push(e), 60_000);
    expect(await sampler.sample()).toEqual([]);
    sampler.close();
  });
});
