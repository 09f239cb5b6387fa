// Comings and goings: joining (the lobby or straight back in), disconnecting, leaving, and the
// bench's admit and deny; a device's link status and a device's expulsion. Each command runs on its
// hearing's queue, guards first, writes with its audit event (or holds a lobby departure, see
// LobbyStays.ts) and announces the participant's new view.
import type { DeviceStatus, HearingSnapshot } from '../protocol/model.js';
import { leaveNeedsReason } from '../protocol/presence.js';
import { InvalidStateError, NotFoundError, PermissionDeniedError, ValidationError } from './errors.js';
import type { HearingContext } from './HearingContext.js';
import { isStaffSeat } from '../protocol/staffSeats.js';
import type { ParticipantRef } from './types.js';
import { placeOnArrival } from './deliberation.js';

export class LobbyCommands {
  constructor(private readonly h: HearingContext) {}

  join(ref: ParticipantRef): Promise<HearingSnapshot> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.load(ref);
      if (hearing.state === 'adjourned') throw new InvalidStateError('The hearing has ended');
      if (self.status === 'removed' || self.status === 'denied') {
        throw new PermissionDeniedError(`You were ${self.status} from this hearing`);
      }
      // An admitted participant who reconnects goes straight back in; everyone else but the staff
      // seats (bound to their account's own sign-in: staffSeats.ts) waits to be let in.
      const status = isStaffSeat(self.role) || self.status === 'admitted' ? 'admitted' : 'lobby';
      const wasConnected = h.presence.isConnected(self.id);
      h.presence.connect(self.id);
      const back = h.stays.back(self.id);
      if (back !== 'resumed') await h.writeDeparture(back ?? undefined);
      if (back === 'resumed' && status === 'lobby') {
        // Back within the grace: the same lobby stay, already audited (LobbyStays).
        if (status !== self.status) await h.patch(self.id, { status });
      } else if (status !== self.status) {
        await h.update(hearing.id, self, { status }, status === 'admitted' ? 'participant.joined' : 'lobby.entered');
        await placeOnArrival(h, hearing, self.id);
      } else if (!wasConnected) {
        await h.audit.append(hearing.id, h.actor(self), 'participant.connected', { participantId: self.id });
      }
      await h.announce(hearing.id, self.id);
      return await h.snapshot(hearing.id, self.id);
    });
  }

  /** The participant's socket went away (network loss, closed tab). They stay admitted. */
  disconnected(ref: ParticipantRef): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      if (!h.presence.disconnect(ref.participantId)) return;
      h.media.closePeer(ref.hearingId, ref.participantId);
      const self = await h.store.participants.get(ref.participantId);
      if (!self) return;
      if (!h.holdLobbyDeparture(self, 'participant.disconnected')) {
        await h.audit.append(ref.hearingId, h.actor(self), 'participant.disconnected', { participantId: self.id });
      }
      await h.announce(ref.hearingId, self.id);
    });
  }

  /** A party whose presence the hearing needs (core/protocol/presence.ts) says why; the bench is told. */
  leave(ref: ParticipantRef, reason?: string): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.load(ref);
      const why = reason?.trim() || undefined;
      const required = self.status === 'admitted' && leaveNeedsReason(self.role, hearing.state);
      // Refused before anything closes: they stay in the hearing and can try again.
      if (required && !why) throw new ValidationError('Your presence is required: say why you leave');
      if (h.holdLobbyDeparture(self, 'participant.left')) {
        await h.patch(self.id, { status: 'left' });
      } else if (self.status === 'admitted' || self.status === 'lobby') {
        await h.update(hearing.id, self, { status: 'left' }, 'participant.left', self, why ? { reason: why } : {});
      }
      // Written before the media closes: the recorder reads the status to tell a leave from a drop.
      h.media.closePeer(hearing.id, self.id);
      h.presence.disconnect(self.id);
      await h.announce(hearing.id, self.id, self.status === 'admitted');
      await h.departed(hearing.id, self.id, 'left');
      if (required && why) {
        const { id, displayName, role } = self;
        h.notify(hearing.id, 'bench', { type: 'participant.left', participantId: id, displayName, role, reason: why, at: h.now() });
      }
    });
  }

  admit(ref: ParticipantRef, targetId: string): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.loadPresent(ref, 'admit');
      h.ensureNotEnded(hearing);
      const target = await h.target(hearing.id, targetId);
      if (target.status !== 'lobby') throw new InvalidStateError(`${target.displayName} is not waiting in the lobby`);
      await h.writeDeparture(h.stays.take(target.id));
      await h.update(hearing.id, target, { status: 'admitted' }, 'lobby.admitted', self);
      await placeOnArrival(h, hearing, target.id);
      h.notify(hearing.id, { participantId: target.id }, { type: 'lobby.admitted' });
      await h.announce(hearing.id, target.id);
    });
  }

  deny(ref: ParticipantRef, targetId: string, reason?: string): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.loadPresent(ref, 'deny');
      const target = await h.target(hearing.id, targetId);
      if (target.status !== 'lobby') throw new InvalidStateError(`${target.displayName} is not waiting in the lobby`);
      const why = h.reasonFor('a denial', reason);
      await h.writeDeparture(h.stays.take(target.id));
      await h.update(hearing.id, target, { status: 'denied', invitationId: null }, 'lobby.denied', self, { reason: why });
      h.notify(hearing.id, { participantId: target.id }, { type: 'lobby.denied', reason: why });
      h.presence.disconnect(target.id);
      h.evict(target.id, 'denied');
      await h.announce(hearing.id, target.id);
    });
  }

  /** A server-side device ingest reports its link (connecting / live / down); everyone sees it. */
  setDeviceStatus(hearingId: string, participantId: string, status: DeviceStatus): Promise<void> {
    const { h } = this;
    return h.run(hearingId, async () => {
      const p = await h.store.participants.get(participantId);
      if (!p || p.hearingId !== hearingId || !p.deviceId) throw new NotFoundError('Device participant', participantId);
      if (!h.presence.setDeviceStatus(participantId, status)) return;
      await h.announce(hearingId, participantId);
    });
  }

  /**
   * Takes a participant out without a judge's command (a revoked device). Like a removal: the
   * invitation is revoked, media closed, the socket evicted, and it is audited as the system's act.
   */
  expel(hearingId: string, participantId: string, reason: string): Promise<void> {
    const { h } = this;
    return h.run(hearingId, async () => {
      const target = await h.target(hearingId, participantId);
      if (target.status === 'removed') return;
      await h.writeDeparture(h.stays.take(target.id));
      await h.store.transaction(async () => {
        await h.patch(target.id, { status: 'removed', invitationId: null });
        await h.audit.append(hearingId, { kind: 'system' }, 'participant.removed', { participantId, reason });
      });
      h.media.closePeer(hearingId, participantId);
      h.notify(hearingId, { participantId }, { type: 'removed', reason });
      h.presence.forget(participantId);
      h.evict(participantId, 'removed');
      await h.announce(hearingId, participantId, target.status === 'admitted');
      await h.departed(hearingId, participantId, 'removed');
    });
  }
}
