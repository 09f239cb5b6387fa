// What every live-hearing command shares (HearingService's lobby and bench commands): the store,
// the per-hearing queue, the live state that is never persisted, and the guards and announcements
// each command is written with. Internal to core/hearing: the outside talks to HearingService.
import type { HearingSnapshot, HearingState, MediaKind, ParticipantView, RoomId } from '../protocol/model.js';
import type { Notification } from '../protocol/signaling.js';
import { KeyedQueue } from '../lib/KeyedQueue.js';
import type { ParticipantUpdateType } from './auditEvents.js';
import { AuditLog } from './AuditLog.js';
import { attendanceList } from './attendanceViews.js';
import { auditSafely, BenchReports } from './BenchReports.js';
import { DisplayLayouts } from './DisplayLayouts.js';
import { EquipmentChecks } from './EquipmentChecks.js';
import { InvalidStateError, NotFoundError, UnauthorizedError, ValidationError } from './errors.js';
import { LinkQuality } from './LinkQuality.js';
import { LobbyStays, type Departure } from './LobbyStays.js';
import { can, ensureAllowed, type Action } from './permissions.js';
import type { Clock, MediaRoomPort, Store } from './ports.js';
import { Presence } from './Presence.js';
import { COURTROOM, roomOf } from './rooms.js';
import { roomCarriesMedia } from '../protocol/rooms.js';
import type { Actor, HearingRecord, ParticipantRecord, ParticipantRef, ProducerInfo } from './types.js';
import { hearingView, participantView, producerView } from './views.js';

/** Who receives a notification: every connected admitted participant, the bench, or one person. */
export type Audience = 'admitted' | 'everyone' | 'bench' | { participantId: string };

/** How the commands reach the outside: HearingService turns these into its typed events. */
export interface HearingOutlets {
  notify(hearingId: string, audience: Audience, notification: Notification): void;
  /** Disconnect this participant's socket (removed, denied, hearing ended). */
  evict(participantId: string, reason: string): void;
  /** For outside watchers (recorder, metrics): the hearing changed state. */
  stateChanged(hearingId: string, state: HearingState, previous: HearingState): void;
}

/**
 * Live state kept beside a hearing (raised hands, chat) that follows its people: told when someone
 * leaves or is removed, and when the hearing ends. Called on the hearing's queue, after the change
 * is written and announced.
 */
export interface HearingFollower {
  departed?(hearingId: string, participantId: string, how: 'left' | 'removed'): Promise<void>;
  ended?(hearingId: string): void;
  /** The hearing moved to `state` (before the hearing's end, which is `ended`). */
  stateChanged?(hearingId: string, state: HearingState, previous: HearingState): void;
}

export interface Loaded {
  hearing: HearingRecord;
  self: ParticipantRecord;
}

export class HearingContext {
  readonly #queue = new KeyedQueue();
  readonly audit: AuditLog;
  /** The recorder's and the disk watch's reports to the bench (BenchReports). */
  readonly reports: BenchReports;
  readonly displays: DisplayLayouts;
  /** Who is connected, device links, the recorder's status: live only, never persisted. */
  readonly presence = new Presence();
  /** Departures from the lobby not audited yet (LobbyStays). */
  readonly stays: LobbyStays;
  /** Each participant's latest equipment check, shown to the bench beside the lobby entry. */
  readonly checks = new EquipmentChecks();
  /** Each admitted participant's connection quality, graded for the bench and the record (LinkQuality). */
  readonly quality: LinkQuality;
  readonly #followers: HearingFollower[] = [];

  constructor(
    readonly store: Store,
    readonly media: MediaRoomPort,
    readonly clock: Clock,
    private readonly outlets: HearingOutlets,
    lobbyGraceMs: number,
    onLobbyDepartureDue: (hearingId: string, participantId: string) => void,
  ) {
    this.stays = new LobbyStays(lobbyGraceMs, clock, onLobbyDepartureDue);
    this.audit = new AuditLog(store, clock);
    this.displays = new DisplayLayouts(store, this.audit);
    this.reports = new BenchReports(store, this.audit, this.presence, (hearingId, n) => this.notify(hearingId, 'bench', n));
    this.quality = new LinkQuality(store, this.audit, clock, (hearingId, n) => this.notify(hearingId, 'bench', n));
  }

  /** Serialize a command on its hearing. */
  run<T>(hearingId: string, task: () => Promise<T> | T): Promise<T> {
    return this.#queue.run(hearingId, task);
  }

  now(): string {
    return this.clock.now().toISOString();
  }

  // ---- guards ---------------------------------------------------------------------------------

  async load(ref: ParticipantRef): Promise<Loaded> {
    const hearing = await this.store.hearings.get(ref.hearingId);
    const self = await this.store.participants.get(ref.participantId);
    if (!hearing || !self || self.hearingId !== hearing.id) throw new UnauthorizedError('Unknown participant');
    return { hearing, self };
  }

  /** The actor must be connected and admitted, and their role must allow `action`. */
  async loadPresent(ref: ParticipantRef, action: Action): Promise<Loaded> {
    const loaded = await this.load(ref);
    ensureAllowed(loaded.self.role, action);
    if (loaded.self.status !== 'admitted' || !this.presence.isConnected(loaded.self.id)) {
      throw new InvalidStateError('You are not in the hearing');
    }
    return loaded;
  }

  async target(hearingId: string, targetId: string): Promise<ParticipantRecord> {
    const target = await this.store.participants.get(targetId);
    if (!target || target.hearingId !== hearingId) throw new NotFoundError('Participant', targetId);
    return target;
  }

  ensureNotEnded(hearing: HearingRecord): void {
    if (hearing.state === 'adjourned') throw new InvalidStateError('The hearing has ended');
  }

  /** An irreversible act on someone (a denial, a removal) says why: the person is told, the record keeps it. */
  reasonFor(act: string, reason: string | undefined): string {
    const why = reason?.trim();
    if (!why) throw new ValidationError(`Say why: ${act} needs a reason`);
    return why;
  }

  actor(p: ParticipantRecord): Actor {
    return { kind: 'participant', participantId: p.id, role: p.role };
  }

  // ---- writes -----------------------------------------------------------------------------------

  /** One participant change with its audit event, in one transaction. */
  async update(
    hearingId: string,
    target: ParticipantRecord,
    patch: Partial<ParticipantRecord>,
    eventType: ParticipantUpdateType,
    by: ParticipantRecord = target,
    extra: { reason?: string; kind?: MediaKind } = {},
  ): Promise<ParticipantRecord> {
    return this.store.transaction(async () => {
      const next = await this.patch(target.id, patch);
      await this.audit.append(hearingId, this.actor(by), eventType, { participantId: target.id, ...extra });
      return next;
    });
  }

  /**
   * `patch` applied to the participant's row as it stands now, read inside the transaction: a row
   * read earlier may be stale (the clerk revoked a link while the judge admitted), and writing it
   * whole would undo that change. Returns the row written.
   */
  patch(participantId: string, patch: Partial<ParticipantRecord>): Promise<ParticipantRecord> {
    return this.store.transaction(async () => {
      const now = await this.store.participants.get(participantId);
      if (!now) throw new NotFoundError('Participant', participantId);
      const next = { ...now, ...patch };
      await this.store.participants.update(next);
      return next;
    });
  }

  /** A held lobby departure (LobbyStays) written, with the moment it happened. */
  async writeDeparture(d: Departure | undefined): Promise<void> {
    if (!d) return;
    await auditSafely(() => this.audit.append(d.hearingId, d.actor, d.type, { participantId: d.participantId }, d.at));
  }

  /** Holds a departure from the lobby (LobbyStays) instead of auditing it; false when it is to be audited now. */
  holdLobbyDeparture(self: ParticipantRecord, type: Departure['type']): boolean {
    if (self.status !== 'lobby') return false;
    return this.stays.hold({ hearingId: self.hearingId, participantId: self.id, type, actor: this.actor(self) });
  }

  // ---- followers ----------------------------------------------------------------------------------

  follow(follower: HearingFollower): void {
    this.#followers.push(follower);
  }

  async departed(hearingId: string, participantId: string, how: 'left' | 'removed'): Promise<void> {
    for (const f of this.#followers) await f.departed?.(hearingId, participantId, how);
  }

  ended(hearingId: string): void {
    for (const f of this.#followers) f.ended?.(hearingId);
  }

  // ---- telling ------------------------------------------------------------------------------------

  notify(hearingId: string, audience: Audience, notification: Notification): void {
    this.outlets.notify(hearingId, audience, notification);
  }

  /** The participant's room (rooms.ts); the courtroom for anyone unknown. */
  async roomOf(participantId: string): Promise<RoomId> {
    const p = await this.store.participants.get(participantId);
    return p ? roomOf(p) : COURTROOM;
  }

  /** Each admitted participant in `room`, one by one: what is said in a side room stays there. */
  async notifyRoom(hearingId: string, room: RoomId, notification: Notification): Promise<void> {
    for (const p of await this.store.participants.listByHearing(hearingId)) {
      if (p.status === 'admitted' && roomOf(p) === room) this.notify(hearingId, { participantId: p.id }, notification);
    }
  }

  evict(participantId: string, reason: string): void {
    this.outlets.evict(participantId, reason);
  }

  stateChanged(hearingId: string, state: HearingState, previous: HearingState): void {
    this.outlets.stateChanged(hearingId, state, previous);
    for (const f of this.#followers) f.stateChanged?.(hearingId, state, previous);
  }

  view(p: ParticipantRecord): Promise<ParticipantView> {
    return participantView(this.store, p, this.presence.isConnected(p.id), this.presence.deviceStatus(p.id));
  }

  /**
   * Tell about one participant's current view: everyone in the hearing when they are (or were, till
   * now) admitted, else the bench only. The bench keeps its lobby from these (waiting = status lobby
   * and connected; client sessionState.ts) after the join snapshot: one participant per change, where
   * sending the whole lobby on every join made a join storm quadratic.
   */
  async announce(hearingId: string, participantId: string, wasAdmitted = false): Promise<void> {
    const p = await this.store.participants.get(participantId);
    if (!p) return;
    const view = await this.view(p);
    const everyone = p.status === 'admitted' || wasAdmitted;
    this.notify(hearingId, everyone ? 'admitted' : 'bench', {
      type: 'participant.updated',
      // The check is for the bench, who decide whom to let in; not for everyone in the hearing.
      participant: everyone ? view : this.withCheck(view),
    });
  }

  withCheck(view: ParticipantView): ParticipantView {
    const check = this.checks.get(view.id);
    return check ? { ...view, check } : view;
  }

  /** What a participant gets on joining: only someone in the hearing sees the others. */
  async snapshot(hearingId: string, selfId: string): Promise<HearingSnapshot> {
    const hearing = (await this.store.hearings.get(hearingId))!;
    const self = (await this.store.participants.get(selfId))!;
    const admitted = self.status === 'admitted';
    const all = admitted ? await this.store.participants.listByHearing(hearingId) : [];
    const bench = admitted && can(self.role, 'viewLobby');
    const recording = this.presence.recording(hearingId);
    const rooms = new Map(all.map((p) => [p.id, roomOf(p)]));
    // Only the media of their own room (rooms.ts): the rest they could not consume anyway.
    const producers: ProducerInfo[] = [];
    if (admitted && roomCarriesMedia(roomOf(self))) {
      for (const pr of this.media.listProducers(hearingId)) {
        if ((rooms.get(pr.participantId) ?? (await this.roomOf(pr.participantId))) === roomOf(self)) producers.push(pr);
      }
    }
    return {
      self: await this.view(self),
      hearing: await hearingView(this.store, hearing),
      participants: await Promise.all(all.filter((p) => p.status === 'admitted').map((p) => this.view(p))),
      lobby: can(self.role, 'viewLobby')
        ? await Promise.all(
            all
              .filter((p) => p.status === 'lobby' && this.presence.isConnected(p.id))
              .map(async (p) => this.withCheck(await participantView(this.store, p, true))),
          )
        : [],
      producers: producers.map(producerView),
      activeSpeakerId: null,
      displayLayout: await this.displays.get(hearingId),
      ...(bench && recording ? { recording } : {}),
      ...(bench && this.reports.storageNow ? { storage: this.reports.storageNow } : {}),
      ...(bench ? { linkQuality: this.quality.current(hearingId) } : {}),
      ...(bench ? { attendance: await attendanceList(this.store, hearingId) } : {}),
    };
  }
}
