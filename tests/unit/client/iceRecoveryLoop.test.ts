// IceRecovery (client/src/core/iceRecovery.ts) against fake transports and a fake server, on fake
// timers: ICE restart first on the transport that dropped, a rebuild only after REBUILD_AFTER_MS of
// failed restarts (or at once when the server forgot the transport), and no end while it lives.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { types } from 'mediasoup-client';
import { DISCONNECTED_GRACE_MS, IceRecovery, REBUILD_AFTER_MS } from '../../../client/src/core/iceRecovery.js';
import type { Request } from '../../../client/src/core/protocol.js';
import { RequestError } from '../../../client/src/core/RequestError.js';
import type { Requester } from '../../../client/src/core/signalingTransport.js';

class FakeTransport {
  closed = false;
  connectionState: types.ConnectionState = 'connected';
  readonly restarts: unknown[] = [];
  #listener: (state: types.ConnectionState) => void = () => undefined;
  constructor(readonly id: string) {}
  on(_event: 'connectionstatechange', listener: (state: types.ConnectionState) => void): void {
    this.#listener = listener;
  }
  set(state: types.ConnectionState): void {
    this.connectionState = state;
    this.#listener(state);
  }
  async restartIce({ iceParameters }: { iceParameters: unknown }): Promise<void> {
    this.restarts.push(iceParameters);
  }
}

let now = 0;
let asked: Request[];
let answer: (msg: Request) => unknown;
let rebuilds: number;
let changes: boolean[];
let recovery: IceRecovery;

beforeEach(() => {
  vi.useFakeTimers();
  now = 0;
  asked = [];
  rebuilds = 0;
  changes = [];
  answer = () => ({ iceParameters: { usernameFragment: `u${asked.length}` } });
  const request = (async (msg: Request) => {
    asked.push(msg);
    const a = answer(msg);
    if (a instanceof Error) throw a;
    return a;
  }) as Requester;
  recovery = new IceRecovery({
    request,
    rebuild: async () => void rebuilds++,
    changed: (recovering) => changes.push(recovering),
    now: () => now,
  });
});
afterEach(() => {
  recovery.close();
  vi.useRealTimers();
});

async function advance(ms: number): Promise<void> {
  now += ms;
  await vi.advanceTimersByTimeAsync(ms);
}

function watched(id: string): FakeTransport {
  const t = new FakeTransport(id);
  recovery.watch(t as unknown as types.Transport);
  return t;
}

describe('IceRecovery', () => {
  it('a short disconnect that heals within the grace does nothing', async () => {
    const send = watched('send');
    send.set('disconnected');
    await advance(DISCONNECTED_GRACE_MS - 100);
    send.set('connected');
    await advance(10_000);
    expect(asked).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('restarts ICE on the transport that dropped (only that one), and is done when it connects', async () => {
    const send = watched('send');
    const recv = watched('recv');
    send.set('disconnected');
    await advance(DISCONNECTED_GRACE_MS);
    expect(asked).toEqual([{ type: 'media.restartIce', transportId: 'send' }]);
    expect(send.restarts).toEqual([{ usernameFragment: 'u1' }]);
    expect(recv.restarts).toEqual([]);
    expect(changes).toEqual([true]);
    send.set('connected');
    await advance(60_000);
    expect(asked).toHaveLength(1);
    expect(changes).toEqual([true, false]);
    expect(rebuilds).toBe(0);
  });

  it("'failed' restarts at once, then again with back-off, and rebuilds only after the bound; never gives up", async () => {
    const send = watched('send');
    send.set('failed');
    await advance(0);
    expect(asked).toHaveLength(1);
    await advance(REBUILD_AFTER_MS - 1);
    const restartsBeforeBound = asked.length;
    expect(restartsBeforeBound).toBeGreaterThan(5); // capped back-off: a try every few seconds
    expect(rebuilds).toBe(0);
    await advance(5_000);
    expect(rebuilds).toBe(1);
    // The rebuild's new transports do not connect either: restarts go on, the next rebuild later.
    recovery.forget();
    const again = watched('send-2');
    again.set('connecting');
    await advance(10 * 60_000);
    expect(asked.filter((m) => m.type === 'media.restartIce' && m.transportId === 'send-2').length).toBeGreaterThan(20);
    expect(rebuilds).toBeGreaterThan(1);
    expect(rebuilds).toBeLessThan(10); // the rebuild bound doubles, capped
    again.set('connected');
    expect(changes).toEqual([true, false]);
  });

  it('rebuilds at once when the server no longer knows the transport (not_found)', async () => {
    answer = () => new RequestError('not_found', 'Transport not found');
    const send = watched('send');
    send.set('failed');
    await advance(0);
    expect(rebuilds).toBe(0);
    await advance(1_000);
    expect(rebuilds).toBe(1);
  });

  it('a failed start is rebuilt with back-off until it works', async () => {
    recovery.failed();
    await advance(5_000);
    expect(rebuilds).toBe(1);
    expect(changes).toEqual([true]);
    watched('recv'); // the rebuild's transport, 'new' until something is consumed: nothing to recover
    await advance(5_000);
    expect(rebuilds).toBe(1);
    expect(changes).toEqual([true, false]);
  });

  it('stops for good on close', async () => {
    const send = watched('send');
    recovery.close();
    send.set('failed');
    await advance(60_000);
    expect(asked).toEqual([]);
  });
});
