import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../../../core/hearing/DeviceRegistry.js';
import { SecretBox } from '../../../server/secrets.js';
import { ConflictError, InvalidStateError, NotFoundError, PermissionDeniedError } from '../../../core/hearing/errors.js';
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
      d.caseFile.createHearing(CLERK_ACCOUNT, {
        caseId: d.kase.id,
        title: 'T',
        scheduledAt: '2025-05-01T09:00:00Z',
        courtroomSiteId: 'nope',
      }),
    ).toThrow(NotFoundError);
  });

  it('addParticipant() invites (status invited, no invitation yet) and audits participant.invited', () => {
    const p = d.caseFile.addParticipant(CLERK_ACCOUNT, d.hearing.id, { displayName: 'New witness', role: 'witness' });
    expect(p).toMatchObject({ status: 'invited', invitationId: null, forcedMuteAudio: false, forcedMuteVideo: false });
    expect(d.store.audit.list(d.hearing.id).at(-1)).toMatchObject({
      type: 'participant.invited',
      data: { participantId: p.id, role: 'witness' },
    });
  });

  it('addParticipant() is refused when the hearing is adjourned', async () => {
    await d.seat();
    await d.bringTo('adjourned');
    expect(() => d.caseFile.addParticipant(CLERK_ACCOUNT, d.hearing.id, { displayName: 'Late', role: 'witness' })).toThrow(
      InvalidStateError,
    );
  });

  it.each(['removed', 'denied'] as const)('issueInvitation() gives a %s participant no new link', (status) => {
    d.store.participants.update({ ...d.participant('defendant'), status });
    const before = d.dump();
    expect(() => d.caseFile.issueInvitation(CLERK_ACCOUNT, d.hearing.id, d.people.defendant.id, 3600)).toThrow(InvalidStateError);
    expect(d.dump()).toBe(before);
    expect(d.issuer.issued).toEqual([]);
  });

  it('issueInvitation() is refused when the hearing is adjourned, and signs nothing', async () => {
    await d.seat();
    await d.bringTo('adjourned');
    const before = d.dump();
    expect(() => d.caseFile.issueInvitation(CLERK_ACCOUNT, d.hearing.id, d.people.witness.id, 3600)).toThrow(InvalidStateError);
    expect(d.dump()).toBe(before);
    expect(d.issuer.issued).toEqual([]);
  });

  it('issueInvitation() signs for the participant, replaces the current invitation and audits invitation.issued', () => {
    const first = d.caseFile.issueInvitation(CLERK_ACCOUNT, d.hearing.id, d.people.witness.id, 3600);
    const second = d.caseFile.issueInvitation(CLERK_ACCOUNT, d.hearing.id, d.people.witness.id, 60);
    expect(d.issuer.issued[1]).toMatchObject({
      hearingId: d.hearing.id,
      participantId: d.people.witness.id,
      role: 'witness',
      expiresInSeconds: 60,
    });
    expect(d.participant('witness').invitationId).toBe(second.invitationId);
    expect(d.store.audit.list(d.hearing.id).slice(-2)).toMatchObject([
      { type: 'invitation.issued', actor: CLERK_ACCOUNT, data: { participantId: d.people.witness.id, invitationId: first.invitationId } },
      { type: 'invitation.issued', actor: CLERK_ACCOUNT, data: { participantId: d.people.witness.id, invitationId: second.invitationId } },
    ]);
  });

  it('issueInvitation() does not find a participant through another hearing', () => {
    const other = d.otherHearing();
    expect(() => d.caseFile.issueInvitation(CLERK_ACCOUNT, other.hearing.id, d.people.judge.id, 3600)).toThrow(NotFoundError);
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

describe('CaseFile.issueDeviceInvitation() (a device asking for its session)', () => {
  let devices: DeviceRegistry;
  let tv: { deviceId: string; participantId: string };
  beforeEach(() => {
    devices = new DeviceRegistry(d.store, d.clock, SecretBox.withRandomKey());
    const site = d.caseFile.createSite('Phòng xử án số 1', 'courtroom');
    const display = devices.register({ siteId: site.id, kind: 'display', name: 'TV' });
    tv = { deviceId: display.id, participantId: devices.attach(CLERK_ACCOUNT, d.hearing.id, display.id).id };
  });
  const issue = (deviceId = tv.deviceId, participantId = tv.participantId) =>
    d.caseFile.issueDeviceInvitation(deviceId, d.hearing.id, participantId, 12 * 3600);

  /** A refusal leaves the case file as it was and signs nothing. */
  function refused(call: () => unknown, error: new (...args: never[]) => Error) {
    const before = d.dump();
    expect(call).toThrow(error);
    expect(d.dump()).toBe(before);
    expect(d.issuer.issued).toEqual([]);
  }

  it('issues the device participant’s invitation and audits invitation.issued with the device as actor', () => {
    const issued = issue();
    expect(d.issuer.issued).toMatchObject([
      { hearingId: d.hearing.id, participantId: tv.participantId, role: 'device', expiresInSeconds: 12 * 3600 },
    ]);
    expect(d.store.participants.get(tv.participantId)!.invitationId).toBe(issued.invitationId);
    expect(d.store.audit.list(d.hearing.id).at(-1)).toMatchObject({
      type: 'invitation.issued',
      actor: { kind: 'participant', participantId: tv.participantId, role: 'device' },
      data: { participantId: tv.participantId, invitationId: issued.invitationId },
    });
  });

  it('is refused for a revoked device', () => {
    devices.revoke(CLERK_ACCOUNT, tv.deviceId);
    refused(() => issue(), PermissionDeniedError);
  });

  it('is refused when the hearing is adjourned', async () => {
    await d.seat();
    await d.bringTo('adjourned');
    refused(() => issue(), InvalidStateError);
  });

  it('is refused for a device participant that was removed', () => {
    d.store.participants.update({ ...d.store.participants.get(tv.participantId)!, status: 'removed' });
    refused(() => issue(), InvalidStateError);
  });

  it('is refused for a participant that is not the device’s own (a person, or another device)', () => {
    refused(() => issue(tv.deviceId, d.people.judge.id), PermissionDeniedError);
    const other = devices.register({ siteId: d.store.devices.get(tv.deviceId)!.siteId, kind: 'display', name: 'TV 2' });
    refused(() => issue(other.id), PermissionDeniedError);
  });

  it('is refused for an unknown device', () => {
    refused(() => issue('no-such-device'), NotFoundError);
  });
});
