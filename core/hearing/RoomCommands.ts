// Moving participants between the hearing's rooms (rooms.ts): the judge calls a witness in from
// the witness room and sends them back. Guards first, one transaction with its audit event, then
// the media follows (consumers that now cross rooms close) and each side is told what it can now
// consume, so a client consumes the new room's media with the notifications it already knows.
// Consultations.ts and deliberation.ts move several people at once through the same two steps.
import type { RoomId } from '../protocol/model.js';
import { roomCarriesMedia } from '../protocol/rooms.js';
import type { Notification } from '../protocol/signaling.js';
import { InvalidStateError } from './errors.js';
import type { HearingContext } from './HearingContext.js';
import { can } from './permissions.js';
import { producerView } from './views.js';
import { ensureMayMove, ensureRoom, roomOf } from './rooms.js';
import type { Actor, ParticipantRecord, ParticipantRef } from './types.js';

/** A notification for one participant. */
type Told = [participantId: string, notification: Notification];

/** One participant's move, decided (guards passed) but not yet written. */
export interface Move {
  participant: ParticipantRecord;
  from: RoomId;
  to: RoomId;
}

export function moveOf(participant: ParticipantRecord, to: RoomId): Move {
  return { participant, from: roomOf(participant), to };
}

export class RoomCommands {
  constructor(private readonly h: HearingContext) {}

  /** Moves an admitted participant to `room`; their link stays valid wherever they are. */
  move(ref: ParticipantRef, targetId: string, room: RoomId): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const to = ensureRoom(room);
      const { self } = await h.load(ref);
      const { hearing } = await h.loadPresent(ref, can(self.role, 'moveAnyone') ? 'moveAnyone' : 'moveWitnesses');
      h.ensureNotEnded(hearing);
      const target = await h.target(hearing.id, targetId);
      const move = moveOf(target, to);
      if (move.from === to && target.id !== self.id) throw new InvalidStateError(`${target.displayName} is already there`);
      ensureMayMove(self, target, to, hearing.state);
      if (target.status !== 'admitted') throw new InvalidStateError(`${target.displayName} is not in the hearing`);
      await h.store.transaction(() => this.write(hearing.id, [move], h.actor(self)));
      await this.follow(hearing.id, [move]);
    });
  }

  /**
   * Writes each participant's new room; with `by`, one 'room.moved' each (a consultation's open and
   * end audit the group instead). Call inside the command's transaction.
   */
  async write(hearingId: string, moves: readonly Move[], by: Actor | null, at = this.h.now()): Promise<void> {
    for (const { participant, from, to } of moves) {
      await this.h.store.participants.update({ ...(await this.h.store.participants.get(participant.id))!, room: to });
      if (by) await this.h.audit.append(hearingId, by, 'room.moved', { participantId: participant.id, from, to }, at);
    }
  }

  /**
   * After the transaction: each side is told of the media it loses, then the SFU places the movers
   * (all at once: people moving together keep each other), then each side is told of the media it
   * gains, then everyone of the new places. Closes go first so that a client forgets a producer
   * before its consumer closes under it, and never asks for it again across rooms.
   */
  async follow(hearingId: string, moves: readonly Move[]): Promise<void> {
    const { h } = this;
    if (moves.length === 0) return;
    const { closes, additions } = await this.#mediaChanges(hearingId, moves);
    for (const [participantId, n] of closes) h.notify(hearingId, { participantId }, n);
    h.media.setRooms(
      hearingId,
      moves.map((m) => ({ participantId: m.participant.id, room: m.to })),
    );
    for (const [participantId, n] of additions) h.notify(hearingId, { participantId }, n);
    for (const m of moves) await h.announce(hearingId, m.participant.id);
  }

  /**
   * Producers across the moves, as closes and additions: for each admitted participant and each
   * producer where the mover is one of the two, what they could consume before and can now.
   */
  async #mediaChanges(hearingId: string, moves: readonly Move[]): Promise<{ closes: Told[]; additions: Told[] }> {
    const { h } = this;
    const before = new Map(moves.map((m) => [m.participant.id, m.from]));
    const movers = new Set(before.keys());
    const people = (await h.store.participants.listByHearing(hearingId)).filter((p) => p.status === 'admitted');
    const now = new Map(people.map((p) => [p.id, roomOf(p)]));
    const was = (id: string) => before.get(id) ?? now.get(id);
    const sees = (rooms: (id: string) => RoomId | undefined, viewer: string, owner: string) => {
      const a = rooms(viewer);
      return a !== undefined && a === rooms(owner) && roomCarriesMedia(a);
    };
    const producers = h.media.listProducers(hearingId);
    const closes: Told[] = [];
    const additions: Told[] = [];
    for (const viewer of people) {
      for (const p of producers) {
        if (p.participantId === viewer.id || (!movers.has(viewer.id) && !movers.has(p.participantId))) continue;
        const then = sees(was, viewer.id, p.participantId);
        const later = sees((id) => now.get(id), viewer.id, p.participantId);
        if (then === later) continue;
        if (later) additions.push([viewer.id, { type: 'media.producerAdded', producer: producerView(p) }]);
        else closes.push([viewer.id, { type: 'media.producerClosed', producerId: p.id }]);
      }
    }
    return { closes, additions };
  }
}
