// The rest of the bench proves who it is too: a panel judge's seat is bound to a judge account, the
// clerk of the hearing's to a clerk account; nobody else makes their links; those seats skip the
// lobby, and people's assessors, who have no staff account, are checked in the lobby like anyone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, PermissionDeniedError, ValidationError } from '../../../core/hearing/errors.js';
import { isStaffSeat, STAFF_SEAT_ROLES } from '../../../core/protocol/staffSeats.js';
import { CLERK_ACCOUNT, CLERK_SEAT_ACCOUNT, JUDGE_ACCOUNT, PANEL_JUDGE_ACCOUNT, makeDomain, type Domain } from '../../support/domain.js';

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
});
afterEach(() => d.close());

describe('staff seats', () => {
  it('are the presiding judge, the panel judges and the clerk of the hearing; not the assessors', () => {
    expect([...STAFF_SEAT_ROLES].sort()).toEqual(['clerk', 'judge', 'panel_judge']);
    expect(isStaffSeat('assessor')).toBe(false);
  });

  it.each([
    ['panel_judge', undefined],
    ['panel_judge', CLERK_SEAT_ACCOUNT.accountId],
    ['clerk', undefined],
    ['clerk', PANEL_JUDGE_ACCOUNT.accountId],
    ['assessor', PANEL_JUDGE_ACCOUNT.accountId],
  ] as const)('a %s seat bound to %s is refused and nothing is written', async (role, accountId) => {
    const h = (await d.otherHearing()).hearing;
    const before = await d.dump();
    await expect(
      d.caseFile.addParticipant(CLERK_ACCOUNT, h.id, { displayName: 'X', role, ...(accountId ? { accountId } : {}) }),
    ).rejects.toThrow(ValidationError);
    expect(await d.dump()).toBe(before);
  });

  it('one seat per account in a hearing: the presiding judge cannot also sit as a panel judge', async () => {
    const before = await d.dump();
    await expect(
      d.caseFile.addParticipant(CLERK_ACCOUNT, d.hearing.id, {
        displayName: 'Again',
        role: 'panel_judge',
        accountId: JUDGE_ACCOUNT.accountId,
      }),
    ).rejects.toThrow(ConflictError);
    expect(await d.dump()).toBe(before);
  });

  it('no clerk issues a panel judge’s or the clerk of the hearing’s link; nothing is signed', async () => {
    for (const role of ['panel_judge', 'clerk'] as const) {
      await expect(d.caseFile.issueInvitation(CLERK_ACCOUNT, d.hearing.id, d.people[role].id, 3600)).rejects.toThrow(PermissionDeniedError);
    }
    expect(d.issuer.issued).toEqual([]);
  });

  it('issueBenchInvitation() opens each account’s own seat, bound to its session', async () => {
    await d.caseFile.issueBenchInvitation(PANEL_JUDGE_ACCOUNT, d.hearing.id, 's-p', 3600);
    await d.caseFile.issueBenchInvitation(CLERK_SEAT_ACCOUNT, d.hearing.id, 's-c', 3600);
    expect(d.issuer.issued).toMatchObject([
      { participantId: d.people.panel_judge.id, role: 'panel_judge', staffSessionId: 's-p' },
      { participantId: d.people.clerk.id, role: 'clerk', staffSessionId: 's-c' },
    ]);
    await expect(d.caseFile.issueBenchInvitation(CLERK_SEAT_ACCOUNT, (await d.otherHearing()).hearing.id, 's-c', 3600)).rejects.toThrow(
      PermissionDeniedError,
    );
  });

  it('benchSeats() lists a clerk account’s seat like a judge’s', async () => {
    expect((await d.caseFile.benchSeats(CLERK_SEAT_ACCOUNT.accountId)).map((s) => s.participant.id)).toEqual([d.people.clerk.id]);
  });

  it('the staff seats go straight in; a people’s assessor waits in the lobby to be checked and admitted', async () => {
    for (const role of ['judge', 'panel_judge', 'clerk'] as const) {
      await d.service.join(d.ref(role));
      expect((await d.participant(role)).status).toBe('admitted');
    }
    await d.service.join(d.ref('assessor'));
    expect((await d.participant('assessor')).status).toBe('lobby');
    await d.service.admit(d.ref('clerk'), d.people.assessor.id);
    expect((await d.participant('assessor')).status).toBe('admitted');
  });
});
