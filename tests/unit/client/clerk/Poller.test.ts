// The dashboard's self-refresh (client/src/clerk/Poller.ts): one run at a time, every interval while
// the page is visible, none while hidden, and at once when shown again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Poller, type Visibility } from '../../../../client/src/clerk/Poller.js';

/** A page whose visibility the test sets (no document under Node). */
class FakeVisibility implements Visibility {
  isHidden = false;
  readonly listeners = new Set<() => void>();
  hidden() {
    return this.isHidden;
  }
  subscribe(listener: () => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(hidden: boolean) {
    this.isHidden = hidden;
    for (const l of this.listeners) l();
  }
}

describe('Poller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at once, then every interval', async () => {
    const task = vi.fn(() => Promise.resolve());
    const poller = new Poller(task, 5000, new FakeVisibility());
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(task).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(task).toHaveBeenCalledTimes(4);
    poller.stop();
  });

  it('stops asking while the tab is hidden and asks at once when shown', async () => {
    const page = new FakeVisibility();
    const task = vi.fn(() => Promise.resolve());
    const poller = new Poller(task, 5000, page);
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    page.set(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(task).toHaveBeenCalledTimes(1);
    page.set(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(2);
    poller.stop();
  });

  it('never runs twice at once: a refresh during a slow run waits for it', async () => {
    let finish: () => void = () => undefined;
    let running = 0;
    let most = 0;
    const task = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          running++;
          most = Math.max(most, running);
          finish = () => {
            running--;
            resolve();
          };
        }),
    );
    const poller = new Poller(task, 5000, new FakeVisibility());
    poller.start();
    poller.refresh();
    poller.refresh();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(task).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(2); // the queued refresh, once
    finish();
    expect(most).toBe(1);
    poller.stop();
  });

  it('keeps going after a failed run, and stops for good on stop()', async () => {
    const task = vi.fn(() => Promise.reject(new Error('network')));
    const poller = new Poller(task, 1000, new FakeVisibility());
    poller.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(task).toHaveBeenCalledTimes(3);
    poller.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(task).toHaveBeenCalledTimes(3);
  });
});
