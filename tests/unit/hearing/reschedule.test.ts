// A postponed hearing (hoãn) is held again: CaseFile.reschedule over the real SqliteStore.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, InvalidStateError, ValidationError } from '../../../core/hearing/errors.js';
import { CLERK_ACCOUNT, JUDGE_ACCOUNT, makeDomain, type Domain } from '../../support/domain.js';

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
});
afterEach(() => d.close());

const LATER = '2099-04-01T08:00:00+07:00';

async function postponed() {
  await d.seat('defendant', 'counsel');
  await d.bringTo('open');
  await d.store.participants.update({ ...(await d.participant('witness')), status: 'removed' });
  await d.service.transition(d.ref('judge'), 'postpone', 'Người làm chứng quan trọng vắng mặt');
}

describe('CaseFile.reschedule()', () => {
  it('holds a postponed hearing again: same case, title and people (not the removed), new seats with no link, the judge’s bound', async () => {
    await postponed();
    const { hearing, participants } = await d.caseFile.reschedule(CLERK_ACCOUNT, d.hearing.id, LATER);
    expect(hearing).toMatchObject({ caseId: d.kase.id, title: d.hearing.title, state: 'scheduled', stage: null, outcome: null });
    expect(hearing.scheduledAt).toBe('2099-04-01T01:00:00.000Z');
    const roles = participants.map((p) => p.role).sort();
    expect(roles).toEqual(
      Object.keys(d.people)
        .filter((r) => r !== 'witness')
        .sort(),
    );
    for (const p of participants) expect(p).toMatchObject({ hearingId: hearing.id, status: 'invited', invitationId: null });
    expect(participants.find((p) => p.role === 'judge')?.accountId).toBe(JUDGE_ACCOUNT.accountId);
    expect((await d.caseFile.benchSeats(JUDGE_ACCOUNT.accountId)).map((s) => s.hearing.id)).toEqual([hearing.id]);

    expect((await d.store.audit.list(hearing.id))[0]).toMatchObject({ type: 'hearing.created', data: { rescheduledFrom: d.hearing.id } });
    expect((await d.store.audit.list(d.hearing.id)).at(-1)).toMatchObject({
      type: 'hearing.rescheduled',
      data: { hearingId: hearing.id, scheduledAt: hearing.scheduledAt },
    });
  });

  it('once only; never a hearing that was not postponed; never into the past — and a refusal writes nothing', async () => {
    const count = async () => [(await d.store.hearings.listByCase(d.kase.id)).length, (await d.store.audit.list(d.hearing.id)).length];
    const before = await count();
    await expect(d.caseFile.reschedule(CLERK_ACCOUNT, d.hearing.id, LATER)).rejects.toThrow(InvalidStateError);
    expect(await count()).toEqual(before);

    await postponed();
    const after = await count();
    await expect(d.caseFile.reschedule(CLERK_ACCOUNT, d.hearing.id, '2020-01-01T00:00:00Z')).rejects.toThrow(ValidationError);
    expect(await count()).toEqual(after);
    await d.caseFile.reschedule(CLERK_ACCOUNT, d.hearing.id, LATER);
    await expect(d.caseFile.reschedule(CLERK_ACCOUNT, d.hearing.id, LATER)).rejects.toThrow(ConflictError);
  });

  it('a hearing that ended otherwise (closed, not postponed) is not rescheduled', async () => {
    await d.seat();
    await d.bringTo('adjourned');
    await expect(d.caseFile.reschedule(CLERK_ACCOUNT, d.hearing.id, LATER)).rejects.toThrow(InvalidStateError);
  });
});
