// Private consultation (trao đổi riêng): the presiding judge gives counsel and their client(s) a
// room of their own, consultation-N, where they hear each other and nobody else does. It is never
// recorded nor tapped (only the courtroom is: recordings/HearingRecorder.ts, media/MediaRooms.ts
// openTap); the record keeps only that it happened, when, and who was in it. Its members are fixed
// when it opens: room.move never takes anyone in or out (rooms.ts); ending it brings them all back.
// During a recess, counsel may ask for one; the request is live only (like Hands.ts), audited, and
// goes when granted, when its people leave, when the recess ends, or with the hearing.
import type { HearingState, Role } from '../protocol/model.js';
import {
  CONSULTATION_MAX,
  CONSULTATION_MIN,
  COURTROOM,
  isConsultation,
  MAX_CONSULTATIONS,
  type ConsultationRequestView,
  type ConsultationRoomId,
  type RoomId,
} from '../protocol/rooms.js';
import { InvalidStateError, NotFoundError, PermissionDeniedError, ValidationError } from './errors.js';
import type { HearingContext } from './HearingContext.js';
import { can } from './permissions.js';
import { moveOf, type RoomCommands } from './RoomCommands.js';
import { roomOf } from './rooms.js';
import type { Actor, ParticipantRecord, ParticipantRef } from './types.js';

/** Who speaks for a party: defence counsel, a representative. */
const COUNSEL_ROLES: readonly Role[] = ['counsel', 'representative'];
/** The parties a counsel consults: the accused, and the parties of civil and administrative cases. */
const PARTY_ROLES: readonly Role[] = ['defendant', 'victim', 'plaintiff', 'respondent', 'related_party'];
/** Who may be in a consultation: counsel, parties, and an interpreter for them; never the bench, the procurator, witnesses or devices. */
const MEMBER_ROLES: readonly Role[] = [...COUNSEL_ROLES, ...PARTY_ROLES, 'interpreter'];
/** The states in which the judge may open one: not before the hearing opens, not while the panel deliberates. */
const OPEN_STATES: readonly HearingState[] = ['open', 'in_session', 'recess'];

export class Consultations {
  /** Pending requests per hearing, in the order they were made (one per counsel). */
  readonly #requests = new Map<string, ConsultationRequestView[]>();

  constructor(
    private readonly h: HearingContext,
    private readonly rooms: RoomCommands,
  ) {
    h.follow({
      departed: (hearingId, participantId) => this.#departed(hearingId, participantId),
      ended: (hearingId) => this.#requests.delete(hearingId),
      stateChanged: (hearingId, state, previous) => {
        if (previous === 'recess' && state !== 'recess') this.#drop(hearingId, () => true);
      },
    });
  }

  /** The presiding judge opens the lowest free consultation-N for `participantIds`; returns it. */
  open(ref: ParticipantRef, participantIds: string[]): Promise<RoomId> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.loadPresent(ref, 'moveAnyone');
      if (!OPEN_STATES.includes(hearing.state))
        throw new InvalidStateError(`No consultation can open while the hearing is ${hearing.state}`);
      const members = await this.#members(hearing.id, participantIds);
      const room = await this.#freeRoom(hearing.id);
      const moves = members.map((p) => moveOf(p, room));
      const at = h.now();
      await h.store.transaction(async () => {
        await this.rooms.write(hearing.id, moves, null, at);
        await h.audit.append(hearing.id, h.actor(self), 'consultation.opened', { room, participantIds: members.map((p) => p.id) }, at);
      });
      await this.rooms.follow(hearing.id, moves);
      // Granted: a request by any of them is answered.
      this.#drop(hearing.id, (r) => members.some((p) => p.id === r.byId));
      return room;
    });
  }

  /** Counsel, during a recess, asks for a private room with their client(s); a second request replaces the first. */
  request(ref: ParticipantRef, withIds: string[]): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.loadPresent(ref, 'consume');
      if (!COUNSEL_ROLES.includes(self.role)) throw new PermissionDeniedError('Only counsel or a representative asks for a consultation');
      if (hearing.state !== 'recess') throw new InvalidStateError('A consultation is asked for during a recess');
      if (withIds.includes(self.id)) throw new ValidationError('Name the people to consult, not yourself');
      await this.#members(hearing.id, [self.id, ...withIds]);
      const at = h.now();
      await h.audit.append(hearing.id, h.actor(self), 'consultation.requested', { participantId: self.id, withIds: [...withIds] }, at);
      const queue = (this.#requests.get(hearing.id) ?? []).filter((r) => r.byId !== self.id);
      queue.push({ byId: self.id, withIds: [...withIds], at });
      this.#requests.set(hearing.id, queue);
      this.#tell(hearing.id, [self.id]);
    });
  }

  /** The presiding judge declines a counsel's pending request: it goes, audited, and the counsel is told. */
  decline(ref: ParticipantRef, requesterId: string): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.loadPresent(ref, 'moveAnyone');
      const pending = (this.#requests.get(hearing.id) ?? []).some((r) => r.byId === requesterId);
      if (!pending) throw new NotFoundError('Consultation request', requesterId);
      await h.audit.append(hearing.id, h.actor(self), 'consultation.declined', { participantId: requesterId });
      this.#drop(hearing.id, (r) => r.byId === requesterId);
    });
  }

  /** The presiding judge, or anyone in it, ends a consultation: everyone in it returns to the courtroom. */
  end(ref: ParticipantRef, room: RoomId): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.loadPresent(ref, 'consume');
      h.ensureNotEnded(hearing);
      if (!isConsultation(room)) throw new ValidationError(`${room} is not a consultation room`);
      if (!can(self.role, 'moveAnyone') && roomOf(self) !== room) {
        throw new PermissionDeniedError('Only the presiding judge or someone in the consultation ends it');
      }
      const members = await this.#inRoom(hearing.id, room);
      if (!members.some((p) => p.status === 'admitted')) throw new NotFoundError('Consultation', room);
      await this.#end(hearing.id, room, members, h.actor(self));
    });
  }

  /** The pending requests `viewer` may see: all of them for the bench, their own for a counsel. */
  visibleTo(hearingId: string, viewer: ParticipantRecord): ConsultationRequestView[] {
    const queue = this.#requests.get(hearingId) ?? [];
    return can(viewer.role, 'viewLobby') ? [...queue] : queue.filter((r) => r.byId === viewer.id);
  }

  async #end(hearingId: string, room: ConsultationRoomId, members: ParticipantRecord[], by: Actor): Promise<void> {
    const { h } = this;
    const moves = members.map((p) => moveOf(p, COURTROOM));
    const at = h.now();
    await h.store.transaction(async () => {
      await this.rooms.write(hearingId, moves, null, at);
      await h.audit.append(hearingId, by, 'consultation.ended', { room, participantIds: members.map((p) => p.id) }, at);
    });
    await this.rooms.follow(hearingId, moves);
  }

  /**
   * Who may consult together: 2–4 distinct people, admitted, in the courtroom, of the member roles,
   * with at least one counsel (or representative) and at least one party.
   */
  async #members(hearingId: string, ids: string[]): Promise<ParticipantRecord[]> {
    const { h } = this;
    if (new Set(ids).size !== ids.length) throw new ValidationError('A participant is named twice');
    if (ids.length < CONSULTATION_MIN || ids.length > CONSULTATION_MAX) {
      throw new ValidationError(`A consultation is for ${CONSULTATION_MIN} to ${CONSULTATION_MAX} people`);
    }
    const members: ParticipantRecord[] = [];
    for (const id of ids) members.push(await h.target(hearingId, id));
    for (const p of members) {
      if (!MEMBER_ROLES.includes(p.role) || p.deviceId !== null) {
        throw new ValidationError(`${p.displayName} (${p.role}) cannot take part in a private consultation`);
      }
      if (p.status !== 'admitted') throw new InvalidStateError(`${p.displayName} is not in the hearing`);
      if (roomOf(p) !== COURTROOM) throw new InvalidStateError(`${p.displayName} is not in the courtroom`);
    }
    if (!members.some((p) => COUNSEL_ROLES.includes(p.role)) || !members.some((p) => PARTY_ROLES.includes(p.role))) {
      throw new ValidationError('A consultation is between counsel (or a representative) and a party');
    }
    return members;
  }

  async #freeRoom(hearingId: string): Promise<ConsultationRoomId> {
    const people = await this.h.store.participants.listByHearing(hearingId);
    const taken = new Set(people.filter((p) => p.status === 'admitted').map((p) => roomOf(p)));
    for (let n = 1; n <= MAX_CONSULTATIONS; n++) {
      const room: ConsultationRoomId = `consultation-${n}`;
      if (!taken.has(room)) return room;
    }
    throw new InvalidStateError(`At most ${MAX_CONSULTATIONS} consultations at once`);
  }

  async #inRoom(hearingId: string, room: RoomId): Promise<ParticipantRecord[]> {
    return (await this.h.store.participants.listByHearing(hearingId)).filter((p) => roomOf(p) === room);
  }

  /**
   * Someone left or was removed: their requests (made or named in) go; out of a consultation, they
   * are back in the courtroom for a later return, and one left alone there ends it (the system's act).
   */
  async #departed(hearingId: string, participantId: string): Promise<void> {
    this.#drop(hearingId, (r) => r.byId === participantId || r.withIds.includes(participantId));
    const p = await this.h.store.participants.get(participantId);
    const room = p && roomOf(p);
    if (!p || !room || !isConsultation(room)) return;
    const members = await this.#inRoom(hearingId, room);
    if (members.filter((m) => m.status === 'admitted').length < CONSULTATION_MIN) {
      await this.#end(hearingId, room, members, { kind: 'system' });
      return;
    }
    const moves = [moveOf(p, COURTROOM)];
    await this.h.store.transaction(() => this.rooms.write(hearingId, moves, null));
    await this.rooms.follow(hearingId, moves);
  }

  /** Drops the requests matching `which`; the bench and each requester concerned are told. */
  #drop(hearingId: string, which: (r: ConsultationRequestView) => boolean): void {
    const queue = this.#requests.get(hearingId) ?? [];
    const gone = queue.filter(which);
    if (gone.length === 0) return;
    this.#requests.set(
      hearingId,
      queue.filter((r) => !which(r)),
    );
    this.#tell(
      hearingId,
      gone.map((r) => r.byId),
    );
  }

  /** The bench gets every pending request; each requester named, their own (none once it went). */
  #tell(hearingId: string, requesterIds: string[]): void {
    const queue = this.#requests.get(hearingId) ?? [];
    this.h.notify(hearingId, 'bench', { type: 'consultation.requests', requests: [...queue] });
    for (const id of requesterIds) {
      this.h.notify(hearingId, { participantId: id }, { type: 'consultation.requests', requests: queue.filter((r) => r.byId === id) });
    }
  }
}
