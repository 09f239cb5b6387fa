// Who is in which room of the hearing, and what this participant may do about it. The rules mirror
// core/hearing/rooms.ts and the consultation commands so that buttons appear only where the server
// would allow them; the server still decides every move.
import {
  CONSULTATION_MAX,
  CONSULTATION_MIN,
  COURTROOM,
  DELIBERATION_ROOM,
  WITNESS_ROOM,
  consultationNumber,
  isConsultation,
  roomCarriesMedia,
  type ConsultationRoomId,
  type RoomId,
} from '../../../core/protocol/rooms.js';
import type { HearingState, HearingView, ParticipantView, Role } from './protocol.js';
import type { SessionState } from './sessionState.js';

export { COURTROOM, DELIBERATION_ROOM, WITNESS_ROOM, isConsultation, roomCarriesMedia, type RoomId };

/** Those who wait in the witness room until called in. */
const CALLED_IN: readonly Role[] = ['witness', 'expert'];
/** The trial panel: into deliberation on 'deliberate', back on 'pronounce'. */
export const PANEL_ROLES: readonly Role[] = ['judge', 'panel_judge', 'assessor'];
/** Who may take a party into a consultation (and ask for one). */
export const COUNSEL_ROLES: readonly Role[] = ['counsel', 'representative'];
/** Whom counsel consult: the parties. */
export const PARTY_ROLES: readonly Role[] = ['defendant', 'victim', 'plaintiff', 'respondent', 'related_party'];
/** An interpreter may join counsel and a party who need one. */
const INTERPRETER: Role = 'interpreter';
/** A consultation may be opened while the hearing runs or is suspended (not during deliberation). */
const CONSULTATION_STATES: readonly HearingState[] = ['open', 'in_session', 'recess'];

/** Where a participant is: as the server says, else where their role starts (older snapshots). */
export function roomOf(p: Pick<ParticipantView, 'role' | 'room'>): RoomId {
  return p.room ?? (CALLED_IN.includes(p.role) ? WITNESS_ROOM : COURTROOM);
}

export interface RoomGroup {
  room: RoomId;
  members: ParticipantView[];
}

/** Order of the rooms on the bench: the courtroom, the witness room, consultations by number, deliberation. */
function rank(room: RoomId): number {
  if (room === COURTROOM) return 0;
  if (room === WITNESS_ROOM) return 1;
  if (room === DELIBERATION_ROOM) return 1000;
  return 1 + (consultationNumber(room) ?? 0);
}

/** The admitted participants by room; the courtroom always, other rooms only while someone is there. */
export function groupByRoom(participants: readonly ParticipantView[]): RoomGroup[] {
  const groups = new Map<RoomId, ParticipantView[]>([[COURTROOM, []]]);
  for (const p of participants) {
    if (p.status !== 'admitted') continue;
    const room = roomOf(p);
    const members = groups.get(room);
    if (members) members.push(p);
    else groups.set(room, [p]);
  }
  return [...groups].map(([room, members]) => ({ room, members })).sort((a, b) => rank(a.room) - rank(b.room));
}

/** The consultation rooms open now (someone is in them), with their members. */
export function openConsultations(participants: readonly ParticipantView[]): { room: ConsultationRoomId; members: ParticipantView[] }[] {
  return groupByRoom(participants).flatMap((g) => (isConsultation(g.room) ? [{ room: g.room, members: g.members }] : []));
}

/** A room's name as a message key (locales rooms.*.ts) and, for a consultation, its number. */
export type RoomLabel =
  { key: 'room.courtroom' | 'room.witness' | 'room.deliberation'; vars?: undefined } | { key: 'room.consultation'; vars: { n: number } };

export function roomLabel(room: RoomId): RoomLabel {
  if (room === COURTROOM) return { key: 'room.courtroom' };
  if (room === WITNESS_ROOM) return { key: 'room.witness' };
  if (room === DELIBERATION_ROOM) return { key: 'room.deliberation' };
  return { key: 'room.consultation', vars: { n: consultationNumber(room) ?? 0 } };
}

/** Whom this participant sees and hears: those of their own room; in the witness room nobody. */
export function sameRoom(self: ParticipantView, participants: readonly ParticipantView[]): ParticipantView[] {
  const mine = roomOf(self);
  if (!roomCarriesMedia(mine)) return participants.filter((p) => p.id === self.id);
  return participants.filter((p) => roomOf(p) === mine);
}

export interface RoomMoves {
  /** Call a witness or expert in from the witness room (the presiding judge, the clerk). */
  callIn: boolean;
  /** Send them back to the witness room. */
  sendBack: boolean;
  /** The presiding judge admits the clerk to the deliberation room, during deliberation. */
  admitToDeliberation: boolean;
  /** …and sends them back to the courtroom. */
  leaveDeliberation: boolean;
}

const NO_MOVES: RoomMoves = { callIn: false, sendBack: false, admitToDeliberation: false, leaveDeliberation: false };

/** What `self` may do to `target` about rooms, in this hearing state (core/hearing/rooms.ts ensureMayMove). */
export function roomMoves(self: ParticipantView, target: ParticipantView, hearing: HearingView): RoomMoves {
  if (self.id === target.id || target.status !== 'admitted' || hearing.state === 'adjourned') return NO_MOVES;
  const moves = self.role === 'judge' || self.role === 'clerk';
  if (!moves) return NO_MOVES;
  const room = roomOf(target);
  const witness = CALLED_IN.includes(target.role);
  const clerkInDeliberation = self.role === 'judge' && target.role === 'clerk';
  return {
    callIn: witness && room === WITNESS_ROOM,
    sendBack: witness && room === COURTROOM,
    admitToDeliberation: clerkInDeliberation && hearing.state === 'deliberation' && room === COURTROOM,
    leaveDeliberation: clerkInDeliberation && hearing.state === 'deliberation' && room === DELIBERATION_ROOM,
  };
}

/** The presiding judge may open a consultation now. */
export function mayOpenConsultation(self: ParticipantView, hearing: HearingView): boolean {
  return self.role === 'judge' && CONSULTATION_STATES.includes(hearing.state);
}

export interface ConsultationCandidates {
  counsel: ParticipantView[];
  parties: ParticipantView[];
  interpreters: ParticipantView[];
}

/** Those a consultation can be opened for: counsel (or representatives), parties and interpreters in the courtroom. */
export function consultationCandidates(participants: readonly ParticipantView[]): ConsultationCandidates {
  const here = participants.filter((p) => p.status === 'admitted' && roomOf(p) === COURTROOM && !p.device);
  return {
    counsel: here.filter((p) => COUNSEL_ROLES.includes(p.role)),
    parties: here.filter((p) => PARTY_ROLES.includes(p.role)),
    interpreters: here.filter((p) => p.role === INTERPRETER),
  };
}

/** A consultation the judge may open: 2–4 people in the courtroom, at least one counsel and one party, perhaps an interpreter. */
export function isValidConsultation(ids: readonly string[], participants: readonly ParticipantView[]): boolean {
  const unique = new Set(ids);
  if (unique.size !== ids.length || ids.length < CONSULTATION_MIN || ids.length > CONSULTATION_MAX) return false;
  const { counsel, parties, interpreters } = consultationCandidates(participants);
  const isCounsel = (id: string) => counsel.some((p) => p.id === id);
  const isParty = (id: string) => parties.some((p) => p.id === id);
  const isInterpreter = (id: string) => interpreters.some((p) => p.id === id);
  return ids.every((id) => isCounsel(id) || isParty(id) || isInterpreter(id)) && ids.some(isCounsel) && ids.some(isParty);
}

/** Counsel (or a representative) in the courtroom may ask for a consultation during a recess. */
export function mayRequestConsultation(self: ParticipantView, hearing: HearingView): boolean {
  return COUNSEL_ROLES.includes(self.role) && hearing.state === 'recess' && roomOf(self) === COURTROOM;
}

/** The judge, or anyone in it, may end a consultation. */
export function mayEndConsultation(self: ParticipantView, room: RoomId): boolean {
  return isConsultation(room) && (self.role === 'judge' || roomOf(self) === room);
}

/** Our own request still waiting for the judge, if any. */
export function ownRequest(state: Pick<SessionState, 'self' | 'consultationRequests'>) {
  const selfId = state.self?.id;
  return state.consultationRequests.find((r) => r.byId === selfId) ?? null;
}

/** A request the judge can grant as asked: the counsel and every party named are still in the courtroom. */
export function isGrantable(request: { byId: string; withIds: string[] }, participants: readonly ParticipantView[]): boolean {
  return isValidConsultation([request.byId, ...request.withIds], participants);
}
