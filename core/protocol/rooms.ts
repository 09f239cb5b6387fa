// The rooms of a hearing, as the wire and the client see them (core/hearing/rooms.ts decides who
// may be where). Shared with the client: types, constants and pure functions only, no zod.
//
// - courtroom: the hearing itself, and the only room that is recorded.
// - witness: where witnesses and experts wait until the judge (or the clerk) calls them in. Nobody
//   there sees or hears anyone: each witness waits alone (witnesses must not confer).
// - consultation-N: a private room for counsel and their client(s), opened by the judge (or asked
//   for by counsel during a recess and granted by the judge); never recorded, nobody else enters.
// - deliberation: the panel (judges and people's assessors) during nghị án; the clerk only when
//   the presiding judge admits them.

export const COURTROOM = 'courtroom' as const;
export const WITNESS_ROOM = 'witness' as const;
export const DELIBERATION_ROOM = 'deliberation' as const;

/** At most this many consultation rooms open at once in one hearing (consultation-1 … consultation-20). */
export const MAX_CONSULTATIONS = 20;
/** A consultation room holds 2–4 people (counsel and up to three clients, or two counsel and a client…). */
export const CONSULTATION_MIN = 2;
export const CONSULTATION_MAX = 4;

export type ConsultationRoomId = `consultation-${number}`;
export type RoomId = typeof COURTROOM | typeof WITNESS_ROOM | typeof DELIBERATION_ROOM | ConsultationRoomId;

/** The wire form of a room id (checked by the signaling schema and by the store's CHECK). */
export const ROOM_ID_PATTERN = /^(courtroom|witness|deliberation|consultation-(?:[1-9]|1[0-9]|20))$/;

export function isRoomId(value: string): value is RoomId {
  return ROOM_ID_PATTERN.test(value);
}

export function isConsultation(room: RoomId): room is ConsultationRoomId {
  return room.startsWith('consultation-');
}

/** The number of a consultation room (consultation-3 → 3); null for any other room. */
export function consultationNumber(room: RoomId): number | null {
  return isConsultation(room) ? Number(room.slice('consultation-'.length)) : null;
}

/** Whether participants of this room receive each other's media (nobody does in the witness room). */
export function roomCarriesMedia(room: RoomId): boolean {
  return room !== WITNESS_ROOM;
}

/** A counsel's request for a private consultation (during a recess), waiting for the judge. */
export interface ConsultationRequestView {
  /** The counsel (or representative) who asked. */
  byId: string;
  /** The party (or parties) they asked to consult. */
  withIds: string[];
  at: string;
}
