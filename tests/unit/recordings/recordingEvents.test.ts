// What the recorder reports reaches the domain: the bench is told the status (and finds it in its
// snapshot), an interruption alerts the bench and is audited at once, a finished gap is audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDomain, type Domain } from '../../support/domain.js';

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
});
afterEach(() => d.close());

const T = Date.parse('2025-03-01T09:00:00.000Z');

describe('HearingService.recordingEvent()', () => {
  it('tells the bench the status, and only the bench finds it in the join snapshot', async () => {
    await d.seat('clerk', 'defendant');
    const status = {
      state: 'recording' as const,
      tracks: [
        { trackId: 't', participantId: d.people.defendant.id, kind: 'audio' as const, source: 'mic' as const, state: 'recording' as const },
      ],
      at: new Date(T).toISOString(),
    };
    await d.service.recordingEvent({ type: 'status', hearingId: d.hearing.id, status });
    expect(d.notifications.at(-1)).toMatchObject({
      audience: 'bench',
      notification: { type: 'recording.status', state: 'recording', tracks: status.tracks },
    });
    expect((await d.service.join(d.ref('judge'))).recording).toEqual(status);
    expect((await d.service.join(d.ref('clerk'))).recording).toEqual(status);
    expect((await d.service.join(d.ref('defendant'))).recording).toBeUndefined();
  });

  it('alerts the bench and audits an interruption at once, and audits the gap when it is over', async () => {
    await d.seat('defendant');
    const who = { trackId: 't1', participantId: d.people.defendant.id };
    await d.service.recordingEvent({
      type: 'interrupted',
      hearingId: d.hearing.id,
      ...who,
      kind: 'audio',
      source: 'mic',
      cause: 'recorder_exited',
      atMs: T,
    });
    expect(d.notifications.at(-1)).toMatchObject({
      audience: 'bench',
      notification: {
        type: 'recording.alert',
        ...who,
        cause: 'recorder_exited',
        kind: 'audio',
        source: 'mic',
        at: '2025-03-01T09:00:00.000Z',
      },
    });
    await d.service.recordingEvent({ type: 'gap', hearingId: d.hearing.id, ...who, cause: 'recorder_exited', startMs: T, endMs: T + 1500 });
    const events = (await d.store.audit.list(d.hearing.id)).slice(-2);
    expect(events.map((e) => [e.type, e.actor])).toEqual([
      ['recording.interrupted', { kind: 'system' }],
      ['recording.gap', { kind: 'system' }],
    ]);
    expect(events[1]!.data).toEqual({
      ...who,
      cause: 'recorder_exited',
      startedAt: '2025-03-01T09:00:00.000Z',
      endedAt: '2025-03-01T09:00:01.500Z',
      durationMs: 1500,
    });
  });
});
