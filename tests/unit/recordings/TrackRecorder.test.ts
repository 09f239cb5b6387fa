// TrackRecorder's continuity rules without media: a tap that cannot be opened is a recorder that
// cannot start (restart at once, then back off, then 'recorder_failed'); a paused producer runs no
// ffmpeg and is no gap. (Real ffmpeg runs are covered by tests/integration/recording.test.ts.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tap, TapCodec, TapEvents } from '../../../core/hearing/ports.js';
import { TrackRecorder } from '../../../recordings/TrackRecorder.js';
import type { TrackRecorderOptions } from '../../../recordings/TrackRecorderTypes.js';
import { TypedEmitter } from '../../../core/lib/TypedEmitter.js';

class FakeTap extends TypedEmitter<TapEvents> implements Tap {
  readonly codec: TapCodec = { kind: 'audio', mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: {} };
  closed = false;
  constructor(public producerPaused: boolean) {
    super();
  }
  async resume() {}
  async requestKeyFrame() {}
  async producerPackets() {
    return 0;
  }
  close() {
    this.closed = true;
    this.safeEmit('closed');
  }
}

const OPTIONS: TrackRecorderOptions = {
  segmentSeconds: 5,
  idleTimeoutSeconds: 1,
  restartDelaysMs: [0, 20, 40],
  failAfter: 3,
  livenessPollMs: 50,
};
const producer = { id: 'track-1', participantId: 'p1', kind: 'audio' as const, source: 'mic' as const, paused: false };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vcourt-track-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function record(track: TrackRecorder) {
  const log: string[] = [];
  const gaps: unknown[] = [];
  track.on('state', (s) => log.push(s));
  track.on('gapOpened', (g) => gaps.push(['opened', g.cause]));
  track.on('failing', (g) => gaps.push(['failing', g.cause]));
  track.on('gapClosed', (g) => gaps.push(['closed', g.cause, g.endMs >= g.startMs]));
  return { log, gaps };
}

describe('TrackRecorder', () => {
  it('restarts at once when it cannot start, backs off, reports recorder_failed, and closes the gap when stopped', async () => {
    let attempts = 0;
    const startedAt = Date.now();
    const track = new TrackRecorder({
      producer,
      dir,
      now: Date.now,
      options: OPTIONS,
      openTap: async () => {
        attempts++;
        throw new Error('router closed');
      },
    });
    const { log, gaps } = record(track);
    let gapStart = 0;
    track.on('gapOpened', (g) => (gapStart = g.startMs));
    track.start();
    await until(() => track.state === 'failed');
    expect(attempts).toBe(3);
    expect(gapStart).toBeGreaterThanOrEqual(startedAt);
    expect(gaps).toEqual([
      ['opened', 'recorder_exited'],
      ['failing', 'recorder_failed'],
    ]);
    expect(track.lastError).toContain('router closed');
    expect(track.finishedUntil(123)).toBeLessThanOrEqual(Date.now());
    await track.stop();
    expect(gaps.at(-1)).toEqual(['closed', 'recorder_failed', true]);
    expect(log).toEqual(['starting', 'restarting', 'failed', 'idle']);
    const after = attempts;
    await new Promise((r) => setTimeout(r, 100));
    expect(attempts).toBe(after); // stopped means stopped
  });

  it('runs no ffmpeg for a paused producer, waits for it to resume, and records no gap', async () => {
    const taps: FakeTap[] = [];
    const track = new TrackRecorder({
      producer,
      dir,
      now: Date.now,
      options: OPTIONS,
      openTap: async () => {
        const tap = new FakeTap(true);
        taps.push(tap);
        return tap;
      },
    });
    const { log, gaps } = record(track);
    const codecs: string[] = [];
    track.on('codec', (c) => codecs.push(c));
    track.start();
    await until(() => track.state === 'paused');
    expect(codecs).toEqual(['opus']);
    expect(track.pid).toBeUndefined();
    await track.stop();
    expect(taps.every((t) => t.closed)).toBe(true);
    expect(gaps).toEqual([]);
    expect(log).toEqual(['starting', 'paused', 'idle']);
  });

  it('ends for good when the producer is gone while it waits', async () => {
    const tap = new FakeTap(true);
    const track = new TrackRecorder({ producer, dir, now: Date.now, options: OPTIONS, openTap: async () => tap });
    track.start();
    await until(() => track.state === 'paused');
    tap.close();
    await track.close();
    expect(track.state).toBe('ended');
  });
});
