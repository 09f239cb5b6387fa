// Commands that write while something else writes (the store is async: reads, writes and other
// callers interleave): a participant's row is changed field by field, never overwritten whole from
// an old read; a leave is written before its media closes; the bench's storage level is the latest.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorageStatusView } from '../../../core/protocol/model.js';
import { CLERK_ACCOUNT, makeDomain, type Domain } from '../../support/domain.js';

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
});
afterEach(() => d.close());

/** Runs `between` once, right after the store's next read of `participantId`'s row returns. */
function afterNextRead(participantId: string, between: () => Promise<void>): void {
  const participants = d.store.participants;
  const get = participants.get.bind(participants);
  let done = false;
  participants.get = async (id) => {
    const row = await get(id);
    if (id === participantId && !done) {
      done = true;
      await between();
    }
    return row;
  };
}

describe('a participant changed by two hands at once', () => {
  it('keeps both: the link revoked while the judge admits stays revoked, and the admission stands', async () => {
    const defendant = d.people.defendant.id;
    await d.caseFile.issueInvitation(CLERK_ACCOUNT, d.hearing.id, defendant, 3600);
    await d.service.join(d.ref('judge'));
    await d.service.join(d.ref('defendant'));
    expect((await d.participant('defendant')).invitationId).not.toBeNull();

    // The clerk's revoke lands after the admit read the row and before it writes.
    afterNextRead(defendant, () =>
      d.store.transaction(async () => {
        const p = (await d.store.participants.get(defendant))!;
        await d.store.participants.update({ ...p, invitationId: null });
      }),
    );
    await d.service.admit(d.ref('judge'), defendant);

    const now = await d.participant('defendant');
    expect(now.status).toBe('admitted');
    expect(now.invitationId).toBeNull();
  });
});

describe('a participant who leaves', () => {
  it('is written as left before their media closes (the recorder reads it to tell a leave from a drop)', async () => {
    await d.seat('defendant');
    await d.bringTo('in_session');
    const defendant = d.people.defendant.id;
    // What the recorder does when the media closes: reads the participant at once.
    const seen: Promise<string | undefined>[] = [];
    const closePeer = d.media.closePeer.bind(d.media);
    d.media.closePeer = (hearingId, participantId) => {
      if (participantId === defendant) seen.push(d.store.participants.get(participantId).then((p) => p?.status));
      closePeer(hearingId, participantId);
    };
    await d.service.leave(d.ref('defendant'), 'Tôi bị ốm');
    expect(await Promise.all(seen)).toEqual(['left']);
  });
});

describe('storage reports one after another', () => {
  it('leave every bench on the latest report', async () => {
    await d.seat();
    await d.bringTo('open');
    const other = await d.otherHearing();
    await d.service.join({ hearingId: other.hearing.id, participantId: other.judge.id });
    await d.service.transition({ hearingId: other.hearing.id, participantId: other.judge.id }, 'open');
    const report = (level: StorageStatusView['level'], minutesLeft: number): StorageStatusView => ({
      level,
      minutesLeft,
      freeBytes: minutesLeft * 1_000_000,
      at: '2025-03-01T09:00:00.000Z',
    });
    d.clear();
    // The first crosses a threshold (audited in each hearing, awaited), the second does not.
    await Promise.all([d.service.storageStatus(report('low', 20)), d.service.storageStatus(report('low', 19))]);

    for (const hearingId of [d.hearing.id, other.hearing.id]) {
      const told = d.notifications.filter((n) => n.hearingId === hearingId && n.notification.type === 'storage.status');
      expect(told.map((n) => (n.notification as { minutesLeft: number }).minutesLeft)).toEqual([20, 19]);
    }
  });
});
