// Who has the floor: the presiding judge silences everyone but the bench at once, and decides who
// besides the bench may share a screen. Guards first (role, presence, state), then one transaction
// with its audit event, then the announcements; the screen permission is also enforced where a
// screen producer is made (HearingService.ensureMayShareScreen / confirmScreenShare).
import { InvalidStateError, PermissionDeniedError } from './errors.js';
import type { HearingContext } from './HearingContext.js';
import { BENCH_ROLES, can } from './permissions.js';
import type { ParticipantRecord, ParticipantRef } from './types.js';
import { mayShareScreen } from './views.js';

export class FloorCommands {
  constructor(private readonly h: HearingContext) {}

  /**
   * Forced audio mute for every admitted participant who is neither on the bench nor a courtroom
   * device (the courtroom's own microphones carry the room). One audit event lists who was muted;
   * those already muted are left out. Lifting stays per participant (setForcedMute).
   */
  muteAll(ref: ParticipantRef): Promise<string[]> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.loadPresent(ref, 'muteAll');
      h.ensureNotEnded(hearing);
      const targets = (await h.store.participants.listByHearing(hearing.id)).filter(
        (p) => p.status === 'admitted' && !p.forcedMuteAudio && !BENCH_ROLES.includes(p.role) && p.deviceId === null,
      );
      if (targets.length === 0) return [];
      // Pause first: if the SFU refuses, nothing is recorded as changed (as for one mute).
      await Promise.all(targets.map((p) => h.media.setKindPaused(hearing.id, p.id, 'audio', true)));
      const participantIds = targets.map((p) => p.id);
      await h.store.transaction(async () => {
        for (const p of targets) await h.patch(p.id, { forcedMuteAudio: true });
        await h.audit.append(hearing.id, h.actor(self), 'participant.muted_all', { kind: 'audio', participantIds });
      });
      for (const id of participantIds) await h.announce(hearing.id, id);
      return participantIds;
    });
  }

  /** Lets one participant share their screen, or withdraws it: their screen share is closed at once. */
  allowScreen(ref: ParticipantRef, targetId: string, allowed: boolean): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.loadPresent(ref, 'allowScreen');
      h.ensureNotEnded(hearing);
      const target = await h.target(hearing.id, targetId);
      if (can(target.role, 'shareScreen')) throw new InvalidStateError(`${target.displayName} is on the bench and may always share`);
      if (!can(target.role, 'produce') || target.deviceId !== null) {
        throw new InvalidStateError(`${target.displayName} does not send media`);
      }
      if (target.status === 'removed' || target.status === 'denied') {
        throw new InvalidStateError(`${target.displayName} is no longer in the hearing`);
      }
      if ((target.screenAllowed === true) === allowed) return;
      // Stored before the share is closed, so a screen producer being made meanwhile is refused (confirmScreenShare).
      await h.store.transaction(async () => {
        await h.patch(target.id, { screenAllowed: allowed });
        await h.audit.append(hearing.id, h.actor(self), 'participant.screen_allowed', { participantId: target.id, allowed });
      });
      if (!allowed) await this.#closeScreens(hearing.id, target.id);
      await h.announce(hearing.id, target.id);
    });
  }

  /** Before a screen producer is made: the bench, or someone the judge allowed. */
  ensureMayShareScreen(self: ParticipantRecord): void {
    if (!mayShareScreen(self)) throw new PermissionDeniedError('The presiding judge has not allowed you to share your screen');
  }

  /**
   * After a screen producer was made (media negotiation is not queued): if the permission was
   * withdrawn meanwhile, the producer is closed and the request refused.
   */
  confirmScreenShare(ref: ParticipantRef, producerId: string): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const self = await h.store.participants.get(ref.participantId);
      if (self && mayShareScreen(self)) return;
      await h.media.closeProducer(ref.hearingId, ref.participantId, producerId).catch(() => undefined);
      throw new PermissionDeniedError('The presiding judge has not allowed you to share your screen');
    });
  }

  async #closeScreens(hearingId: string, participantId: string): Promise<void> {
    const { h } = this;
    const screens = h.media.listProducers(hearingId).filter((p) => p.participantId === participantId && p.source === 'screen');
    // A producer already gone (the participant stopped sharing meanwhile) is what we wanted.
    await Promise.all(screens.map((p) => h.media.closeProducer(hearingId, participantId, p.id).catch(() => undefined)));
  }
}
