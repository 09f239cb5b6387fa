// The lobby's audit coalescing (core/hearing/LobbyStays.ts), through HearingService: one lobby stay,
// one lobby.entered, however often a waiting participant leaves and comes back within the grace.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeDomain, type Domain } from '../../support/domain.js';

const GRACE_MS = 30_000;
let d: Domain;
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  d = await makeDomain({ lobbyGraceMs: GRACE_MS });
});
afterEach(async () => {
  vi.useRealTimers();
  await d.close();
});

/** The audit events about one participant, oldest first. */
const eventsOf = async (participantId: string) =>
  (await d.store.audit.list(d.hearing.id)).filter((e) => (e.data as { participantId?: string }).participantId === participantId);
const typesOf = async (participantId: string) => (await eventsOf(participantId)).map((e) => e.type);

describe('lobby stays: what the audit log keeps of people waiting', () => {
  it('a waiting witness who leaves and comes back 1,000 times within the grace is one lobby.entered', async () => {
    const witness = d.people.witness.id;
    for (let i = 0; i < 1000; i++) {
      await d.service.join(d.ref('witness'));
      await d.service.leave(d.ref('witness'));
    }
    await d.service.join(d.ref('witness'));
    expect(await typesOf(witness)).toEqual(['participant.invited', 'lobby.entered']);
    expect((await d.participant('witness')).status).toBe('lobby');
  });

  it('the same for lost connections: reconnecting within the grace writes nothing', async () => {
    await d.service.join(d.ref('witness'));
    for (let i = 0; i < 10; i++) {
      await d.service.disconnected(d.ref('witness'));
      await d.service.join(d.ref('witness'));
    }
    expect(await typesOf(d.people.witness.id)).toEqual(['participant.invited', 'lobby.entered']);
  });

  it('away longer than the grace: the departure is written when it runs out, stamped when it happened; coming back is a new stay', async () => {
    const witness = d.people.witness.id;
    await d.service.join(d.ref('witness'));
    await d.service.leave(d.ref('witness'));
    const leftAt = (await eventsOf(witness)).at(-1)!.at; // lobby.entered, one clock step before the leave
    expect(await typesOf(witness)).toEqual(['participant.invited', 'lobby.entered']);
    await vi.advanceTimersByTimeAsync(GRACE_MS);
    expect(await typesOf(witness)).toEqual(['participant.invited', 'lobby.entered', 'participant.left']);
    expect(Date.parse((await eventsOf(witness)).at(-1)!.at)).toBe(Date.parse(leftAt) + 1000);
    await d.service.join(d.ref('witness'));
    expect(await typesOf(witness)).toEqual(['participant.invited', 'lobby.entered', 'participant.left', 'lobby.entered']);
  });

  it('back after the grace but before its timer ran (a busy server): the departure is written first, then a new stay', async () => {
    await d.service.join(d.ref('witness'));
    await d.service.leave(d.ref('witness'));
    d.clock.advance(GRACE_MS + 1);
    await d.service.join(d.ref('witness'));
    expect(await typesOf(d.people.witness.id)).toEqual(['participant.invited', 'lobby.entered', 'participant.left', 'lobby.entered']);
    await vi.advanceTimersByTimeAsync(GRACE_MS); // the timer finds nothing left to write
    expect(await typesOf(d.people.witness.id)).toHaveLength(4);
  });

  it('a stay ends when the judge acts: a held departure is written before lobby.admitted', async () => {
    await d.seat();
    await d.service.join(d.ref('witness'));
    await d.service.disconnected(d.ref('witness'));
    await d.service.admit(d.ref('judge'), d.people.witness.id);
    expect(await typesOf(d.people.witness.id)).toEqual([
      'participant.invited',
      'lobby.entered',
      'participant.disconnected',
      'lobby.admitted',
    ]);
  });

  it('adjournment writes the held departures before hearing.adjourn; a graceful stop writes the rest', async () => {
    await d.seat();
    await d.service.join(d.ref('witness'));
    await d.service.leave(d.ref('witness'));
    await d.bringTo('adjourned');
    const types = await d.auditTypes();
    expect(types.indexOf('participant.left')).toBeGreaterThan(-1);
    expect(types.indexOf('participant.left')).toBeLessThan(types.indexOf('hearing.adjourn'));

    const other = await makeDomain({ lobbyGraceMs: GRACE_MS });
    try {
      await other.service.join(other.ref('counsel'));
      await other.service.leave(other.ref('counsel'));
      await other.service.settleDepartures();
      expect((await other.auditTypes()).slice(-2)).toEqual(['lobby.entered', 'participant.left']);
    } finally {
      await other.close();
    }
  });

  it('people in the hearing are audited change by change, as without a grace', async () => {
    await d.seat('defendant');
    await d.service.disconnected(d.ref('defendant'));
    await d.service.join(d.ref('defendant'));
    await d.service.leave(d.ref('defendant'));
    expect((await typesOf(d.people.defendant.id)).slice(-3)).toEqual([
      'participant.disconnected',
      'participant.connected',
      'participant.left',
    ]);
  });

  it('the bench still sees every change at once', async () => {
    await d.seat();
    d.clear();
    await d.service.join(d.ref('witness'));
    await d.service.leave(d.ref('witness'));
    await d.service.join(d.ref('witness'));
    const seen = d.notifications.map(
      (n) => n.notification.type === 'participant.updated' && [n.audience, n.notification.participant.status],
    );
    expect(seen).toEqual([
      ['bench', 'lobby'],
      ['bench', 'left'],
      ['bench', 'lobby'],
    ]);
  });
});
