// Moving participants between the hearing's rooms (rooms.ts): the judge calls a witness in from
// the witness room and sends them back. Guards first, one transaction with its audit event, then
// the media follows (consumers that now cross rooms close) and each side is told what it can now
// consume, so a client consumes the new room's media with the notifications it already knows.
import type { RoomId } from '../protocol/model.js';
import { InvalidStateError } from './errors.js';
import type { HearingContext } from './HearingContext.js';
import { can } from './permissions.js';
import { producerView } from './views.js';
import { ensureMayMove, ensureRoom, roomOf } from './rooms.js';
import type { ParticipantRef } from './types.js';

export class RoomCommands {
  constructor(private readonly h: HearingContext) {}

  /** Moves an admitted participant to `room`; their link stays valid wherever they are. */
  move(ref: ParticipantRef, targetId: string, room: RoomId): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, () => {
      const to = ensureRoom(room);
      const { self } = h.load(ref);
      const { hearing } = h.loadPresent(ref, can(self.role, 'moveAnyone') ? 'moveAnyone' : 'moveWitnesses');
      h.ensureNotEnded(hearing);
      const target = h.target(hearing.id, targetId);
      ensureMayMove(self, target, to);
      if (target.status !== 'admitted') throw new InvalidStateError(`${target.displayName} is not in the hearing`);
      const from = roomOf(target);
      if (from === to) throw new InvalidStateError(`${target.displayName} is already there`);
      const at = h.now();
      h.store.transaction(() => {
        h.store.participants.update({ ...target, room: to });
        h.audit.append(hearing.id, h.actor(self), 'room.moved', { participantId: target.id, from, to }, at);
      });
      h.media.setRoom(hearing.id, target.id, to);
      this.#tellMedia(hearing.id, target.id, from, to);
      h.announce(hearing.id, target.id);
    });
  }

  /**
   * Producers across the move, as closes and additions: the mover drops the old room's media and
   * is offered the new room's; the old room drops the mover's, the new room is offered it.
   */
  #tellMedia(hearingId: string, moverId: string, from: RoomId, to: RoomId): void {
    const { h } = this;
    const producers = h.media.listProducers(hearingId);
    const mine = producers.filter((p) => p.participantId === moverId);
    const others = producers.filter((p) => p.participantId !== moverId);
    const mover = { participantId: moverId };
    for (const p of others) {
      const room = h.roomOf(p.participantId);
      if (room === from) h.notify(hearingId, mover, { type: 'media.producerClosed', producerId: p.id });
      if (room === to) h.notify(hearingId, mover, { type: 'media.producerAdded', producer: producerView(p) });
    }
    for (const p of mine) {
      h.notifyRoom(hearingId, from, { type: 'media.producerClosed', producerId: p.id });
      for (const other of h.store.participants.listByHearing(hearingId)) {
        if (other.id === moverId || other.status !== 'admitted' || roomOf(other) !== to) continue;
        h.notify(hearingId, { participantId: other.id }, { type: 'media.producerAdded', producer: producerView(p) });
      }
    }
  }
}
