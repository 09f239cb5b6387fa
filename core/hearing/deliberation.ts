// Nghị án: the panel withdraws to the deliberation room with the transition 'deliberate' and comes
// back with whatever transition ends it (pronounce, examine again, adjourn). The room is never
// recorded (only the courtroom is) and nobody else enters it but the clerk, when the presiding
// judge lets them in (rooms.ts ensureMayMove). BenchCommands.transition writes these moves in the
// transition's own transaction.
import type { HearingState } from '../protocol/model.js';
import { COURTROOM, DELIBERATION_ROOM, isConsultation } from '../protocol/rooms.js';
import { InvalidStateError } from './errors.js';
import type { HearingContext } from './HearingContext.js';
import { moveOf, type Move } from './RoomCommands.js';
import { PANEL_ROLES, roomOf } from './rooms.js';
import type { HearingRecord, ParticipantRecord } from './types.js';

/**
 * The moves a transition from `from` to `to` brings: into deliberation, every admitted panel member
 * withdraws; out of it, everyone in the deliberation room (whatever their status now) returns.
 * Throws before anything is written when the panel cannot withdraw: a consultation is still open.
 */
export async function transitionMoves(h: HearingContext, hearingId: string, from: HearingState, to: HearingState): Promise<Move[]> {
  const people = await h.store.participants.listByHearing(hearingId);
  if (to === 'deliberation' && from !== 'deliberation') {
    if (people.some((p) => p.status === 'admitted' && isConsultation(roomOf(p)))) {
      throw new InvalidStateError('End the private consultations before the panel withdraws to deliberate');
    }
    return people.filter((p) => p.status === 'admitted' && withdraws(p)).map((p) => moveOf(p, DELIBERATION_ROOM));
  }
  if (from === 'deliberation' && to !== 'deliberation') {
    return people.filter((p) => roomOf(p) === DELIBERATION_ROOM).map((p) => moveOf(p, COURTROOM));
  }
  return [];
}

/** A panel member not yet in the deliberation room. */
function withdraws(p: ParticipantRecord): boolean {
  return PANEL_ROLES.includes(p.role) && roomOf(p) !== DELIBERATION_ROOM;
}

/**
 * A panel member who comes in (joins, is admitted) while the panel deliberates goes straight to the
 * deliberation room, audited as the system's act. Called on the hearing's queue right after their
 * admission is written, before anyone is told of them.
 */
export async function placeOnArrival(h: HearingContext, hearing: HearingRecord, participantId: string): Promise<void> {
  const p = await h.store.participants.get(participantId);
  if (!p || p.status !== 'admitted' || hearing.state !== 'deliberation' || !withdraws(p)) return;
  const { from, to } = moveOf(p, DELIBERATION_ROOM);
  await h.store.transaction(async () => {
    await h.patch(p.id, { room: to });
    await h.audit.append(hearing.id, { kind: 'system' }, 'room.moved', { participantId: p.id, from, to });
  });
  h.media.setRooms(hearing.id, [{ participantId: p.id, room: to }]);
}
