// The media recovery policy (client/src/core/iceRecovery.ts): the back-off curve, what is worth a
// retry, when a restart gives way to a rebuild, and retrying() around a requester that times out,
// is short of ports or was overtaken. Pure: no browser, no server, no timers (sleep is injected).
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  isRetryable,
  nextStep,
  REBUILD_AFTER_MS,
  RETRY,
  RetriedDuplicate,
  retrying,
} from '../../../client/src/core/iceRecovery.js';
import type { Request } from '../../../client/src/core/protocol.js';
import { RequestError } from '../../../client/src/core/RequestError.js';
import type { Requester } from '../../../client/src/core/signalingTransport.js';

const noJitter = () => 0;

describe('backoffDelay', () => {
  it('follows n² × 300 ms (LiveKit’s curve): now, then 300, 1200 ms', () => {
    expect([0, 1, 2].map((n) => backoffDelay(n, noJitter))).toEqual([0, 300, 1200]);
  });

  it('is capped, so an attempt is never far off when the network returns, however long the outage', () => {
    for (const n of [3, 4, 10, 100, 10_000]) expect(backoffDelay(n, noJitter)).toBe(RETRY.capMs);
  });

  it('adds at most jitterMs of spread, never less than the curve', () => {
    expect(backoffDelay(2, () => 0.999)).toBeLessThan(1200 + RETRY.jitterMs);
    expect(backoffDelay(2, () => 0.5)).toBeGreaterThanOrEqual(1200);
  });
});

describe('isRetryable', () => {
  it.each(['timeout', 'unavailable'] as const)('%s is retried', (code) => {
    expect(isRetryable(new RequestError(code, 'x'))).toBe(true);
  });
  it.each(['forbidden', 'not_found', 'invalid_input', 'quota_exceeded', 'disconnected'] as const)('%s is not', (code) => {
    expect(isRetryable(new RequestError(code, 'x'))).toBe(false);
  });
  it('nor is anything that is not a RequestError', () => {
    expect(isRetryable(new Error('boom'))).toBe(false);
  });
});

describe('nextStep', () => {
  it('restarts ICE while the loss is younger than the bound', () => {
    expect(nextStep({ lostForMs: 20_000, rebuildAfterMs: REBUILD_AFTER_MS, serverForgot: false })).toBe('restart');
  });
  it('rebuilds once restarts have not brought it back within the bound', () => {
    expect(nextStep({ lostForMs: REBUILD_AFTER_MS, rebuildAfterMs: REBUILD_AFTER_MS, serverForgot: false })).toBe('rebuild');
  });
  it('rebuilds at once when the server no longer knows the transport', () => {
    expect(nextStep({ lostForMs: 0, rebuildAfterMs: REBUILD_AFTER_MS, serverForgot: true })).toBe('rebuild');
  });
});

/** A requester that answers from a script, one entry per call; records the delays it was made to wait. */
function scripted(answers: (unknown | RequestError)[]) {
  const calls: Request[] = [];
  const sleeps: number[] = [];
  const request = (async (msg: Request) => {
    calls.push(msg);
    const answer = answers.shift();
    if (answer instanceof Error) throw answer;
    return answer;
  }) as Requester;
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  return { request, calls, sleeps, sleep };
}

const timeout = () => new RequestError('timeout', 'no reply within 10000 ms');
const unavailable = () => new RequestError('unavailable', 'no free media port');

describe('retrying()', () => {
  it('asks again after timeouts and `unavailable`, with a growing wait, until answered', async () => {
    const s = scripted([timeout(), unavailable(), timeout(), { rtpCapabilities: {} }]);
    const request = retrying(s.request, () => 1, s.sleep);
    await expect(request({ type: 'media.getRouterRtpCapabilities' })).resolves.toEqual({ rtpCapabilities: {} });
    expect(s.calls).toHaveLength(4);
    expect(s.sleeps).toHaveLength(3);
    expect(s.sleeps[0]!).toBeLessThan(s.sleeps[1]!);
    expect(s.sleeps[1]!).toBeLessThan(s.sleeps[2]!);
  });

  it('consume is retried like any other request', async () => {
    const params = { id: 'c1', producerId: 'p1', kind: 'audio', rtpParameters: {}, participantId: 'x' };
    const s = scripted([timeout(), params]);
    const request = retrying(s.request, () => 1, s.sleep);
    const msg = { type: 'media.consume', transportId: 't', producerId: 'p1', rtpCapabilities: {} } as const;
    await expect(request(msg)).resolves.toEqual(params);
    expect(s.calls).toEqual([msg, msg]);
  });

  it('passes any other refusal straight on, untried again', async () => {
    const s = scripted([new RequestError('forbidden', 'not admitted')]);
    await expect(retrying(s.request, () => 1, s.sleep)({ type: 'media.createTransport', direction: 'send' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(s.calls).toHaveLength(1);
  });

  it('stops once overtaken (a newer start or close changed the epoch), with the last error', async () => {
    let epoch = 1;
    const s = scripted([timeout(), timeout(), {}]);
    const request = retrying(
      s.request,
      () => epoch,
      async () => void (epoch = 2),
    );
    await expect(request({ type: 'media.getRouterRtpCapabilities' })).rejects.toMatchObject({ code: 'timeout' });
    expect(s.calls).toHaveLength(1);
  });

  it('a connect whose lost reply did connect counts as connected (invalid_state on the retry)', async () => {
    const s = scripted([timeout(), new RequestError('invalid_state', 'This transport is already connected')]);
    const request = retrying(s.request, () => 1, s.sleep);
    await expect(request({ type: 'media.connectTransport', transportId: 't', dtlsParameters: {} })).resolves.toEqual({});
  });

  it('a produce or consume whose lost reply did the work is a RetriedDuplicate (only a rebuild is clean)', async () => {
    const s = scripted([timeout(), new RequestError('quota_exceeded', 'You already send a mic')]);
    const request = retrying(s.request, () => 1, s.sleep);
    await expect(
      request({ type: 'media.produce', transportId: 't', kind: 'audio', rtpParameters: {}, source: 'mic' }),
    ).rejects.toBeInstanceOf(RetriedDuplicate);
  });

  it('quota_exceeded without an earlier timeout is the server’s plain refusal', async () => {
    const s = scripted([new RequestError('quota_exceeded', 'at most 200')]);
    await expect(
      retrying(s.request, () => 1, s.sleep)({ type: 'media.consume', transportId: 't', producerId: 'p', rtpCapabilities: {} }),
    ).rejects.toBeInstanceOf(RequestError);
  });
});
