// FloorCommands through HearingService (real SqliteStore; media faked by FakeMediaRoomPort): muting
// everyone but the bench at once, the screen-share permission, and leaving when one's presence is
// required (core/protocol/presence.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainError } from '../../../core/hearing/errors.js';
import { handlers, type HandlerContext } from '../../../server/signaling/handlers.js';
import type { Notification } from '../../../core/protocol/signaling.js';
import type { PersonRole } from '../../../core/protocol/model.js';
import { makeDomain, type Domain } from '../../support/domain.js';

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
});
afterEach(() => d.close());

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    return (error as DomainError).code;
  }
  throw new Error('expected the command to be refused');
}

const sent = (type: Notification['type']) => d.notifications.filter((n) => n.notification.type === type);
const ctx = (role: PersonRole): HandlerContext => ({ ref: d.ref(role), service: d.service, media: d.media });
const lastAudit = async () => (await d.store.audit.list(d.hearing.id)).at(-1)!;

/** A courtroom microphone/camera taking part as a participant (role 'device'), admitted and connected. */
async function courtroomDevice() {
  const site = await d.caseFile.createSite('Phòng xử án số 1', 'courtroom');
  const device = {
    id: 'dev-1',
    siteId: site.id,
    kind: 'encoder' as const,
    name: 'Bàn chủ tọa',
    rtspUrl: null,
    rtspSealed: null,
    tokenId: 'tok-1',
    revokedAt: null,
    createdAt: '2025-03-01T07:00:00.000Z',
  };
  await d.store.devices.insert(device);
  const p = {
    id: 'p-device',
    hearingId: d.hearing.id,
    displayName: 'Courtroom encoder',
    role: 'device' as const,
    siteId: site.id,
    status: 'admitted' as const,
    forcedMuteAudio: false,
    forcedMuteVideo: false,
    invitationId: null,
    deviceId: device.id,
    createdAt: '2025-03-01T07:00:00.000Z',
  };
  await d.store.participants.insert(p);
  await d.service.join({ hearingId: d.hearing.id, participantId: p.id });
  return p;
}

describe('FloorCommands', () => {
  describe('muteAll()', () => {
    it('muteAll leaves the bench and the courtroom devices unmuted', async () => {
      await d.seat('panel_judge', 'assessor', 'clerk', 'prosecutor', 'defendant', 'witness');
      const device = await courtroomDevice();
      d.clear();
      const muted = await d.service.muteAll(d.ref('judge'));
      expect(muted.sort()).toEqual([d.people.prosecutor.id, d.people.defendant.id, d.people.witness.id].sort());
      for (const role of ['prosecutor', 'defendant', 'witness'] as const) expect((await d.participant(role)).forcedMuteAudio).toBe(true);
      for (const role of ['judge', 'panel_judge', 'assessor', 'clerk'] as const)
        expect((await d.participant(role)).forcedMuteAudio).toBe(false);
      expect((await d.store.participants.get(device.id))!.forcedMuteAudio).toBe(false);
      expect(
        d.media
          .callsOf('setKindPaused')
          .map((c) => c[1])
          .sort(),
      ).toEqual([...muted].sort());
    });

    it('is one audit event with the list, and everyone is shown each new view', async () => {
      await d.seat('defendant', 'witness');
      d.clear();
      const before = (await d.store.audit.list(d.hearing.id)).length;
      const muted = await d.service.muteAll(d.ref('judge'));
      const events = (await d.store.audit.list(d.hearing.id)).slice(before);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'participant.muted_all', data: { kind: 'audio', participantIds: muted } });
      expect(
        sent('participant.updated').map((n) => [
          n.audience,
          n.notification.type === 'participant.updated' && n.notification.participant.id,
        ]),
      ).toEqual(muted.map((id) => ['admitted', id]));
    });

    it('leaves out those already muted and those not in the hearing; with no one to mute, writes nothing', async () => {
      await d.seat('defendant', 'witness');
      await d.service.join(d.ref('counsel')); // waiting in the lobby
      await d.service.setForcedMute(d.ref('judge'), d.people.witness.id, 'audio', true);
      expect(await d.service.muteAll(d.ref('judge'))).toEqual([d.people.defendant.id]);
      expect((await d.participant('counsel')).forcedMuteAudio).toBe(false);
      const before = await d.dump();
      expect(await d.service.muteAll(d.ref('judge'))).toEqual([]);
      expect(await d.dump()).toBe(before);
    });

    it('is lifted per participant, as a single mute is', async () => {
      await d.seat('defendant', 'witness');
      await d.service.muteAll(d.ref('judge'));
      await d.service.setForcedMute(d.ref('judge'), d.people.defendant.id, 'audio', false);
      expect((await d.participant('defendant')).forcedMuteAudio).toBe(false);
      expect((await d.participant('witness')).forcedMuteAudio).toBe(true);
    });

    it('records nothing when the SFU cannot pause', async () => {
      await d.seat('defendant');
      d.media.failSetKindPaused = new Error('worker unreachable');
      const before = await d.dump();
      await expect(d.service.muteAll(d.ref('judge'))).rejects.toThrow('worker unreachable');
      expect(await d.dump()).toBe(before);
    });

    it.each(['clerk', 'panel_judge', 'defendant'] as const)('is refused to the %s (forbidden), changing nothing', async (role) => {
      await d.seat(role, 'witness');
      const before = await d.dump();
      expect(await codeOf(d.service.muteAll(d.ref(role)))).toBe('forbidden');
      expect(await d.dump()).toBe(before);
    });

    it('is refused once the hearing has ended (invalid_state)', async () => {
      await d.seat('defendant');
      await d.bringTo('adjourned');
      await d.service.join(d.ref('judge')).catch(() => undefined);
      expect(await codeOf(d.service.muteAll(d.ref('judge')))).toBe('invalid_state');
    });
  });

  describe('screen sharing', () => {
    const share = (role: PersonRole) =>
      handlers['media.produce'](ctx(role), {
        type: 'media.produce',
        transportId: 't-1',
        kind: 'video',
        rtpParameters: {},
        source: 'screen',
      });

    it('a screen producer is refused until the judge allows it', async () => {
      await d.seat('counsel');
      expect(await codeOf(share('counsel'))).toBe('forbidden');
      expect(d.media.callsOf('produce')).toEqual([]);
      await d.service.allowScreen(d.ref('judge'), d.people.counsel.id, true);
      const { producerId } = await share('counsel');
      expect(d.media.producers.find((p) => p.id === producerId)).toMatchObject({ participantId: d.people.counsel.id, source: 'screen' });
    });

    it.each(['judge', 'panel_judge', 'assessor', 'clerk'] as const)('the %s (the bench) shares without being allowed', async (role) => {
      await d.seat(role);
      await expect(share(role)).resolves.toMatchObject({ producerId: expect.any(String) });
    });

    it('withdrawing the permission closes the screen producer', async () => {
      await d.seat('counsel');
      await d.service.allowScreen(d.ref('judge'), d.people.counsel.id, true);
      const { producerId } = await share('counsel');
      d.media.producers.push({ id: 'cam-1', participantId: d.people.counsel.id, kind: 'video', source: 'camera', paused: false });
      await d.service.allowScreen(d.ref('judge'), d.people.counsel.id, false);
      expect(d.media.callsOf('closeProducer')).toEqual([[d.hearing.id, d.people.counsel.id, producerId]]);
      expect(await codeOf(share('counsel'))).toBe('forbidden');
    });

    it('is stored, audited, and shown in the participant’s view (mayShareScreen) to everyone', async () => {
      await d.seat('counsel');
      expect((await d.service.join(d.ref('counsel'))).self.mayShareScreen).toBe(false);
      d.clear();
      await d.service.allowScreen(d.ref('judge'), d.people.counsel.id, true);
      expect((await d.participant('counsel')).screenAllowed).toBe(true);
      expect(await lastAudit()).toMatchObject({
        type: 'participant.screen_allowed',
        actor: { kind: 'participant', role: 'judge' },
        data: { participantId: d.people.counsel.id, allowed: true },
      });
      expect(sent('participant.updated')).toMatchObject([
        { audience: 'admitted', notification: { participant: { id: d.people.counsel.id, mayShareScreen: true } } },
      ]);
      expect((await d.service.join(d.ref('judge'))).self.mayShareScreen).toBe(true);
    });

    it('a share made while the permission was being withdrawn is closed and refused', async () => {
      await d.seat('counsel');
      await d.service.allowScreen(d.ref('judge'), d.people.counsel.id, true);
      const producing = share('counsel');
      const withdrawing = d.service.allowScreen(d.ref('judge'), d.people.counsel.id, false);
      const [shared] = await Promise.allSettled([producing, withdrawing]);
      expect(shared.status).toBe('rejected');
      // Whichever ran first, the one screen producer made is closed.
      const [made] = d.media.producers.filter((p) => p.source === 'screen');
      expect(d.media.callsOf('closeProducer')).toContainEqual([d.hearing.id, d.people.counsel.id, made!.id]);
    });

    it('is the presiding judge’s to give (forbidden otherwise), for people who send media and are not on the bench', async () => {
      await d.seat('clerk', 'counsel', 'panel_judge');
      await d.service.join(d.ref('observer'));
      await d.service.admit(d.ref('judge'), d.people.observer.id);
      const before = await d.dump();
      expect(await codeOf(d.service.allowScreen(d.ref('clerk'), d.people.counsel.id, true))).toBe('forbidden');
      expect(await codeOf(d.service.allowScreen(d.ref('judge'), d.people.panel_judge.id, true))).toBe('invalid_state');
      expect(await codeOf(d.service.allowScreen(d.ref('judge'), d.people.observer.id, true))).toBe('invalid_state');
      expect(await codeOf(d.service.allowScreen(d.ref('judge'), 'nobody', true))).toBe('not_found');
      expect(await d.dump()).toBe(before);
    });
  });

  describe('leaving when one’s presence is required', () => {
    it('a required party must say why once the hearing has opened (invalid_input), and stays in', async () => {
      await d.seat('defendant');
      await d.bringTo('in_session');
      const before = await d.dump();
      expect(await codeOf(d.service.leave(d.ref('defendant')))).toBe('invalid_input');
      expect(await codeOf(d.service.leave(d.ref('defendant'), '   '))).toBe('invalid_input');
      expect(await d.dump()).toBe(before);
      expect(d.service.isConnected(d.people.defendant.id)).toBe(true);
    });

    it('the reason is audited with participant.left and shown to the bench', async () => {
      await d.seat('defendant');
      await d.bringTo('in_session');
      d.clear();
      await d.service.leave(d.ref('defendant'), ' Mất điện ');
      expect(await lastAudit()).toMatchObject({
        type: 'participant.left',
        data: { participantId: d.people.defendant.id, reason: 'Mất điện' },
      });
      expect(sent('participant.left')).toMatchObject([
        {
          audience: 'bench',
          notification: { participantId: d.people.defendant.id, displayName: 'The defendant', role: 'defendant', reason: 'Mất điện' },
        },
      ]);
    });

    it.each(['witness', 'observer', 'clerk'] as const)('the %s leaves without a reason', async (role) => {
      await d.seat(role);
      await d.bringTo('in_session');
      await d.service.leave(d.ref(role));
      expect((await d.participant(role)).status).toBe('left');
      expect(sent('participant.left')).toEqual([]);
    });

    it('before the hearing opens, or from the lobby, no reason is needed', async () => {
      await d.seat('defendant');
      await d.service.leave(d.ref('defendant'));
      expect((await d.participant('defendant')).status).toBe('left');
      await d.bringTo('in_session');
      await d.service.join(d.ref('prosecutor')); // waits in the lobby
      await d.service.leave(d.ref('prosecutor'));
      expect((await d.participant('prosecutor')).status).toBe('left');
    });
  });
});
