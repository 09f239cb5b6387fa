// HearingService with the real SqliteStore(':memory:'); media is faked by FakeMediaRoomPort, which
// records what the domain asks of the SFU.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainError } from '../../../core/hearing/errors.js';
import { PERSON_ROLES as ROLES, type PersonRole as Role } from '../../../core/protocol/model.js';
import { BENCH_ROLES } from '../../../core/hearing/permissions.js';
import type { Notification } from '../../../core/protocol/signaling.js';
import { makeDomain, type Domain } from '../../support/domain.js';
import { must } from '../../support/must.js';

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
});
afterEach(() => d.close());

/** The domain error code a promise rejects with. */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    return (error as DomainError).code;
  }
  throw new Error('expected the command to be refused');
}

const sent = (type: Notification['type']) => d.notifications.filter((n) => n.notification.type === type);
const NON_BENCH = ROLES.filter((r) => !BENCH_ROLES.includes(r));
const NOT_JUDGE = ROLES.filter((r) => r !== 'judge');

describe('HearingService (real SqliteStore; media faked by FakeMediaRoomPort)', () => {
  describe('join()', () => {
    it.each(['judge', 'clerk'] as const)('admits the %s straight away (the bench skips the lobby)', async (role) => {
      const snapshot = await d.service.join(d.ref(role));
      expect(snapshot.self.status).toBe('admitted');
      expect(snapshot.self.connected).toBe(true);
      expect((await d.participant(role)).status).toBe('admitted');
      expect((await d.auditTypes()).at(-1)).toBe('participant.joined');
      expect(d.service.isConnected(d.people[role].id)).toBe(true);
    });

    it.each(NON_BENCH)('puts the %s in the lobby', async (role) => {
      const snapshot = await d.service.join(d.ref(role));
      expect(snapshot.self.status).toBe('lobby');
      expect((await d.participant(role)).status).toBe('lobby');
      expect((await d.auditTypes()).at(-1)).toBe('lobby.entered');
    });

    it('gives a waiting participant no view of the others, the lobby or the media', async () => {
      await d.seat('prosecutor');
      d.media.producers.push({ id: 'pr-1', participantId: d.people.prosecutor.id, kind: 'audio', source: 'mic', paused: false });
      const snapshot = await d.service.join(d.ref('defendant'));
      expect(snapshot.participants).toEqual([]);
      expect(snapshot.lobby).toEqual([]);
      expect(snapshot.producers).toEqual([]);
      expect(snapshot.hearing.id).toBe(d.hearing.id);
      expect(snapshot.hearing.caseNumber).toBe('HS-001/2025');
    });

    it('gives the judge the admitted participants, the waiting lobby and the producers', async () => {
      await d.service.join(d.ref('counsel'));
      await d.seat('clerk');
      d.media.producers.push({ id: 'pr-1', participantId: d.people.clerk.id, kind: 'audio', source: 'mic', paused: false });
      const snapshot = await d.service.join(d.ref('judge'));
      expect(snapshot.participants.map((p) => p.role).sort()).toEqual(['clerk', 'judge']);
      expect(snapshot.lobby.map((p) => p.id)).toEqual([d.people.counsel.id]);
      expect(snapshot.producers).toEqual([{ id: 'pr-1', participantId: d.people.clerk.id, kind: 'audio', source: 'mic', paused: false }]);
    });

    it('lets the clerk see the lobby but not a party', async () => {
      await d.service.join(d.ref('witness'));
      await d.seat('clerk', 'counsel');
      expect((await d.service.join(d.ref('clerk'))).lobby.map((p) => p.role)).toEqual(['witness']);
      expect((await d.service.join(d.ref('counsel'))).lobby).toEqual([]);
    });

    it('announces a newcomer to the lobby to the bench only, one participant per change (never the whole lobby)', async () => {
      await d.seat();
      await d.service.join(d.ref('witness'));
      d.clear();
      await d.service.join(d.ref('defendant'));
      expect(d.notifications).toEqual([
        {
          hearingId: d.hearing.id,
          audience: 'bench',
          notification: {
            type: 'participant.updated',
            participant: expect.objectContaining({ id: d.people.defendant.id, status: 'lobby', connected: true }),
          },
        },
      ]);
    });

    it('announces a leaving participant to everyone when they were in the hearing, to the bench when they were waiting', async () => {
      await d.seat('defendant');
      await d.service.join(d.ref('witness'));
      d.clear();
      await d.service.leave(d.ref('defendant'));
      await d.service.leave(d.ref('witness'));
      expect(
        sent('participant.updated').map((n) => [
          n.audience,
          n.notification.type === 'participant.updated' && n.notification.participant.status,
        ]),
      ).toEqual([
        ['admitted', 'left'],
        ['bench', 'left'],
      ]);
    });

    it('takes an admitted participant who reconnects straight back in, auditing participant.connected', async () => {
      await d.seat('defendant');
      await d.service.disconnected(d.ref('defendant'));
      const snapshot = await d.service.join(d.ref('defendant'));
      expect(snapshot.self.status).toBe('admitted');
      expect((await d.auditTypes()).slice(-2)).toEqual(['participant.disconnected', 'participant.connected']);
    });

    it('sends a participant who left back to the lobby', async () => {
      await d.seat('defendant');
      await d.service.leave(d.ref('defendant'));
      expect((await d.participant('defendant')).status).toBe('left');
      expect((await d.service.join(d.ref('defendant'))).self.status).toBe('lobby');
    });

    it('is refused when the hearing is adjourned', async () => {
      await d.seat();
      await d.bringTo('adjourned');
      const before = await d.dump();
      expect(await codeOf(d.service.join(d.ref('judge')))).toBe('invalid_state');
      expect(await codeOf(d.service.join(d.ref('defendant')))).toBe('invalid_state');
      expect(await d.dump()).toBe(before);
    });

    it.each(['removed', 'denied'] as const)('is refused for a %s participant', async (status) => {
      await d.store.participants.update({ ...(await d.participant('defendant')), status });
      const before = await d.dump();
      expect(await codeOf(d.service.join(d.ref('defendant')))).toBe('forbidden');
      expect(await d.dump()).toBe(before);
      expect(d.service.isConnected(d.people.defendant.id)).toBe(false);
    });

    it('is refused for a participant claimed under another hearing', async () => {
      const other = await d.otherHearing();
      const before = await d.dump();
      expect(await codeOf(d.service.join({ hearingId: other.hearing.id, participantId: d.people.judge.id }))).toBe('unauthorized');
      expect(await codeOf(d.service.join({ hearingId: d.hearing.id, participantId: 'nobody' }))).toBe('unauthorized');
      expect(await d.dump()).toBe(before);
    });
  });

  describe('admit()', () => {
    it('moves a waiting participant in, tells them lobby.admitted and audits lobby.admitted by the judge', async () => {
      await d.seat();
      await d.service.join(d.ref('defendant'));
      d.clear();
      const auditBefore = (await d.auditTypes()).length;
      await d.service.admit(d.ref('judge'), d.people.defendant.id);
      expect((await d.participant('defendant')).status).toBe('admitted');
      const events = (await d.store.audit.list(d.hearing.id)).slice(auditBefore);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'lobby.admitted',
        actor: { kind: 'participant', participantId: d.people.judge.id, role: 'judge' },
        data: { participantId: d.people.defendant.id },
      });
      expect(sent('lobby.admitted')).toEqual([
        { hearingId: d.hearing.id, audience: { participantId: d.people.defendant.id }, notification: { type: 'lobby.admitted' } },
      ]);
      expect(must(sent('participant.updated')[0], 'a participant.updated').notification).toMatchObject({
        participant: { status: 'admitted' },
      });
      expect(sent('participant.updated').map((n) => n.audience)).toEqual(['admitted']);
    });

    it('is the clerk’s too: the clerk admits (audited as the clerk); refusing stays the judge’s', async () => {
      await d.seat('clerk');
      await d.service.join(d.ref('witness'));
      const before = await d.dump();
      expect(await codeOf(d.service.deny(d.ref('clerk'), d.people.witness.id))).toBe('forbidden');
      expect(await d.dump()).toBe(before);
      await d.service.admit(d.ref('clerk'), d.people.witness.id);
      expect((await d.participant('witness')).status).toBe('admitted');
      expect((await d.store.audit.list(d.hearing.id)).at(-1)).toMatchObject({ type: 'lobby.admitted', actor: { role: 'clerk' } });
    });

    it.each(NOT_JUDGE.filter((r) => r !== 'clerk'))('is refused (forbidden) when the %s asks, and changes nothing', async (role) => {
      const targetRole: Role = role === 'witness' ? 'observer' : 'witness';
      await d.seat(role);
      await d.service.join(d.ref(targetRole));
      const target = d.people[targetRole];
      expect((await d.participant(role)).status).toBe('admitted');
      const before = await d.dump();
      d.clear();
      expect(await codeOf(d.service.admit(d.ref(role), target.id))).toBe('forbidden');
      expect(await d.dump()).toBe(before);
      expect(d.notifications).toEqual([]);
    });

    it.each(['invited', 'admitted', 'left', 'removed', 'denied'] as const)(
      'is refused when the target is %s rather than in the lobby',
      async (status) => {
        await d.seat();
        await d.store.participants.update({ ...(await d.participant('witness')), status });
        const before = await d.dump();
        expect(await codeOf(d.service.admit(d.ref('judge'), d.people.witness.id))).toBe('invalid_state');
        expect(await d.dump()).toBe(before);
      },
    );

    it('is refused when the judge is not connected', async () => {
      await d.seat();
      await d.service.join(d.ref('defendant'));
      await d.service.disconnected(d.ref('judge'));
      const before = await d.dump();
      expect(await codeOf(d.service.admit(d.ref('judge'), d.people.defendant.id))).toBe('invalid_state');
      expect(await d.dump()).toBe(before);
    });

    it('is refused when the hearing is adjourned', async () => {
      await d.seat();
      await d.service.join(d.ref('defendant'));
      await d.bringTo('adjourned');
      const before = await d.dump();
      expect(await codeOf(d.service.admit(d.ref('judge'), d.people.defendant.id))).toBe('invalid_state');
      expect(await d.dump()).toBe(before);
      expect((await d.participant('defendant')).status).toBe('lobby');
    });

    it('is refused (not_found) for a participant of another hearing', async () => {
      const other = await d.otherHearing();
      await d.seat();
      await d.service.join({ hearingId: other.hearing.id, participantId: other.defendant.id });
      const before = await d.dump();
      expect(await codeOf(d.service.admit(d.ref('judge'), other.defendant.id))).toBe('not_found');
      expect((await d.store.participants.get(other.defendant.id))!.status).toBe('lobby');
      expect(await d.dump()).toBe(before);
    });

    it('admits once when two admits of the same person race (commands are serialized)', async () => {
      await d.seat();
      await d.service.join(d.ref('defendant'));
      const results = await Promise.allSettled([
        d.service.admit(d.ref('judge'), d.people.defendant.id),
        d.service.admit(d.ref('judge'), d.people.defendant.id),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((await d.auditTypes()).filter((t) => t === 'lobby.admitted')).toHaveLength(1);
    });
  });

  describe('deny()', () => {
    it('denies a waiting participant: revokes the invitation, tells them why, evicts them and audits lobby.denied', async () => {
      await d.seat();
      await d.store.participants.update({ ...(await d.participant('witness')), invitationId: 'inv-1' });
      await d.service.join(d.ref('witness'));
      d.clear();
      await d.service.deny(d.ref('judge'), d.people.witness.id, 'Not called today');
      const witness = await d.participant('witness');
      expect(witness.status).toBe('denied');
      expect(witness.invitationId).toBeNull();
      expect((await d.store.audit.list(d.hearing.id)).at(-1)).toMatchObject({
        type: 'lobby.denied',
        data: { participantId: witness.id, reason: 'Not called today' },
      });
      expect(sent('lobby.denied')).toEqual([
        {
          hearingId: d.hearing.id,
          audience: { participantId: witness.id },
          notification: { type: 'lobby.denied', reason: 'Not called today' },
        },
      ]);
      expect(d.evictions).toEqual([{ participantId: witness.id, reason: 'denied' }]);
      expect(d.service.isConnected(witness.id)).toBe(false);
    });

    it.each(NOT_JUDGE)('is refused (forbidden) when the %s asks', async (role) => {
      const targetRole: Role = role === 'witness' ? 'observer' : 'witness';
      await d.seat(role);
      await d.service.join(d.ref(targetRole));
      const before = await d.dump();
      expect(await codeOf(d.service.deny(d.ref(role), d.people[targetRole].id))).toBe('forbidden');
      expect(await d.dump()).toBe(before);
      expect(d.evictions).toEqual([]);
    });

    it('is refused when the target is already admitted', async () => {
      await d.seat('counsel');
      const before = await d.dump();
      expect(await codeOf(d.service.deny(d.ref('judge'), d.people.counsel.id))).toBe('invalid_state');
      expect(await d.dump()).toBe(before);
    });
  });

  describe('setForcedMute() (participant.mute / participant.unmute)', () => {
    it('mute pauses that kind on the SFU, records forcedMute, announces it and audits participant.muted', async () => {
      await d.seat('defendant');
      d.clear();
      await d.service.setForcedMute(d.ref('judge'), d.people.defendant.id, 'audio', true);
      expect(d.media.callsOf('setKindPaused')).toEqual([[d.hearing.id, d.people.defendant.id, 'audio', true]]);
      expect(await d.participant('defendant')).toMatchObject({ forcedMuteAudio: true, forcedMuteVideo: false });
      expect(must(sent('participant.updated')[0], 'a participant.updated').notification).toMatchObject({
        participant: { id: d.people.defendant.id, forcedMute: { audio: true, video: false } },
      });
      expect((await d.store.audit.list(d.hearing.id)).at(-1)).toMatchObject({ type: 'participant.muted', data: { kind: 'audio' } });
    });

    it('unmute lifts forcedMute without switching the media back on, auditing participant.unmuted', async () => {
      await d.seat('defendant');
      await d.service.setForcedMute(d.ref('judge'), d.people.defendant.id, 'video', true);
      d.clear();
      await d.service.setForcedMute(d.ref('judge'), d.people.defendant.id, 'video', false);
      expect((await d.participant('defendant')).forcedMuteVideo).toBe(false);
      expect(d.media.callsOf('setKindPaused')).toEqual([]);
      expect(d.media.callsOf('setProducerPaused')).toEqual([]);
      expect((await d.store.audit.list(d.hearing.id)).at(-1)).toMatchObject({ type: 'participant.unmuted', data: { kind: 'video' } });
    });

    it('muting someone already muted changes nothing and audits nothing', async () => {
      await d.seat('defendant');
      await d.service.setForcedMute(d.ref('judge'), d.people.defendant.id, 'audio', true);
      const before = await d.dump();
      await d.service.setForcedMute(d.ref('judge'), d.people.defendant.id, 'audio', true);
      await d.service.setForcedMute(d.ref('judge'), d.people.defendant.id, 'video', false);
      expect(await d.dump()).toBe(before);
    });

    it('does not record the mute when the SFU refuses to pause', async () => {
      await d.seat('defendant');
      d.media.failSetKindPaused = new Error('worker gone');
      const before = await d.dump();
      await expect(d.service.setForcedMute(d.ref('judge'), d.people.defendant.id, 'audio', true)).rejects.toThrow('worker gone');
      expect(await d.dump()).toBe(before);
    });

    it.each(NOT_JUDGE)('is refused (forbidden) when the %s asks', async (role) => {
      await d.seat(role, role === 'defendant' ? 'counsel' : 'defendant');
      const target = role === 'defendant' ? d.people.counsel : d.people.defendant;
      const before = await d.dump();
      d.clear();
      expect(await codeOf(d.service.setForcedMute(d.ref(role), target.id, 'audio', true))).toBe('forbidden');
      expect(await codeOf(d.service.setForcedMute(d.ref(role), target.id, 'audio', false))).toBe('forbidden');
      expect(await d.dump()).toBe(before);
      expect(d.media.calls).toEqual([]);
    });

    it('is refused on the judge themselves and on someone in the lobby', async () => {
      await d.seat();
      await d.service.join(d.ref('defendant'));
      const before = await d.dump();
      expect(await codeOf(d.service.setForcedMute(d.ref('judge'), d.people.judge.id, 'audio', true))).toBe('invalid_state');
      expect(await codeOf(d.service.setForcedMute(d.ref('judge'), d.people.defendant.id, 'audio', true))).toBe('invalid_state');
      expect(await d.dump()).toBe(before);
    });

    it('ensureMayUnmute() refuses the kind the judge muted and allows the other', async () => {
      await d.seat('defendant');
      await d.service.setForcedMute(d.ref('judge'), d.people.defendant.id, 'audio', true);
      const self = await d.participant('defendant');
      expect(() => d.service.ensureMayUnmute(self, 'audio')).toThrow(/muted by the judge/);
      expect(() => d.service.ensureMayUnmute(self, 'video')).not.toThrow();
      await d.service.setForcedMute(d.ref('judge'), d.people.defendant.id, 'audio', false);
      const unmuted = await d.participant('defendant');
      expect(() => d.service.ensureMayUnmute(unmuted, 'audio')).not.toThrow();
    });
  });

  describe('remove()', () => {
    it('removes: revokes the invitation, closes their media, tells them, evicts them and audits participant.removed', async () => {
      await d.seat('defendant');
      await d.store.participants.update({ ...(await d.participant('defendant')), invitationId: 'inv-1' });
      d.clear();
      await d.service.remove(d.ref('judge'), d.people.defendant.id, 'Disrupting the hearing');
      expect(await d.participant('defendant')).toMatchObject({ status: 'removed', invitationId: null });
      expect(d.media.callsOf('closePeer')).toEqual([[d.hearing.id, d.people.defendant.id]]);
      expect(sent('removed')).toEqual([
        {
          hearingId: d.hearing.id,
          audience: { participantId: d.people.defendant.id },
          notification: { type: 'removed', reason: 'Disrupting the hearing' },
        },
      ]);
      expect(d.evictions).toEqual([{ participantId: d.people.defendant.id, reason: 'removed' }]);
      expect(d.service.isConnected(d.people.defendant.id)).toBe(false);
      expect((await d.store.audit.list(d.hearing.id)).at(-1)).toMatchObject({
        type: 'participant.removed',
        data: { participantId: d.people.defendant.id, reason: 'Disrupting the hearing' },
      });
      expect(await codeOf(d.service.join(d.ref('defendant')))).toBe('forbidden');
    });

    it.each(NOT_JUDGE)('is refused (forbidden) when the %s asks', async (role) => {
      await d.seat(role, role === 'defendant' ? 'counsel' : 'defendant');
      const target = role === 'defendant' ? d.people.counsel : d.people.defendant;
      const before = await d.dump();
      d.clear();
      expect(await codeOf(d.service.remove(d.ref(role), target.id))).toBe('forbidden');
      expect(await d.dump()).toBe(before);
      expect(d.evictions).toEqual([]);
      expect(d.media.calls).toEqual([]);
    });

    it('needs a reason: without one (or only spaces) it is invalid_input and changes nothing', async () => {
      await d.seat('defendant');
      await d.service.join(d.ref('witness'));
      const before = await d.dump();
      d.clear();
      for (const reason of [undefined, '', '   ']) {
        expect(await codeOf(d.service.remove(d.ref('judge'), d.people.defendant.id, reason))).toBe('invalid_input');
        expect(await codeOf(d.service.deny(d.ref('judge'), d.people.witness.id, reason))).toBe('invalid_input');
      }
      expect(await d.dump()).toBe(before);
      expect(d.evictions).toEqual([]);
      expect(d.media.calls).toEqual([]);
    });

    it('is refused on the judge themselves and on someone already removed', async () => {
      await d.seat('defendant');
      await d.service.remove(d.ref('judge'), d.people.defendant.id, 'Gây rối trật tự phiên tòa');
      const before = await d.dump();
      expect(await codeOf(d.service.remove(d.ref('judge'), d.people.judge.id))).toBe('invalid_state');
      expect(await codeOf(d.service.remove(d.ref('judge'), d.people.defendant.id))).toBe('invalid_state');
      expect(await d.dump()).toBe(before);
    });
  });

  describe('transition()', () => {
    // [action, from, to, stage entered, outcome]: a criminal hearing's whole course.
    const LEGAL_PATH = [
      ['open', 'scheduled', 'open', null, null],
      ['start', 'open', 'in_session', 'opening', null],
      ['examine', 'in_session', 'in_session', 'examination', null],
      ['recess', 'in_session', 'recess', 'examination', null],
      ['resume', 'recess', 'in_session', 'examination', null],
      ['argue', 'in_session', 'in_session', 'arguments', null],
      ['deliberate', 'in_session', 'deliberation', 'arguments', null],
      ['pronounce', 'deliberation', 'in_session', 'pronouncement', null],
      ['adjourn', 'in_session', 'adjourned', null, 'concluded'],
    ] as const;

    it('walks the whole procedure (opening, examination, a suspension, arguments, deliberation, pronouncement), persisting, auditing and announcing each step', async () => {
      await d.seat();
      for (const [action, from, to, stage, outcome] of LEGAL_PATH) {
        d.clear();
        const auditBefore = (await d.store.audit.list(d.hearing.id)).length;
        const reason = action === 'recess' ? 'Nghỉ giải lao 15 phút' : undefined;
        expect(await d.service.transition(d.ref('judge'), action, reason)).toBe(to);
        expect(await d.store.hearings.get(d.hearing.id)).toMatchObject({ state: to, stage, outcome });
        const added = (await d.store.audit.list(d.hearing.id)).slice(auditBefore);
        expect(added).toHaveLength(1);
        expect(added[0]).toMatchObject({
          type: `hearing.${action}`,
          actor: { kind: 'participant', participantId: d.people.judge.id, role: 'judge' },
          data: { from, to, stage, outcome, ...(reason ? { reason } : {}) },
        });
        const state = sent('hearing.state');
        expect(state).toHaveLength(1);
        expect(state[0]!.audience).toBe('everyone');
        const { updatedAt } = (await d.store.hearings.get(d.hearing.id))!;
        expect(state[0]!.notification).toEqual({
          type: 'hearing.state',
          state: to,
          stage,
          outcome,
          action,
          at: updatedAt,
          ...(reason ? { reason } : {}),
        });
        expect(d.stateChanges).toEqual([{ hearingId: d.hearing.id, state: to, previous: from }]);
      }
    });

    it('postpones with a reason (none: refused, nothing changed); the hearing ends without a judgment', async () => {
      await d.seat();
      await d.bringTo('open');
      const before = await d.dump();
      expect(await codeOf(d.service.transition(d.ref('judge'), 'postpone'))).toBe('invalid_input');
      expect(await d.dump()).toBe(before);
      await d.service.transition(d.ref('judge'), 'postpone', 'Người bào chữa vắng mặt có lý do chính đáng');
      expect(await d.store.hearings.get(d.hearing.id)).toMatchObject({ state: 'adjourned', outcome: 'postponed' });
      expect((await d.store.audit.list(d.hearing.id)).at(-1)).toMatchObject({
        type: 'hearing.postpone',
        data: { reason: 'Người bào chữa vắng mặt có lý do chính đáng', outcome: 'postponed' },
      });
      expect(sent('hearing.ended')).toHaveLength(1);
    });

    it.each([
      ['scheduled', 'start'],
      ['scheduled', 'adjourn'],
      ['open', 'open'],
      ['open', 'resume'],
      ['in_session', 'start'],
      ['recess', 'recess'],
    ] as const)('refuses %s --%s--> with invalid_state and changes nothing', async (state, action) => {
      await d.seat();
      await d.bringTo(state);
      const before = await d.dump();
      d.clear();
      expect(await codeOf(d.service.transition(d.ref('judge'), action))).toBe('invalid_state');
      expect(await d.dump()).toBe(before);
      expect(d.notifications).toEqual([]);
      expect(d.stateChanges).toEqual([]);
    });

    it.each(NOT_JUDGE)('is refused (forbidden) when the %s asks', async (role) => {
      await d.seat(role);
      const before = await d.dump();
      d.clear();
      expect(await codeOf(d.service.transition(d.ref(role), 'open'))).toBe('forbidden');
      expect(await d.dump()).toBe(before);
      expect(d.notifications).toEqual([]);
    });

    it('is refused when the judge has not joined', async () => {
      const before = await d.dump();
      expect(await codeOf(d.service.transition(d.ref('judge'), 'open'))).toBe('invalid_state');
      expect(await d.dump()).toBe(before);
    });

    it('adjourn ends the hearing: hearing.ended to everyone, media room closed, every connected participant evicted', async () => {
      await d.seat('clerk', 'defendant');
      await d.service.join(d.ref('counsel')); // still waiting in the lobby
      await d.bringTo('in_session');
      d.clear();
      await d.service.transition(d.ref('judge'), 'adjourn');
      const ended = sent('hearing.ended');
      expect(ended).toHaveLength(1);
      expect(ended[0]!.audience).toBe('everyone');
      expect(d.media.callsOf('closeRoom')).toEqual([[d.hearing.id]]);
      expect(d.evictions.map((e) => e.reason)).toEqual(['adjourned', 'adjourned', 'adjourned', 'adjourned']);
      expect(d.evictions.map((e) => e.participantId).sort()).toEqual(
        [d.people.judge.id, d.people.clerk.id, d.people.defendant.id, d.people.counsel.id].sort(),
      );
      for (const role of ROLES) expect(d.service.isConnected(d.people[role].id)).toBe(false);
      // The hearing.state notification goes out before hearing.ended.
      expect(d.notifications.map((n) => n.notification.type)).toEqual(['hearing.state', 'hearing.ended']);
    });
  });

  describe('leave() and disconnected()', () => {
    it('leave() marks an admitted participant left, closes their media and audits participant.left', async () => {
      await d.seat('witness');
      d.clear();
      await d.service.leave(d.ref('witness'));
      expect((await d.participant('witness')).status).toBe('left');
      expect(d.service.isConnected(d.people.witness.id)).toBe(false);
      expect(d.media.callsOf('closePeer')).toEqual([[d.hearing.id, d.people.witness.id]]);
      expect((await d.auditTypes()).at(-1)).toBe('participant.left');
    });

    it('disconnected() keeps the participant admitted, closes their media and audits participant.disconnected once', async () => {
      await d.seat('witness');
      d.clear();
      await d.service.disconnected(d.ref('witness'));
      await d.service.disconnected(d.ref('witness'));
      expect((await d.participant('witness')).status).toBe('admitted');
      expect(d.service.isConnected(d.people.witness.id)).toBe(false);
      expect(d.media.callsOf('closePeer')).toEqual([[d.hearing.id, d.people.witness.id]]);
      expect((await d.auditTypes()).filter((t) => t === 'participant.disconnected')).toHaveLength(1);
      expect(must(sent('participant.updated')[0], 'a participant.updated').notification).toMatchObject({
        participant: { connected: false, status: 'admitted' },
      });
    });
  });

  describe('withMedia() guards', () => {
    it('runs the operation for an admitted participant whose role allows it', async () => {
      await d.seat('defendant');
      const result = await d.service.withMedia(d.ref('defendant'), 'produce', async (self) => self.id);
      expect(result).toBe(d.people.defendant.id);
    });

    it('pins the presiding judge’s media (seen by all in a large hearing), and no one else’s', async () => {
      await d.seat('defendant', 'panel_judge');
      for (const role of ['defendant', 'panel_judge', 'judge'] as const) {
        await d.service.withMedia(d.ref(role), 'produce', async () => 'sent');
      }
      expect(d.media.callsOf('setPinned')).toEqual([[d.hearing.id, d.people.judge.id, true]]);
    });

    it('refuses a participant waiting in the lobby (invalid_state) without running the operation', async () => {
      await d.seat();
      await d.service.join(d.ref('defendant'));
      let ran = false;
      expect(
        await codeOf(
          Promise.resolve().then(() =>
            d.service.withMedia(d.ref('defendant'), 'consume', async () => {
              ran = true;
            }),
          ),
        ),
      ).toBe('invalid_state');
      expect(ran).toBe(false);
    });

    it('refuses an observer who tries to produce (forbidden) but lets them consume', async () => {
      await d.seat('observer');
      const produce = Promise.resolve().then(() => d.service.withMedia(d.ref('observer'), 'produce', async () => 'sent'));
      expect(await codeOf(produce)).toBe('forbidden');
      expect(await d.service.withMedia(d.ref('observer'), 'consume', async () => 'received')).toBe('received');
    });

    it('refuses a removed participant', async () => {
      await d.seat('defendant');
      await d.service.remove(d.ref('judge'), d.people.defendant.id, 'Gây rối trật tự phiên tòa');
      const op = Promise.resolve().then(() => d.service.withMedia(d.ref('defendant'), 'consume', async () => 'x'));
      expect(await codeOf(op)).toBe('invalid_state');
    });
  });

  describe('media events from the SFU', () => {
    it('a room reset is audited as media.reset (by the system) and tells admitted participants media.reset', async () => {
      await d.seat('defendant');
      d.clear();
      d.media.emit({ type: 'roomReset', hearingId: d.hearing.id, reason: 'worker 123 died' });
      await d.mediaSettled();
      expect((await d.store.audit.list(d.hearing.id)).at(-1)).toMatchObject({
        type: 'media.reset',
        actor: { kind: 'system' },
        data: { reason: 'worker 123 died' },
      });
      expect(d.notifications).toEqual([{ hearingId: d.hearing.id, audience: 'admitted', notification: { type: 'media.reset' } }]);
    });

    // Added and paused go to each admitted participant of the producer's room (rooms.test.ts has the side rooms).
    it('producer events go to admitted participants of its room; a closed consumer only to its owner', async () => {
      await d.seat('defendant');
      d.clear();
      const x = d.people.defendant.id;
      const inRoom = [{ participantId: d.people.judge.id }, { participantId: x }];
      const producer = { id: 'pr-1', participantId: x, kind: 'video' as const, source: 'screen' as const, paused: false };
      d.media.emit({ type: 'producerAdded', hearingId: d.hearing.id, producer });
      d.media.emit({ type: 'producerPaused', hearingId: d.hearing.id, participantId: x, producerId: 'pr-1', paused: true });
      d.media.emit({ type: 'producerClosed', hearingId: d.hearing.id, participantId: x, producerId: 'pr-1' });
      d.media.emit({ type: 'consumerClosed', hearingId: d.hearing.id, participantId: 'p-y', consumerId: 'c-1' });
      d.media.emit({ type: 'activeSpeaker', hearingId: d.hearing.id, participantId: 'p-x' });
      await d.mediaSettled();
      expect(d.notifications.map((n) => [n.audience, n.notification])).toEqual([
        ...inRoom.map((a) => [a, { type: 'media.producerAdded', producer }]),
        ...inRoom.map((a) => [a, { type: 'media.producerPaused', producerId: 'pr-1', paused: true }]),
        ['admitted', { type: 'media.producerClosed', producerId: 'pr-1' }],
        [{ participantId: 'p-y' }, { type: 'media.consumerClosed', consumerId: 'c-1' }],
        ['admitted', { type: 'media.activeSpeaker', participantId: 'p-x' }],
      ]);
    });
  });

  it('every change appends exactly one audit event, in order', async () => {
    const start = (await d.auditTypes()).length; // hearing.created + one participant.invited per role
    expect(await d.auditTypes()).toEqual(['hearing.created', ...ROLES.map(() => 'participant.invited')]);
    const steps: [() => Promise<unknown>, string][] = [
      [() => d.service.join(d.ref('judge')), 'participant.joined'],
      [() => d.service.join(d.ref('defendant')), 'lobby.entered'],
      [() => d.service.join(d.ref('witness')), 'lobby.entered'],
      [() => d.service.admit(d.ref('judge'), d.people.defendant.id), 'lobby.admitted'],
      [() => d.service.deny(d.ref('judge'), d.people.witness.id, 'Chưa đến lượt'), 'lobby.denied'],
      [() => d.service.transition(d.ref('judge'), 'open'), 'hearing.open'],
      [() => d.service.transition(d.ref('judge'), 'start'), 'hearing.start'],
      [() => d.service.setForcedMute(d.ref('judge'), d.people.defendant.id, 'audio', true), 'participant.muted'],
      [() => d.service.setForcedMute(d.ref('judge'), d.people.defendant.id, 'audio', false), 'participant.unmuted'],
      [() => d.service.disconnected(d.ref('defendant')), 'participant.disconnected'],
      [() => d.service.join(d.ref('defendant')), 'participant.connected'],
      [() => d.service.transition(d.ref('judge'), 'recess', 'Nghỉ giải lao'), 'hearing.recess'],
      [() => d.service.transition(d.ref('judge'), 'resume'), 'hearing.resume'],
      [() => d.service.remove(d.ref('judge'), d.people.defendant.id, 'Gây rối'), 'participant.removed'],
      [() => d.service.join(d.ref('counsel')), 'lobby.entered'],
      [() => d.service.leave(d.ref('counsel')), 'participant.left'],
      [() => d.service.transition(d.ref('judge'), 'adjourn'), 'hearing.adjourn'],
    ];
    const expected: string[] = [];
    for (const [step, type] of steps) {
      await step();
      expected.push(type);
      expect((await d.auditTypes()).slice(start)).toEqual(expected);
    }
    const seqs = (await d.store.audit.list(d.hearing.id)).map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const times = (await d.store.audit.list(d.hearing.id)).map((e) => e.at);
    expect(new Set(times).size).toBe(times.length);
  });

  it('refused commands of every kind leave the store, the audit log and the notifications untouched', async () => {
    await d.seat('defendant', 'observer');
    await d.service.join(d.ref('counsel'));
    const before = await d.dump();
    d.clear();
    const refused: [string, () => Promise<unknown>, string][] = [
      ['defendant admits', () => d.service.admit(d.ref('defendant'), d.people.counsel.id), 'forbidden'],
      ['defendant denies', () => d.service.deny(d.ref('defendant'), d.people.counsel.id), 'forbidden'],
      ['defendant mutes', () => d.service.setForcedMute(d.ref('defendant'), d.people.observer.id, 'audio', true), 'forbidden'],
      ['defendant removes', () => d.service.remove(d.ref('defendant'), d.people.judge.id), 'forbidden'],
      ['defendant opens', () => d.service.transition(d.ref('defendant'), 'open'), 'forbidden'],
      ['lobby counsel opens', () => d.service.transition(d.ref('counsel'), 'open'), 'forbidden'],
      ['judge resumes a scheduled hearing', () => d.service.transition(d.ref('judge'), 'resume'), 'invalid_state'],
      ['judge admits an admitted party', () => d.service.admit(d.ref('judge'), d.people.defendant.id), 'invalid_state'],
      ['judge admits nobody', () => d.service.admit(d.ref('judge'), 'nobody'), 'not_found'],
      [
        'judge mutes someone in the lobby',
        () => d.service.setForcedMute(d.ref('judge'), d.people.counsel.id, 'video', true),
        'invalid_state',
      ],
      ['judge removes themselves', () => d.service.remove(d.ref('judge'), d.people.judge.id), 'invalid_state'],
      ['unknown participant joins', () => d.service.join({ hearingId: d.hearing.id, participantId: 'ghost' }), 'unauthorized'],
    ];
    for (const [name, run, code] of refused) {
      expect(`${name}: ${await codeOf(run())}`).toBe(`${name}: ${code}`);
    }
    expect(await d.dump()).toBe(before);
    expect(d.notifications).toEqual([]);
    expect(d.evictions).toEqual([]);
    expect(d.media.calls).toEqual([]);
  });
});
