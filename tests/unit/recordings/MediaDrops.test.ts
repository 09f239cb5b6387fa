// Media that went away in session and the gap it leaves: ended by the returning track's first
// packet, or (when vcourt was at fault) by the end of the session; relabelled when the worker died.
import { describe, expect, it } from 'vitest';
import { MediaDrops, type Drop } from '../../../recordings/MediaDrops.js';
import type { RecordingGap } from '../../../recordings/types.js';

const T = 1_800_000_000_000;
const drop = (over: Partial<Drop> = {}): Drop => ({
  participantId: 'p',
  kind: 'audio',
  source: 'mic',
  cause: 'participant_reconnected',
  trackId: 'old',
  droppedAtMs: T,
  since: Promise.resolve(T - 200),
  ...over,
});

function drops() {
  const gaps: RecordingGap[] = [];
  return { gaps, d: new MediaDrops((g) => gaps.push(g)) };
}

describe('MediaDrops', () => {
  it('a returning track’s first packet ends the gap, on that track', async () => {
    const { gaps, d } = drops();
    d.dropped(drop());
    d.arrived('new', { participantId: 'p', source: 'mic' });
    d.started('new', T + 3000);
    await d.settled();
    expect(gaps).toEqual([{ trackId: 'new', participantId: 'p', startMs: T - 200, endMs: T + 3000, cause: 'participant_reconnected' }]);
  });

  it('another source of the same participant does not end it', async () => {
    const { gaps, d } = drops();
    d.dropped(drop());
    d.arrived('cam', { participantId: 'p', source: 'camera' });
    d.started('cam', T + 1000);
    await d.settled();
    expect(gaps).toEqual([]);
  });

  it('waits for the old track’s last segment before deciding where the gap starts', async () => {
    const { gaps, d } = drops();
    let finish!: (ms: number) => void;
    d.dropped(drop({ since: new Promise<number>((r) => (finish = r)) }));
    d.arrived('new', { participantId: 'p', source: 'mic' });
    d.started('new', T + 1000);
    finish(T + 1500); // the old run's last segment ran past the new start: no hole at all
    await d.settled();
    expect(gaps).toEqual([]);
  });

  it('at the end of the session, closes the gaps vcourt caused and drops the participants’ own', async () => {
    const { gaps, d } = drops();
    d.dropped(drop());
    d.dropped(drop({ participantId: 'q', cause: 'server_crashed', trackId: 'q-old' }));
    d.sessionEnded(T + 10_000);
    await d.settled();
    expect(gaps).toEqual([{ trackId: 'q-old', participantId: 'q', startMs: T - 200, endMs: T + 10_000, cause: 'server_crashed' }]);
  });

  it('a returning track that closes before its first packet leaves the participant missing', async () => {
    const { gaps, d } = drops();
    d.dropped(drop({ cause: 'server_stopped' }));
    d.arrived('new', { participantId: 'p', source: 'mic' });
    d.gone('new');
    d.sessionEnded(T + 5000);
    await d.settled();
    expect(gaps).toEqual([{ trackId: 'old', participantId: 'p', startMs: T - 200, endMs: T + 5000, cause: 'server_stopped' }]);
  });

  it('relabels the drops of the last moment when the media worker died', async () => {
    const { gaps, d } = drops();
    d.dropped(drop({ participantId: 'early', droppedAtMs: T - 5000 }));
    d.dropped(drop({ droppedAtMs: T }));
    expect(d.relabel('media_worker_died', T - 1000).map((x) => x.participantId)).toEqual(['p']);
    d.arrived('new', { participantId: 'p', source: 'mic' });
    d.started('new', T + 800);
    await d.settled();
    expect(gaps.map((g) => g.cause)).toEqual(['media_worker_died']);
  });
});
