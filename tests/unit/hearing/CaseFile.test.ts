import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../../../core/hearing/DeviceRegistry.js';
import { SecretBox } from '../../../server/secrets.js';
import { ConflictError, InvalidStateError, NotFoundError, PermissionDeniedError } from '../../../core/hearing/errors.js';
import { CLERK_ACCOUNT, makeDomain, type Domain } from '../../support/domain.js';

let d: Domain;
const lastEvent = async () => (await d.store.audit.list(d.hearing.id)).at(-1);
beforeEach(async () => {
  d = await makeDomain();
});
afterEach(() => d.close());

describe('CaseFile (real SqliteStore)', () => {
  it('createHearing() starts scheduled, normalizes the time to UTC and audits hearing.created by the account', async () => {
    const h = await d.caseFile.createHearing(CLERK_ACCOUNT, { caseId: d.kase.id, title: 'T', scheduledAt: '2025-05-01T09:00:00+07:00' });
    expect(h.state).toBe('scheduled');
    expect(h.scheduledAt).toBe('2025-05-01T02:00:00.000Z');
    expect(await d.store.audit.list(h.id)).toMatchObject([{ type: 'hearing.created', actor: CLERK_ACCOUNT }]);
  });

  it('createHearing() is refused for an unknown case or courtroom', async () => {
    await expect(
      d.caseFile.createHearing(CLERK_ACCOUNT, { caseId: 'nope', title: 'T', scheduledAt: '2025-05-01T09:00:00Z' }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      d.caseFile.createHearing(CLERK_ACCOUNT, {
        caseId: d.kase.id,
        title: 'T',
        scheduledAt: '2025-05-01T09:00:00Z',
        courtroomSiteId: 'nope',
      }),
    ).rejects.toThrow(NotFoundError);
  });

  it('addParticipant() invites (status invited, no invitation yet) and audits participant.invited', async () => {
    const p = await d.caseFile.addParticipant(CLERK_ACCOUNT, d.hearing.id, { displayName: 'New witness', role: 'witness' });
    expect(p).toMatchObject({ status: 'invited', invitationId: null, forcedMuteAudio: false, forcedMuteVideo: false });
    expect(await lastEvent()).toMatchObject({
      type: 'participant.invited',
      data: { participantId: p.id, role: 'witness' },
    });
  });

  it('addParticipant() is refused when the hearing is adjourned', async () => {
    await d.seat();
    await d.bringTo('adjourned');
    await expect(d.caseFile.addParticipant(CLERK_ACCOUNT, d.hearing.id, { displayName: 'Late', role: 'witness' })).rejects.toThrow(
      InvalidStateError,
    );
  });

  it.each(['removed', 'denied'] as const)('issueInvitation() gives a %s participant no new link', async (status) => {
    await d.store.participants.update({ ...(await d.participant('defendant')), status });
    const before = await d.dump();
    await expect(d.caseFile.issueInvitation(CLERK_ACCOUNT, d.hearing.id, d.people.defendant.id, 3600)).rejects.toThrow(InvalidStateError);
    expect(await d.dump()).toBe(before);
    expect(d.issuer.issued).toEqual([]);
  });

  it('issueInvitation() is refused when the hearing is adjourned, and signs nothing', async () => {
    await d.seat();
    await d.bringTo('adjourned');
    const before = await d.dump();
    await expect(d.caseFile.issueInvitation(CLERK_ACCOUNT, d.hearing.id, d.people.witness.id, 3600)).rejects.toThrow(InvalidStateError);
    expect(await d.dump()).toBe(before);
    expect(d.issuer.issued).toEqual([]);
  });

  it('issueInvitation() signs for the participant, replaces the current invitation and audits invitation.issued', async () => {
    const first = await d.caseFile.issueInvitation(CLERK_ACCOUNT, d.hearing.id, d.people.witness.id, 3600);
    const second = await d.caseFile.issueInvitation(CLERK_ACCOUNT, d.hearing.id, d.people.witness.id, 60);
    expect(d.issuer.issued[1]).toMatchObject({
      hearingId: d.hearing.id,
      participantId: d.people.witness.id,
      role: 'witness',
      expiresInSeconds: 60,
    });
    expect((await d.participant('witness')).invitationId).toBe(second.invitationId);
    expect((await d.store.audit.list(d.hearing.id)).slice(-2)).toMatchObject([
      { type: 'invitation.issued', actor: CLERK_ACCOUNT, data: { participantId: d.people.witness.id, invitationId: first.invitationId } },
      { type: 'invitation.issued', actor: CLERK_ACCOUNT, data: { participantId: d.people.witness.id, invitationId: second.invitationId } },
    ]);
  });

  it('issueInvitation() does not find a participant through another hearing', async () => {
    const other = await d.otherHearing();
    await expect(d.caseFile.issueInvitation(CLERK_ACCOUNT, other.hearing.id, d.people.judge.id, 3600)).rejects.toThrow(NotFoundError);
  });

  it('getParticipant() does not find a participant through another hearing', async () => {
    const other = await d.otherHearing();
    await expect(d.caseFile.getParticipant(other.hearing.id, d.people.judge.id)).rejects.toThrow(NotFoundError);
  });

  it('participantViews() reports who is connected', async () => {
    await d.seat();
    const views = await d.caseFile.participantViews(d.hearing.id);
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
  beforeEach(async () => {
    devices = new DeviceRegistry(d.store, d.clock, SecretBox.withRandomKey());
    const site = await d.caseFile.createSite('Phòng xử án số 1', 'courtroom');
    const display = await devices.register({ siteId: site.id, kind: 'display', name: 'TV' });
    tv = { deviceId: display.id, participantId: (await devices.attach(CLERK_ACCOUNT, d.hearing.id, display.id)).id };
  });
  const issue = (deviceId = tv.deviceId, participantId = tv.participantId) =>
    d.caseFile.issueDeviceInvitation(deviceId, d.hearing.id, participantId, 12 * 3600);

  /** A refusal leaves the case file as it was and signs nothing. */
  async function refused(call: () => Promise<unknown>, error: new (...args: never[]) => Error) {
    const before = await d.dump();
    await expect(call()).rejects.toThrow(error);
    expect(await d.dump()).toBe(before);
    expect(d.issuer.issued).toEqual([]);
  }

  it('issues the device participant’s invitation and audits invitation.issued with the device as actor', async () => {
    const issued = await issue();
    expect(d.issuer.issued).toMatchObject([
      { hearingId: d.hearing.id, participantId: tv.participantId, role: 'device', expiresInSeconds: 12 * 3600 },
    ]);
    expect((await d.store.participants.get(tv.participantId))!.invitationId).toBe(issued.invitationId);
    expect(await lastEvent()).toMatchObject({
      type: 'invitation.issued',
      actor: { kind: 'participant', participantId: tv.participantId, role: 'device' },
      data: { participantId: tv.participantId, invitationId: issued.invitationId },
    });
  });

  it('is refused for a revoked device', async () => {
    await devices.revoke(CLERK_ACCOUNT, tv.deviceId);
    await refused(() => issue(), PermissionDeniedError);
  });

  it('is refused when the hearing is adjourned', async () => {
    await d.seat();
    await d.bringTo('adjourned');
    await refused(() => issue(), InvalidStateError);
  });

  it('is refused for a device participant that was removed', async () => {
    await d.store.participants.update({ ...(await d.store.participants.get(tv.participantId))!, status: 'removed' });
    await refused(() => issue(), InvalidStateError);
  });

  it('is refused for a participant that is not the device’s own (a person, or another device)', async () => {
    await refused(() => issue(tv.deviceId, d.people.judge.id), PermissionDeniedError);
    const other = await devices.register({ siteId: (await d.store.devices.get(tv.deviceId))!.siteId, kind: 'display', name: 'TV 2' });
    await refused(() => issue(other.id), PermissionDeniedError);
  });

  it('is refused for an unknown device', async () => {
    await refused(() => issue('no-such-device'), NotFoundError);
  });
});
