// The recorder's bounds on tracks at once (recordings/RecorderSlots.ts): per hearing and per
// server, each refusal naming the bound, slots given back once, and the configuration from the
// environment.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RECORDER_LIMITS, RecorderSlots, recorderLimits } from '../../../recordings/RecorderSlots.js';

describe('RecorderSlots', () => {
  it('takes up to the per-hearing bound in one hearing, then refuses naming it', () => {
    const slots = new RecorderSlots({ tracksPerHearing: 2, tracksPerServer: 10 });
    expect(slots.take('h1', 'a')).toBeNull();
    expect(slots.take('h1', 'b')).toBeNull();
    expect(slots.take('h1', 'c')).toBe('hearing');
    expect(slots.take('h2', 'c')).toBeNull(); // another hearing has its own share
    expect([slots.held('h1'), slots.held('h2'), slots.total]).toEqual([2, 1, 3]);
  });

  it('refuses past the per-server bound across hearings', () => {
    const slots = new RecorderSlots({ tracksPerHearing: 5, tracksPerServer: 3 });
    for (const [h, t] of [
      ['h1', 'a'],
      ['h2', 'b'],
      ['h3', 'c'],
    ])
      expect(slots.take(h!, t!)).toBeNull();
    expect(slots.take('h4', 'd')).toBe('server');
    expect(slots.take('h1', 'e')).toBe('server');
  });

  it('a track holds one slot however often it asks; a release frees it once and says so', () => {
    const slots = new RecorderSlots({ tracksPerHearing: 1, tracksPerServer: 1 });
    let freed = 0;
    slots.on('freed', () => freed++);
    expect(slots.take('h1', 'a')).toBeNull();
    expect(slots.take('h1', 'a')).toBeNull();
    expect(slots.total).toBe(1);
    slots.release('h1', 'a');
    slots.release('h1', 'a');
    slots.release('h1', 'never-held');
    expect([slots.total, slots.held('h1'), freed]).toEqual([0, 0, 1]);
    expect(slots.take('h2', 'b')).toBeNull();
  });

  it('defaults, and the limits from the environment', () => {
    expect(new RecorderSlots().limits).toEqual(DEFAULT_RECORDER_LIMITS);
    expect(DEFAULT_RECORDER_LIMITS).toEqual({ tracksPerHearing: 40, tracksPerServer: 400 });
    expect(recorderLimits({} as NodeJS.ProcessEnv)).toEqual(DEFAULT_RECORDER_LIMITS);
    expect(recorderLimits({ VCOURT_RECORDER_TRACKS_PER_HEARING: '12', VCOURT_RECORDER_TRACKS: '90' } as NodeJS.ProcessEnv)).toEqual({
      tracksPerHearing: 12,
      tracksPerServer: 90,
    });
    expect(() => recorderLimits({ VCOURT_RECORDER_TRACKS: '0' } as NodeJS.ProcessEnv)).toThrow(
      /VCOURT_RECORDER_TRACKS must be a whole number ≥ 1/,
    );
    expect(() => recorderLimits({ VCOURT_RECORDER_TRACKS_PER_HEARING: 'many' } as NodeJS.ProcessEnv)).toThrow(/whole number/);
  });
});
