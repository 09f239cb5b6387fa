// TrackRecorder's continuity rules without media: a tap that cannot be opened is a recorder that
// cannot start (restart at once, then back off, then 'recorder_failed'); a paused producer runs no
// ffmpeg and is no gap. With real ffmpeg runs fed by an ffmpeg sender: a recorder frozen while its
// producer sends is killed and restarted ('recorder_hung'), and one frozen too briefly for that
// leaves a hole inside its segment that the continuity check finds. (Full runs through mediasoup:
// tests/integration/recording.test.ts and recorder-faults.test.ts.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tap, TapCodec, TapEvents, TapTarget } from '../../../core/hearing/ports.js';
import { TrackRecorder } from '../../../recordings/TrackRecorder.js';
import type { TrackRecorderOptions } from '../../../recordings/TrackRecorderTypes.js';
import { TypedEmitter } from '../../../core/lib/TypedEmitter.js';
import { spawnFfmpeg, type FfmpegProcess } from '../../../core/lib/ffmpeg.js';

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

/**
 * A tap whose producer sends for real: on resume an ffmpeg sends a tone as Opus RTP to the
 * recorder's port, as mediasoup's consumer would; its packet counter grows with the wall clock.
 */
class SendingTap extends TypedEmitter<TapEvents> implements Tap {
  readonly codec: TapCodec = { kind: 'audio', mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: {} };
  readonly producerPaused = false;
  closed = false;
  sender: FfmpegProcess | undefined;
  #since = 0;
  constructor(readonly target: TapTarget) {
    super();
  }
  async resume() {
    if (this.sender || this.closed) return;
    this.#since = Date.now();
    this.sender = spawnFfmpeg([
      '-loglevel',
      'error',
      '-re',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000',
      '-c:a',
      'libopus',
      '-ac',
      '2',
      '-payload_type',
      '100',
      '-f',
      'rtp',
      `rtp://127.0.0.1:${this.target.rtpPort}?pkt_size=1200`,
    ]);
    senders.push(this.sender);
  }
  async requestKeyFrame() {}
  async producerPackets() {
    return this.sender ? Math.floor((Date.now() - this.#since) / 20) : 0;
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    this.sender?.child.kill('SIGKILL');
    this.safeEmit('closed');
  }
}
const senders: FfmpegProcess[] = [];
/** Recorder pids a test froze: thawed whatever happens, so nothing is left stopped. */
const frozen = new Set<number>();
afterEach(async () => {
  for (const pid of frozen) {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // gone
    }
  }
  frozen.clear();
  for (const s of senders.splice(0)) s.child.kill('SIGKILL');
});

const OPTIONS: TrackRecorderOptions = {
  segmentSeconds: 5,
  idleTimeoutSeconds: 1,
  restartDelaysMs: [0, 20, 40],
  failAfter: 3,
  livenessPollMs: 50,
  hungAfterMs: 3000,
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
    await track.settled(); // the last segments' checks, before the folder goes
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
    await track.settled(); // the last segments' checks, before the folder goes
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

  describe('with ffmpeg', () => {
    const live = { ...OPTIONS, segmentSeconds: 2, idleTimeoutSeconds: 3 };
    const events = (track: TrackRecorder) => {
      const seen: { event: string; cause: string; startMs: number; endMs?: number }[] = [];
      track.on('gapOpened', (g) => seen.push({ event: 'opened', ...g }));
      track.on('gapClosed', (g) => seen.push({ event: 'closed', ...g }));
      track.on('hole', (g) => seen.push({ event: 'hole', ...g }));
      return seen;
    };
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    it('kills a recorder that makes no progress while packets arrive, restarts at once, and reports recorder_hung', async () => {
      const track = new TrackRecorder({
        producer,
        dir,
        now: Date.now,
        options: { ...live, hungAfterMs: 2000 },
        openTap: async (target) => new SendingTap(target),
      });
      const seen = events(track);
      let segments = 0;
      track.on('segment', () => segments++);
      track.start();
      await until(() => segments > 0, 20_000);
      const pid = track.pid!;
      frozen.add(pid);
      const frozenAt = Date.now();
      process.kill(pid, 'SIGSTOP');
      await until(() => seen.some((e) => e.event === 'opened' && e.cause === 'recorder_hung'), 15_000);
      const restarted = await (async () => {
        await until(() => track.state === 'recording' && track.pid !== undefined && track.pid !== pid, 15_000);
        return Date.now();
      })();
      expect(track.lastError).toMatch(/hung/);
      const gap = seen.find((e) => e.event === 'closed')!;
      expect(gap.cause).toBe('recorder_hung');
      expect(gap.startMs).toBeLessThanOrEqual(frozenAt); // from the last finished segment's end
      // To the new run's first packet. Not frozenAt + hungAfterMs: its last progress report may
      // predate the freeze by a report period or more on a loaded machine.
      expect(gap.endMs!).toBeGreaterThan(frozenAt);
      expect(gap.endMs!).toBeLessThanOrEqual(restarted);
      await until(() => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true; // SIGKILL reached it although it was stopped
        }
      }, 5000);
      await track.stop();
      await track.settled(); // the last segments' checks, before the folder goes
      expect(seen.filter((e) => e.event !== 'hole').map((e) => `${e.event} ${e.cause}`)).toEqual([
        'opened recorder_hung',
        'closed recorder_hung',
      ]);
    }, 60_000);

    it('finds the hole a briefly frozen recorder leaves inside its segment', async () => {
      const track = new TrackRecorder({
        producer,
        dir,
        now: Date.now,
        options: { ...live, hungAfterMs: 0 },
        openTap: async (target) => new SendingTap(target),
      });
      const seen = events(track);
      let segments = 0;
      track.on('segment', () => segments++);
      track.start();
      await until(() => segments > 0, 20_000);
      const pid = track.pid!;
      frozen.add(pid);
      const frozenAt = Date.now();
      process.kill(pid, 'SIGSTOP');
      await sleep(2500); // the freeze itself, not a wait for something
      const thawedAt = Date.now();
      process.kill(pid, 'SIGCONT');
      await until(() => seen.some((e) => e.event === 'hole'), 20_000);
      await track.stop();
      await track.settled(); // the last segments' checks, before the folder goes
      const holes = seen.filter((e) => e.event === 'hole');
      expect(holes).toHaveLength(1);
      expect(holes[0]!.cause).toBe('recorder_hung');
      expect(Math.abs(holes[0]!.startMs - frozenAt)).toBeLessThan(500);
      expect(Math.abs(holes[0]!.endMs! - thawedAt)).toBeLessThan(500);
      expect(track.pid).toBeUndefined();
      expect(seen.filter((e) => e.event !== 'hole')).toEqual([]); // the same run went on
    }, 60_000);
  });
});
