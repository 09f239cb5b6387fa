import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, InvalidStateError, NotFoundError } from '../../../core/hearing/errors.js';
import { CLERK_ACCOUNT, makeDomain, type Domain } from '../../support/domain.js';

let d: Domain;
beforeEach(() => {
  d = makeDomain();
});
afterEach(() => d.close());

describe('CaseFile (real SqliteStore)', () => {
  it('createHearing() starts scheduled, normalizes the time to UTC and audits hearing.created by the account', () => {
    const h = d.caseFile.createHearing(CLERK_ACCOUNT, { caseId: d.kase.id, title: 'T', scheduledAt: '2025-05-01T09:00:00+07:00' });
    expect(h.state).toBe('scheduled');
    expect(h.scheduledAt).toBe('2025-05-01T02:00:00.000Z');
    expect(d.store.audit.list(h.id)).toMatchObject([{ type: 'hearing.created', actor: CLERK_ACCOUNT }]);
  });

  it('createHearing() is refused for an unknown case or courtroom', () => {
    expect(() => d.caseFile.createHearing(CLERK_ACCOUNT, { caseId: 'nope', title: 'T', scheduledAt: '2025-05-01T09:00:00Z' })).toThrow(
      NotFoundError,
    );
    expect(() =>
      d.caseFile.createHearing(CLERK_ACCOUNT, { caseId: d.kase.id, title: 'T', scheduledAt: '2025-05-01T09:00:00Z', courtroomSiteId: 'nope' }),
    ).toThrow(NotFoundError);
  });

  it('addParticipant() invites (status invited, no invitation yet) and audits participant.invited', () => {
    const p = d.caseFile.addParticipant(CLERK_ACCOUNT, d.hearing.id, { displayName: 'New witness', role: 'witness' });
    expect(p).toMatchObject({ status: 'invited', invitationId: null, forcedMuteAudio: false, forcedMuteVideo: false });
    expect(d.store.audit.list(d.hearing.id).at(-1)).toMatchObject({ type: 'participant.invited', data: { participantId: p.id, role: 'witness' } });
  });

  it('addParticipant() is refused when the hearing is adjourned', async () => {
    await d.seat();
    await d.bringTo('adjourned');
    expect(() => d.caseFile.addParticipant(CLERK_ACCOUNT, d.hearing.id, { displayName: 'Late', role: 'witness' })).toThrow(InvalidStateError);
  });

  it.each(['removed', 'denied'] as const)('recordInvitation() gives a %s participant no new link', (status) => {
    d.store.participants.update({ ...d.participant('defendant'), status });
    const before = d.dump();
    expect(() => d.caseFile.recordInvitation(CLERK_ACCOUNT, d.hearing.id, d.people.defendant.id, 'inv-2')).toThrow(InvalidStateError);
    expect(d.dump()).toBe(before);
  });

  it('recordInvitation() replaces the current invitation and audits invitation.issued', () => {
    d.caseFile.recordInvitation(CLERK_ACCOUNT, d.hearing.id, d.people.witness.id, 'inv-1');
    d.caseFile.recordInvitation(CLERK_ACCOUNT, d.hearing.id, d.people.witness.id, 'inv-2');
    expect(d.participant('witness').invitationId).toBe('inv-2');
    expect(d.auditTypes().slice(-2)).toEqual(['invitation.issued', 'invitation.issued']);
  });

  it('getParticipant() does not find a participant through another hearing', () => {
    const other = d.otherHearing();
    expect(() => d.caseFile.getParticipant(other.hearing.id, d.people.judge.id)).toThrow(NotFoundError);
  });

  it('participantViews() reports who is connected', async () => {
    await d.seat();
    const views = d.caseFile.participantViews(d.hearing.id);
    expect(views.find((v) => v.id === d.people.judge.id)?.connected).toBe(true);
    expect(views.find((v) => v.id === d.people.clerk.id)?.connected).toBe(false);
  });

  it('ConflictError carries the conflict code', () => {
    expect(new ConflictError('x').code).toBe('conflict');
  });
});
