import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidStateError, PermissionDeniedError, UnavailableError, ValidationError } from '../../../core/hearing/errors.js';
import { CLERK_ACCOUNT } from '../../support/domain.js';
import { makeWorkspace, type Workspace } from './workspaceDomain.js';

let w: Workspace;
beforeEach(async () => {
  w = await makeWorkspace();
});
afterEach(() => w.close());

const WEEK = 7 * 24 * 3600;

const lastEvent = async () => (await w.store.audit.list(w.hearing.id)).at(-1);

function withContact(role: 'witness' | 'defendant', contact: { email?: string; phone?: string }) {
  return w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, w.people[role].id, { contact });
}

describe('Invitations.send()', () => {
  it('sends a new link by email, in Vietnamese then English, with the case, the role and the time in the court zone', async () => {
    await withContact('witness', { email: 'nguyen.van.a@example.vn', phone: '0912345789' });
    const sent = await w.invitations.send(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, WEEK);
    expect(sent).toMatchObject({ channel: 'email', to: 'n***@example.vn', receipt: { notifier: 'fake' } });
    const [message] = w.notifier.sent;
    expect(message).toMatchObject({ channel: 'email', to: 'nguyen.van.a@example.vn', maskedTo: 'n***@example.vn', link: sent.link });
    expect(message!.subject).toContain('HS-001/2025');
    // 09:00 in Hanoi (the fixture's hearing), whatever zone the test runs in.
    expect(message!.text).toContain('09:00 01/03/2025 (GMT+7)');
    expect(message!.text.indexOf('Người làm chứng')).toBeLessThan(message!.text.indexOf('Witness'));
    expect(message!.text).toContain(`https://toaan.example.vn/join#${sent.issued.token}`);
  });

  it('makes the sent link the current one, notes where it went (masked), and audits issued then sent', async () => {
    await withContact('witness', { phone: '+84 912 345 789' });
    const sent = await w.invitations.send(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, WEEK, 'sms');
    expect((await w.participant('witness')).invitationId).toBe(sent.issued.invitationId);
    expect(await w.store.invitations.get(w.people.witness.id)).toMatchObject({
      sentAt: sent.sentAt,
      sentTo: '*** *** 789',
      openedAt: null,
    });
    expect((await w.auditTypes()).slice(-2)).toEqual(['invitation.issued', 'invitation.sent']);
    expect(await lastEvent()).toMatchObject({
      data: { participantId: w.people.witness.id, channel: 'sms', to: '*** *** 789', notifier: 'fake' },
    });
    expect(w.notifier.sent[0]!.text.length).toBeLessThan(500);
  });

  it('is refused without an address for the channel, and changes nothing', async () => {
    await withContact('witness', { phone: '0912345789' });
    const before = await w.dump();
    await expect(w.invitations.send(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, WEEK, 'email')).rejects.toThrow(ValidationError);
    await expect(w.invitations.send(CLERK_ACCOUNT, w.hearing.id, w.people.defendant.id, WEEK)).rejects.toThrow(ValidationError);
    expect(await w.dump()).toBe(before);
    expect(w.notifier.sent).toEqual([]);
  });

  it('changes nothing when the notifier refuses: the old link keeps working', async () => {
    await withContact('witness', { email: 'a@example.vn' });
    const old = await w.caseFile.issueInvitation(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, WEEK);
    const before = await w.dump();
    w.notifier.down = true;
    await expect(w.invitations.send(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, WEEK)).rejects.toThrow(UnavailableError);
    expect(await w.dump()).toBe(before);
    expect((await w.participant('witness')).invitationId).toBe(old.invitationId);
  });

  it("is refused for the presiding judge: that link comes only from the judge's own sign-in", async () => {
    await expect(w.invitations.send(CLERK_ACCOUNT, w.hearing.id, w.people.judge.id, WEEK)).rejects.toThrow(PermissionDeniedError);
  });
});

describe('Invitations.revoke()', () => {
  it('stops the current link, marks it revoked, and audits invitation.revoked', async () => {
    const issued = await w.caseFile.issueInvitation(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, WEEK);
    await w.invitations.revoke(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id);
    expect((await w.participant('witness')).invitationId).toBeNull();
    expect((await w.store.invitations.get(w.people.witness.id)).revokedAt).not.toBeNull();
    expect((await w.calendar.participant(await w.participant('witness'))).invitation).toMatchObject({ revoked: true, issuedAt: null });
    expect(await lastEvent()).toMatchObject({
      type: 'invitation.revoked',
      data: { participantId: w.people.witness.id, invitationId: issued.invitationId },
    });
  });

  it('is refused when there is no working link, and for the presiding judge', async () => {
    await expect(w.invitations.revoke(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id)).rejects.toThrow(InvalidStateError);
    await expect(w.invitations.revoke(CLERK_ACCOUNT, w.hearing.id, w.people.judge.id)).rejects.toThrow(PermissionDeniedError);
  });

  it('a link issued after a revocation works again and is no longer shown revoked', async () => {
    await w.caseFile.issueInvitation(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, WEEK);
    await w.invitations.revoke(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id);
    await w.caseFile.issueInvitation(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, WEEK);
    expect((await w.calendar.participant(await w.participant('witness'))).invitation).toMatchObject({ revoked: false, openedAt: null });
  });
});

describe('Invitations.opened()', () => {
  it('notes the first opening of the current link only, audited once by the participant', async () => {
    const issued = await w.caseFile.issueInvitation(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, WEEK);
    await w.invitations.opened(await w.participant('witness'), issued.invitationId);
    const first = (await w.store.invitations.get(w.people.witness.id)).openedAt;
    await w.invitations.opened(await w.participant('witness'), issued.invitationId);
    expect(first).not.toBeNull();
    expect((await w.store.invitations.get(w.people.witness.id)).openedAt).toBe(first);
    expect((await w.auditTypes()).filter((t) => t === 'invitation.opened')).toHaveLength(1);
    expect(await lastEvent()).toMatchObject({
      actor: { kind: 'participant', participantId: w.people.witness.id },
    });
  });

  it('a new link starts unopened; an old link opens nothing', async () => {
    const old = await w.caseFile.issueInvitation(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, WEEK);
    await w.invitations.opened(await w.participant('witness'), old.invitationId);
    await w.caseFile.issueInvitation(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, WEEK);
    expect((await w.store.invitations.get(w.people.witness.id)).openedAt).toBeNull();
    await w.invitations.opened(await w.participant('witness'), old.invitationId);
    expect((await w.store.invitations.get(w.people.witness.id)).openedAt).toBeNull();
  });
});
