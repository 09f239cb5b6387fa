// Where a hearing's new receiving transport goes (media/placement.ts): the origin for anyone who
// may send and until the origin is full, then the least loaded edge, a new one while allowed.
import { describe, expect, it } from 'vitest';
import { cascadeSettings, place, receivesOnly, type PlacementInput } from '../../../media/placement.js';

const settings = { edgeAfter: 3, maxEdges: 2 };
const input = (over: Partial<PlacementInput> = {}): PlacementInput => ({
  receiveOnly: true,
  originReceivers: 3,
  edges: [],
  canOpen: true,
  settings,
  ...over,
});

describe('place()', () => {
  it('keeps anyone who may send on the origin, however full it is', () => {
    expect(place(input({ receiveOnly: false, originReceivers: 500 }))).toEqual({ on: 'origin' });
  });

  it('keeps receive-only participants on the origin until it holds edgeAfter receivers', () => {
    expect(place(input({ originReceivers: 2 }))).toEqual({ on: 'origin' });
    expect(place(input({ originReceivers: 3 }))).toEqual({ on: 'newEdge' });
  });

  it('never opens edges when they are disabled (edgeAfter or maxEdges 0)', () => {
    expect(place(input({ originReceivers: 900, settings: { edgeAfter: 0, maxEdges: 2 } }))).toEqual({ on: 'origin' });
    expect(place(input({ originReceivers: 900, settings: { edgeAfter: 3, maxEdges: 0 } }))).toEqual({ on: 'origin' });
  });

  it('opens a second edge rather than load the first, up to maxEdges', () => {
    const one = [{ id: 'e1', receivers: 1, consumers: 2 }];
    expect(place(input({ edges: one }))).toEqual({ on: 'newEdge' });
    const two = [...one, { id: 'e2', receivers: 1, consumers: 1 }];
    expect(place(input({ edges: two }))).toEqual({ on: 'edge', id: 'e2' });
  });

  it('spreads over the open edges by fewest consumers, then fewest receivers', () => {
    const edges = [
      { id: 'e1', receivers: 4, consumers: 8 },
      { id: 'e2', receivers: 5, consumers: 6 },
      { id: 'e3', receivers: 2, consumers: 6 },
    ];
    expect(place(input({ edges, settings: { edgeAfter: 3, maxEdges: 3 } }))).toEqual({ on: 'edge', id: 'e3' });
  });

  it('uses an empty open edge before opening another', () => {
    expect(place(input({ edges: [{ id: 'e1', receivers: 0, consumers: 0 }] }))).toEqual({ on: 'edge', id: 'e1' });
  });

  it('falls back to an open edge, or the origin, when no other worker is free', () => {
    expect(place(input({ canOpen: false }))).toEqual({ on: 'origin' });
    const edges = [{ id: 'e1', receivers: 9, consumers: 30 }];
    expect(place(input({ canOpen: false, edges }))).toEqual({ on: 'edge', id: 'e1' });
  });
});

describe('cascadeSettings()', () => {
  it('defaults to edges after 50 receivers, on every worker but the origin’s', () => {
    expect(cascadeSettings({ workers: 4 })).toEqual({ edgeAfter: 50, maxEdges: 3 });
    expect(cascadeSettings({ workers: 1 })).toEqual({ edgeAfter: 50, maxEdges: 0 });
    expect(cascadeSettings({ workers: 4, edgeAfter: 0, maxEdges: 1 })).toEqual({ edgeAfter: 0, maxEdges: 1 });
  });
});

describe('receivesOnly()', () => {
  it('is true for the public and for courtroom displays, false for anyone who may send', () => {
    expect(receivesOnly('observer')).toBe(true);
    expect(receivesOnly('device', 'display')).toBe(true);
    expect(receivesOnly('device', 'camera')).toBe(false);
    expect(receivesOnly('judge')).toBe(false);
    expect(receivesOnly('witness')).toBe(false);
  });
});
