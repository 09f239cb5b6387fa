import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { courtDay, courtDayBounds, MAX_CALENDAR_DAYS } from '../../../core/hearing/Calendar.js';
import { ValidationError } from '../../../core/hearing/errors.js';
import { CLERK_ACCOUNT } from '../../support/domain.js';
import { makeWorkspace, type Workspace } from './workspaceDomain.js';

let w: Workspace;
beforeEach(async () => {
  w = await makeWorkspace();
});
afterEach(() => w.close());

const hearingAt = (scheduledAt: string, title = scheduledAt) =>
  w.caseFile.createHearing(CLERK_ACCOUNT, { caseId: w.kase.id, title, scheduledAt });

describe('court days (Asia/Ho_Chi_Minh, GMT+7)', () => {
  it('a court day runs from 17:00 UTC the day before to 17:00 UTC', () => {
    expect(courtDayBounds('2025-03-01')).toEqual({ start: '2025-02-28T17:00:00.000Z', end: '2025-03-01T17:00:00.000Z' });
    expect(courtDayBounds('2025-01-01').start).toBe('2024-12-31T17:00:00.000Z');
  });

  it("the court's day is the wall clock's in Hanoi, not the server's", () => {
    expect(courtDay(new Date('2025-03-01T16:59:59Z'))).toBe('2025-03-01');
    expect(courtDay(new Date('2025-03-01T17:00:00Z'))).toBe('2025-03-02');
  });

  it('refuses something that is not a day', () => {
    expect(() => courtDayBounds('2025-02-30x')).toThrow(ValidationError);
  });
});

describe('Calendar.hearings()', () => {
  it('a hearing at 23:30 GMT+7 belongs to that court day; one at 00:30 to the next', async () => {
    const late = await hearingAt('2025-03-05T23:30:00+07:00', 'late');
    const early = await hearingAt('2025-03-06T00:30:00+07:00', 'early');
    expect((await w.calendar.hearings('2025-03-05', '2025-03-05')).map((h) => h.id)).toEqual([late.id]);
    expect((await w.calendar.hearings('2025-03-06', '2025-03-06')).map((h) => h.id)).toEqual([early.id]);
    expect((await w.calendar.hearings('2025-03-05', '2025-03-06')).map((h) => h.title)).toEqual(['late', 'early']);
  });

  it('counts people: invited (never joined), waiting (in the lobby, connected), present (admitted, connected)', async () => {
    await w.seat('prosecutor');
    await w.service.join(w.ref('witness')); // waits in the lobby
    const [h] = await w.calendar.hearings('2025-03-01', '2025-03-01');
    const people = (await w.store.participants.listByHearing(w.hearing.id)).length;
    expect(h).toMatchObject({ id: w.hearing.id, caseKind: 'criminal', caseNumber: 'HS-001/2025', state: 'scheduled' });
    expect(h!.counts).toEqual({ participants: people, invited: people - 3, waiting: 1, present: 2 });
  });

  it(`refuses a range that ends before it starts, or longer than ${MAX_CALENDAR_DAYS} days`, async () => {
    await expect(w.calendar.hearings('2025-03-02', '2025-03-01')).rejects.toThrow(ValidationError);
    await expect(w.calendar.hearings('2025-01-01', '2025-03-31')).rejects.toThrow(/At most/);
    expect(await w.calendar.hearings('2025-01-01', '2025-03-03')).toHaveLength(1);
  });
});

describe('Calendar.dashboard()', () => {
  it("is today's court day by default, with each hearing's people as the clerk sees them", async () => {
    await w.caseFile.issueInvitation(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, 3600);
    await w.seat();
    const board = await w.calendar.dashboard();
    expect(board.day).toBe('2025-03-01');
    expect(board.hearings).toHaveLength(1);
    const witness = board.hearings[0]!.participants.find((p) => p.id === w.people.witness.id);
    expect(witness).toMatchObject({ status: 'invited', connected: false, contact: null, invitation: { revoked: false, openedAt: null } });
    expect(witness!.invitation.issuedAt).not.toBeNull();
    const judge = board.hearings[0]!.participants.find((p) => p.id === w.people.judge.id);
    expect(judge).toMatchObject({ status: 'admitted', connected: true });
  });

  it('shows another day when asked, empty when nothing is on', async () => {
    expect(await w.calendar.dashboard('2025-03-02')).toEqual({ day: '2025-03-02', hearings: [] });
  });
});
