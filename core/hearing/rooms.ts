// The rooms of a hearing (core/protocol/model.ts ROOM_IDS): where each participant is, where they
// start, and who may move whom. Media follows the room (media/HearingRoom.ts); only the courtroom
// is recorded (recordings/HearingRecorder.ts).
import type { Role, RoomId } from '../protocol/model.js';
import { PermissionDeniedError, ValidationError } from './errors.js';
import { can } from './permissions.js';
import type { ParticipantRecord } from './types.js';

export const COURTROOM: RoomId = 'courtroom';

/** Witnesses and experts wait outside until the judge calls them in; everyone else starts in the courtroom. */
export function startRoom(role: Role): RoomId {
  return role === 'witness' || role === 'expert' ? 'witness' : COURTROOM;
}

/** Where a participant is: where they were last moved, else where their role starts. */
export function roomOf(p: Pick<ParticipantRecord, 'role' | 'room'>): RoomId {
  return p.room ?? startRoom(p.role);
}

/** The roles the clerk may call in from the witness room and send back. */
const CALLED_IN: readonly Role[] = ['witness', 'expert'];

/**
 * Whether `actor` may move `target` to `to`: the presiding judge anyone (but themselves) anywhere;
 * the clerk a witness or expert between the witness room and the courtroom. Nobody moves themselves.
 */
export function ensureMayMove(actor: ParticipantRecord, target: ParticipantRecord, to: RoomId): void {
  if (actor.id === target.id) throw new PermissionDeniedError('Nobody moves themselves between rooms');
  if (can(actor.role, 'moveAnyone')) return;
  if (!can(actor.role, 'moveWitnesses')) throw new PermissionDeniedError(`Role ${actor.role} may not move participants`);
  const between = (r: RoomId) => r === 'witness' || r === COURTROOM;
  if (!CALLED_IN.includes(target.role) || !between(to) || !between(roomOf(target))) {
    throw new PermissionDeniedError('The clerk moves only witnesses and experts, between the witness room and the courtroom');
  }
}

/** A room id from the wire (the schema already narrows it; this guards the domain's own callers). */
export function ensureRoom(room: string): RoomId {
  if (room === 'courtroom' || room === 'witness' || room === 'consultation' || room === 'deliberation') return room;
  throw new ValidationError(`Unknown room: ${room}`);
}
