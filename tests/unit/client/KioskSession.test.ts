// The courtroom TV's loop (client/src/core/KioskSession.ts) with the server and the hearing
// session replaced by stand-ins (the real ones run in tests/e2e/tv-display.spec.ts): what it shows
// for each answer of POST /api/device/session, and that an ended session leads back to asking.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceSession } from '../../../client/src/core/deviceSession.js';
import { KioskSession, type KioskHearing } from '../../../client/src/core/KioskSession.js';
import { RequestError } from '../../../client/src/core/RequestError.js';
import { SnapshotStore } from '../../../client/src/core/SnapshotStore.js';
import { INITIAL_STATE, type Phase, type SessionState } from '../../../client/src/core/sessionState.js';

class StandInHearing extends SnapshotStore<SessionState> {
  connected = 0;
  disposed = 0;
  constructor(readonly device: DeviceSession) {
    super(INITIAL_STATE);
  }
  connect(): void {
    this.connected++;
  }
  dispose(): void {
    this.disposed++;
  }
  enter(phase: Phase): void {
    this.update({ phase });
  }
}

const attached = (n: number): DeviceSession => ({ hearingId: `h${n}`, participantId: `p${n}`, token: `inv${n}` });

let answers: (DeviceSession | RequestError)[];
let asked: number;
let opened: StandInHearing[];
let kiosk: KioskSession;

/** The n-th hearing session the kiosk opened (0 = the first); fails the test if it opened fewer. */
function openedSession(n: number): StandInHearing {
  const hearing = opened[n];
  if (!hearing) throw new Error(`expected hearing session ${n} to be opened, ${opened.length} were`);
  return hearing;
}

beforeEach(() => {
  vi.useFakeTimers();
  answers = [];
  asked = 0;
  opened = [];
  kiosk = new KioskSession({
    token: 'display-token',
    fetchSession: async (token) => {
      expect(token).toBe('display-token');
      asked++;
      const next = answers.shift() ?? new RequestError('network', 'no answer scripted');
      if (next instanceof RequestError) throw next;
      return next;
    },
    openSession: (s) => {
      const hearing = new StandInHearing(s);
      opened.push(hearing);
      return hearing as KioskHearing;
    },
    waitingPollMs: 3000,
    errorPollMs: 30_000,
  });
});
afterEach(() => {
  kiosk.close();
  vi.useRealTimers();
});

describe('KioskSession (server and hearing session are stand-ins)', () => {
  it('waits while the display is attached to no hearing, asking every few seconds, then joins', async () => {
    answers.push(new RequestError('not_found', 'no hearing'), new RequestError('not_found', 'no hearing'), attached(1));
    kiosk.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(kiosk.getSnapshot().phase).toBe('waiting');
    await vi.advanceTimersByTimeAsync(3000);
    expect(asked).toBe(2);
    expect(kiosk.getSnapshot().phase).toBe('waiting');
    await vi.advanceTimersByTimeAsync(3000);
    expect(kiosk.getSnapshot()).toMatchObject({ phase: 'live', generation: 1 });
    expect(opened).toHaveLength(1);
    expect(openedSession(0).device.token).toBe('inv1');
    expect(openedSession(0).connected).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asked).toBe(3); // no asking while live: each answer issues a new invitation
  });

  it('goes back to waiting when the hearing ends, and joins the next one by itself', async () => {
    answers.push(attached(1));
    kiosk.start();
    await vi.advanceTimersByTimeAsync(0);
    answers.push(new RequestError('not_found', 'adjourned'), attached(2));
    openedSession(0).enter('in_hearing');
    expect(kiosk.getSnapshot().phase).toBe('live');
    openedSession(0).enter('ended');
    expect(kiosk.getSnapshot()).toMatchObject({ phase: 'waiting', session: null });
    expect(openedSession(0).disposed).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(kiosk.getSnapshot().phase).toBe('waiting');
    await vi.advanceTimersByTimeAsync(3000);
    expect(kiosk.getSnapshot()).toMatchObject({ phase: 'live', generation: 2 });
    expect(openedSession(1).device.hearingId).toBe('h2');
  });

  it('asks again at once when its invitation is refused (session error), not only at adjournment', async () => {
    answers.push(attached(1), attached(1));
    kiosk.start();
    await vi.advanceTimersByTimeAsync(0);
    openedSession(0).enter('error');
    await vi.advanceTimersByTimeAsync(1000);
    expect(opened).toHaveLength(2);
    expect(kiosk.getSnapshot().phase).toBe('live');
  });

  it('shows an error for a revoked token and keeps asking, slowly', async () => {
    answers.push(new RequestError('unauthorized', 'revoked'), new RequestError('unauthorized', 'revoked'), attached(1));
    kiosk.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(kiosk.getSnapshot()).toMatchObject({ phase: 'error', error: 'revoked' });
    await vi.advanceTimersByTimeAsync(29_000);
    expect(asked).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked).toBe(2);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(kiosk.getSnapshot().phase).toBe('live');
  });

  it('keeps what it shows and flags "unreachable" while the server does not answer', async () => {
    answers.push(new RequestError('not_found', 'none'), new RequestError('network', 'refused'), new RequestError('not_found', 'none'));
    kiosk.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(3000);
    expect(kiosk.getSnapshot()).toMatchObject({ phase: 'waiting', unreachable: true });
    await vi.advanceTimersByTimeAsync(3000);
    expect(kiosk.getSnapshot()).toMatchObject({ phase: 'waiting', unreachable: false });
  });

  it('close() drops the session and stops asking', async () => {
    answers.push(attached(1));
    kiosk.start();
    await vi.advanceTimersByTimeAsync(0);
    kiosk.close();
    kiosk.close();
    expect(openedSession(0).disposed).toBe(1);
    openedSession(0).enter('ended');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asked).toBe(1);
  });
});
