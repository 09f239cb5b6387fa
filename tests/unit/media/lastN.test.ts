// Last-N's choice for one receiver (media/LastN.ts selectForwarding): which of its videos come at
// the high layer, which as thumbnails, which are paused, from the speakers' ranking and the pinned.
// The worker's side (pauses, layers, switching on the active speaker) is in
// tests/integration/last-n.test.ts.
import { describe, expect, it } from 'vitest';
import { selectForwarding, type Forwarding, type VideoCandidate } from '../../../media/LastN.js';

const camera = (participantId: string, producerPaused = false): VideoCandidate => ({
  consumerId: `c-${participantId}`,
  participantId,
  source: 'camera',
  producerPaused,
});

/** Participant ids by what the receiver is sent of them. */
function byForwarding(chosen: Map<string, Forwarding>): Record<Forwarding, string[]> {
  const out: Record<Forwarding, string[]> = { high: [], thumbnail: [], paused: [] };
  for (const [consumerId, f] of chosen) out[f].push(consumerId.slice(2));
  for (const list of Object.values(out)) list.sort();
  return out;
}

const people = Array.from({ length: 10 }, (_, i) => `p${i}`);
const videos = people.map((p) => camera(p));
const none = new Set<string>();

describe('selectForwarding', () => {
  it('sends the last N speakers high, T thumbnails, and pauses the rest', () => {
    const chosen = selectForwarding(videos, ['p7', 'p3', 'p5'], none, { lastN: 2, thumbnails: 3 });
    expect(byForwarding(chosen)).toEqual({
      high: ['p3', 'p7'],
      // p5 spoke before them; then the others in the order the consumers were made.
      thumbnail: ['p0', 'p1', 'p5'],
      paused: ['p2', 'p4', 'p6', 'p8', 'p9'],
    });
  });

  it('fills the high slots in the order given while fewer than N have spoken', () => {
    const chosen = selectForwarding(videos, [], none, { lastN: 3, thumbnails: 1 });
    expect(byForwarding(chosen).high).toEqual(['p0', 'p1', 'p2']);
    expect(byForwarding(chosen).thumbnail).toEqual(['p3']);
  });

  it('sends the pinned judge and every screen share high, outside the count', () => {
    const screen: VideoCandidate = { consumerId: 'c-p9-screen', participantId: 'p9', source: 'screen', producerPaused: false };
    const chosen = selectForwarding([...videos, screen], ['p4', 'p6'], new Set(['p8']), { lastN: 1, thumbnails: 1 });
    expect(chosen.get('c-p8')).toBe('high');
    expect(chosen.get('c-p9-screen')).toBe('high');
    expect(chosen.get('c-p4')).toBe('high');
    expect(chosen.get('c-p6')).toBe('thumbnail');
    expect([...chosen.values()].filter((f) => f === 'high')).toHaveLength(3);
    expect([...chosen.values()].filter((f) => f !== 'paused')).toHaveLength(4);
  });

  it('switches when another participant becomes the dominant speaker', () => {
    const config = { lastN: 1, thumbnails: 0 };
    expect(byForwarding(selectForwarding(videos, ['p2', 'p5'], none, config)).high).toEqual(['p2']);
    expect(byForwarding(selectForwarding(videos, ['p5', 'p2'], none, config)).high).toEqual(['p5']);
  });

  it('gives a paused camera a slot only after every live one', () => {
    const some = [camera('a', true), camera('b'), camera('c')];
    const chosen = selectForwarding(some, ['a'], none, { lastN: 1, thumbnails: 1 });
    expect(byForwarding(chosen)).toEqual({ high: ['b'], thumbnail: ['c'], paused: ['a'] });
  });

  it('ranks only the videos the receiver consumes (never its own): the next speaker takes its place', () => {
    // The receiver p0 spoke last; its own camera is not among its videos.
    const chosen = selectForwarding(videos.slice(1), ['p0', 'p4', 'p2'], none, { lastN: 2, thumbnails: 0 });
    expect(byForwarding(chosen).high).toEqual(['p2', 'p4']);
  });

  it('forwards everything it can when N and T exceed the videos, and nothing of an empty list', () => {
    const chosen = selectForwarding(videos.slice(0, 3), [], none, { lastN: 2, thumbnails: 5 });
    expect(byForwarding(chosen)).toEqual({ high: ['p0', 'p1'], thumbnail: ['p2'], paused: [] });
    expect(selectForwarding([], ['p1'], new Set(['p1']), { lastN: 2, thumbnails: 5 }).size).toBe(0);
  });
});
