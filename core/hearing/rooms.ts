// The rooms of a hearing (core/protocol/rooms.ts): where each participant is, where they start, and
// who may move whom. Media follows the room (media/HearingRoom.ts); only the courtroom is recorded
// (recordings/HearingRecorder.ts). Consultations (Consultations.ts) and the deliberation room
// (deliberation.ts) are entered by their own commands, never by room.move.
import type { HearingState, Role, RoomId } from '../protocol/model.js';
import { COURTROOM, DELIBERATION_ROOM, isConsultation, isRoomId, WITNESS_ROOM } from '../protocol/rooms.js';
import { PermissionDeniedError, ValidationError } from './errors.js';
import { BENCH_ROLES, can } from './permissions.js';
import type { ParticipantRecord } from './types.js';

export { COURTROOM } from '../protocol/rooms.js';

/** Witnesses and experts wait outside until the judge calls them in; everyone else starts in the courtroom. */
export function startRoom(role: Role): RoomId {
  return role === 'witness' || role === 'expert' ? WITNESS_ROOM : COURTROOM;
}

/** Where a participant is: where they were last moved, else where their role starts. */
export function roomOf(p: Pick<ParticipantRecord, 'role' | 'room'>): RoomId {
  return p.room ?? startRoom(p.role);
}

/** The trial panel: withdraws to the deliberation room together (deliberation.ts). */
export const PANEL_ROLES: readonly Role[] = ['judge', 'panel_judge', 'assessor'];

/** The roles the clerk may call in from the witness room and send back. */
const CALLED_IN: readonly Role[] = ['witness', 'expert'];

/** Who stays in the courtroom whatever happens: the bench runs it, its hardware is part of it. */
function fixedInCourtroom(p: ParticipantRecord): boolean {
  return BENCH_ROLES.includes(p.role) || p.role === 'device' || p.deviceId !== null;
}

/**
 * Whether `actor` may move `target` to `to` (room.move) while the hearing is `state`:
 * - nobody moves themselves, and nobody enters or leaves a consultation this way (its members are
 *   fixed when it opens, Consultations.ts);
 * - the presiding judge moves anyone but the bench and the devices between the courtroom and the
 *   witness room, and lets the clerk into the deliberation room (and out) while the panel deliberates;
 * - the clerk calls witnesses and experts in from the witness room and sends them back.
 */
export function ensureMayMove(actor: ParticipantRecord, target: ParticipantRecord, to: RoomId, state: HearingState): void {
  const from = roomOf(target);
  if (actor.id === target.id) throw new PermissionDeniedError('Nobody moves themselves between rooms');
  if (!can(actor.role, 'moveAnyone') && !can(actor.role, 'moveWitnesses')) {
    throw new PermissionDeniedError(`Role ${actor.role} may not move participants`);
  }
  if (isConsultation(to) || isConsultation(from)) {
    throw new PermissionDeniedError('A consultation is opened and ended as a whole, nobody is moved into or out of it');
  }
  const between = (a: RoomId, b: RoomId) => (from === a && to === b) || (from === b && to === a);
  if (to === DELIBERATION_ROOM || from === DELIBERATION_ROOM) {
    if (!can(actor.role, 'moveAnyone') || target.role !== 'clerk' || !between(COURTROOM, DELIBERATION_ROOM)) {
      throw new PermissionDeniedError('Only the presiding judge admits the clerk to the deliberation, and nobody else enters');
    }
    if (state !== 'deliberation') throw new PermissionDeniedError('The panel is not deliberating');
    return;
  }
  if (fixedInCourtroom(target)) throw new PermissionDeniedError('The bench and the courtroom devices stay in the courtroom');
  if (!between(COURTROOM, WITNESS_ROOM)) throw new PermissionDeniedError('Moves are between the courtroom and the witness room');
  if (can(actor.role, 'moveAnyone')) return;
  if (!CALLED_IN.includes(target.role)) {
    throw new PermissionDeniedError('The clerk moves only witnesses and experts, between the witness room and the courtroom');
  }
}

/** A room id from the wire (the schema already narrows it; this guards the domain's own callers). */
export function ensureRoom(room: string): RoomId {
  if (isRoomId(room)) return room;
  throw new ValidationError(`Unknown room: ${room}`);
}
