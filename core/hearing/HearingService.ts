// The live hearing: joining, the lobby, the judge's powers and the state machine. Every command is
// serialized per hearing, guarded first (who asks, may they, does the state allow it), persisted
// with its audit event, and announced through `notify`/`evict` for the signaling layer to deliver.
// One exception to "with its audit event": comings and goings in the lobby, coalesced into lobby
// stays (LobbyStays.ts) so that a participant's churn cannot flood the record.
import type {
  DeviceStatus,
  HearingSnapshot,
  ParticipantView,
  HearingState,
  MediaKind,
  StorageStatusView,
  TransitionAction,
} from '../protocol/model.js';
import type { Notification } from '../protocol/signaling.js';
import { KeyedQueue } from '../lib/KeyedQueue.js';
import { background } from '../lib/background.js';
import { TypedEmitter } from '../lib/TypedEmitter.js';
import type { DisplayLayout } from '../protocol/display.js';
import type { EquipmentCheckReport } from '../protocol/equipmentCheck.js';
import type { EquipmentCheckView } from '../protocol/networkGrade.js';
import type { ClientLinkReport } from '../protocol/linkQuality.js';
import type { ParticipantUpdateType } from './auditEvents.js';
import { AuditLog } from './AuditLog.js';
import { auditSafely, BenchReports } from './BenchReports.js';
import { DisplayLayouts } from './DisplayLayouts.js';
import { EquipmentChecks } from './EquipmentChecks.js';
import { LinkQuality } from './LinkQuality.js';
import { LobbyStays, type Departure } from './LobbyStays.js';
import { InvalidStateError, NotFoundError, PermissionDeniedError, UnauthorizedError } from './errors.js';
import { BENCH_ROLES, can, ensureAllowed } from './permissions.js';
import type { Clock, MediaEvent, MediaRoomPort, RecorderPort, RecordingEvent, Store } from './ports.js';
import { Presence } from './Presence.js';
import { nextState } from './transitions.js';
import type { Actor, HearingRecord, ParticipantRecord, ParticipantRef } from './types.js';
import { hearingView, participantView, producerView } from './views.js';

/** Who receives a notification: every connected admitted participant, the bench, or one person. */
export type Audience = 'admitted' | 'everyone' | 'bench' | { participantId: string };

export type HearingServiceEvents = {
  notify: [hearingId: string, audience: Audience, notification: Notification];
  /** Disconnect this participant's socket (removed, denied, hearing ended). */
  evict: [participantId: string, reason: string];
  /** For outside watchers (recorder, metrics): the hearing changed state. */
  stateChanged: [hearingId: string, state: HearingState, previous: HearingState];
};

export interface HearingServiceOptions {
  /** Lobby audit coalescing (LobbyStays): back within this long, the same lobby stay. 0: every change audited. */
  lobbyGraceMs?: number;
}

export class HearingService extends TypedEmitter<HearingServiceEvents> {
  readonly #queue = new KeyedQueue();
  readonly #audit: AuditLog;
  /** The recorder's and the disk watch's reports to the bench (BenchReports). */
  readonly #reports: BenchReports;
  readonly #displays: DisplayLayouts;
  /** Who is connected, device links, the recorder's status: live only, never persisted. */
  readonly #presence = new Presence();
  /** Departures from the lobby not audited yet (LobbyStays). */
  readonly #stays: LobbyStays;
  /** Each participant's latest equipment check, shown to the bench beside the lobby entry. */
  readonly #checks = new EquipmentChecks();
  /** Each admitted participant's connection quality, graded for the bench and the record (LinkQuality). */
  readonly #quality: LinkQuality;

  constructor(
    private readonly store: Store,
    private readonly media: MediaRoomPort,
    private readonly clock: Clock,
    options: HearingServiceOptions = {},
  ) {
    super();
    this.#stays = new LobbyStays(options.lobbyGraceMs ?? 0, clock, (hearingId, participantId) =>
      background(
        this.#run(hearingId, () => this.#writeDeparture(this.#stays.take(participantId))),
        'lobby departure',
      ),
    );
    this.#audit = new AuditLog(store, clock);
    this.#displays = new DisplayLayouts(store, this.#audit);
    this.#reports = new BenchReports(store, this.#audit, this.#presence, (hearingId, n) => this.#notify(hearingId, 'bench', n));
    this.#quality = new LinkQuality(store, this.#audit, clock, (hearingId, n) => this.#notify(hearingId, 'bench', n));
    media.setListener((e) => this.#onMediaEvent(e));
  }

  /** The live capture follows every state change and reports its status, gaps and alerts here. */
  attachRecorder(recorder: RecorderPort): void {
    recorder.setListener((e) => this.recordingEvent(e));
    this.on('stateChanged', (hearingId, state) => {
      recorder.follow(hearingId, state).catch((error: unknown) => console.error(`[recorder] hearing ${hearingId}:`, error));
    });
  }

  isConnected(participantId: string): boolean {
    return this.#presence.isConnected(participantId);
  }

  /** Serialize a command on its hearing. */
  #run<T>(hearingId: string, task: () => Promise<T> | T): Promise<T> {
    return this.#queue.run(hearingId, task);
  }

  // ---- presence and the lobby -------------------------------------------------------------

  join(ref: ParticipantRef): Promise<HearingSnapshot> {
    return this.#run(ref.hearingId, () => {
      const { hearing, self } = this.#load(ref);
      if (hearing.state === 'adjourned') throw new InvalidStateError('The hearing has ended');
      if (self.status === 'removed' || self.status === 'denied') {
        throw new PermissionDeniedError(`You were ${self.status} from this hearing`);
      }
      const bench = BENCH_ROLES.includes(self.role);
      // An admitted participant who reconnects goes straight back in; everyone else but the bench waits.
      const status = bench || self.status === 'admitted' ? 'admitted' : 'lobby';
      const wasConnected = this.#presence.isConnected(self.id);
      this.#presence.connect(self.id);
      const back = this.#stays.back(self.id);
      if (back !== 'resumed') this.#writeDeparture(back ?? undefined);
      if (back === 'resumed' && status === 'lobby') {
        // Back within the grace: the same lobby stay, already audited (LobbyStays).
        if (status !== self.status) this.store.participants.update({ ...self, status });
      } else if (status !== self.status) {
        this.#update(hearing.id, self, { status }, status === 'admitted' ? 'participant.joined' : 'lobby.entered');
      } else if (!wasConnected) {
        this.#audit.append(hearing.id, this.#actor(self), 'participant.connected', { participantId: self.id });
      }
      this.#announce(hearing.id, self.id);
      return this.#snapshot(hearing.id, self.id);
    });
  }

  /** The participant's socket went away (network loss, closed tab). They stay admitted. */
  disconnected(ref: ParticipantRef): Promise<void> {
    return this.#run(ref.hearingId, () => {
      if (!this.#presence.disconnect(ref.participantId)) return;
      this.media.closePeer(ref.hearingId, ref.participantId);
      const self = this.store.participants.get(ref.participantId);
      if (!self) return;
      if (!this.#holdLobbyDeparture(self, 'participant.disconnected')) {
        this.#audit.append(ref.hearingId, this.#actor(self), 'participant.disconnected', { participantId: self.id });
      }
      this.#announce(ref.hearingId, self.id);
    });
  }

  leave(ref: ParticipantRef): Promise<void> {
    return this.#run(ref.hearingId, () => {
      const { hearing, self } = this.#load(ref);
      this.media.closePeer(hearing.id, self.id);
      if (this.#holdLobbyDeparture(self, 'participant.left')) {
        this.store.participants.update({ ...self, status: 'left' });
      } else if (self.status === 'admitted' || self.status === 'lobby') {
        this.#update(hearing.id, self, { status: 'left' }, 'participant.left');
      }
      this.#presence.disconnect(self.id);
      this.#announce(hearing.id, self.id, self.status === 'admitted');
    });
  }

  admit(ref: ParticipantRef, targetId: string): Promise<void> {
    return this.#run(ref.hearingId, () => {
      const { hearing, self } = this.#loadPresent(ref, 'admit');
      this.#ensureNotEnded(hearing);
      const target = this.#target(hearing.id, targetId);
      if (target.status !== 'lobby') throw new InvalidStateError(`${target.displayName} is not waiting in the lobby`);
      this.#writeDeparture(this.#stays.take(target.id));
      this.#update(hearing.id, target, { status: 'admitted' }, 'lobby.admitted', self);
      this.#notify(hearing.id, { participantId: target.id }, { type: 'lobby.admitted' });
      this.#announce(hearing.id, target.id);
    });
  }

  deny(ref: ParticipantRef, targetId: string, reason?: string): Promise<void> {
    return this.#run(ref.hearingId, () => {
      const { hearing, self } = this.#loadPresent(ref, 'deny');
      const target = this.#target(hearing.id, targetId);
      if (target.status !== 'lobby') throw new InvalidStateError(`${target.displayName} is not waiting in the lobby`);
      this.#writeDeparture(this.#stays.take(target.id));
      this.#update(hearing.id, target, { status: 'denied', invitationId: null }, 'lobby.denied', self, { reason });
      this.#notify(hearing.id, { participantId: target.id }, { type: 'lobby.denied', reason: reason ?? null });
      this.#presence.disconnect(target.id);
      this.safeEmit('evict', target.id, 'denied');
      this.#announce(hearing.id, target.id);
    });
  }

  /** A server-side device ingest reports its link (connecting / live / down); everyone sees it. */
  setDeviceStatus(hearingId: string, participantId: string, status: DeviceStatus): Promise<void> {
    return this.#run(hearingId, () => {
      const p = this.store.participants.get(participantId);
      if (!p || p.hearingId !== hearingId || !p.deviceId) throw new NotFoundError('Device participant', participantId);
      if (!this.#presence.setDeviceStatus(participantId, status)) return;
      this.#announce(hearingId, participantId);
    });
  }

  /**
   * Takes a participant out without a judge's command (a revoked device). Like a removal: the
   * invitation is revoked, media closed, the socket evicted, and it is audited as the system's act.
   */
  expel(hearingId: string, participantId: string, reason: string): Promise<void> {
    return this.#run(hearingId, () => {
      const target = this.#target(hearingId, participantId);
      if (target.status === 'removed') return;
      this.#writeDeparture(this.#stays.take(target.id));
      this.store.transaction(() => {
        this.store.participants.update({ ...target, status: 'removed', invitationId: null });
        this.#audit.append(hearingId, { kind: 'system' }, 'participant.removed', { participantId, reason });
      });
      this.media.closePeer(hearingId, participantId);
      this.#notify(hearingId, { participantId }, { type: 'removed', reason });
      this.#presence.forget(participantId);
      this.safeEmit('evict', participantId, 'removed');
      this.#announce(hearingId, participantId, target.status === 'admitted');
    });
  }

  // ---- the equipment check ------------------------------------------------------------------

  /** Who may probe the network before joining: anyone whose link still works, until the hearing ends. */
  ensureMayCheck(ref: ParticipantRef): void {
    const { hearing, self } = this.#load(ref);
    this.#ensureNotEnded(hearing);
    if (self.status === 'removed' || self.status === 'denied') throw new PermissionDeniedError(`You were ${self.status} from this hearing`);
  }

  /** The check's result: audited, kept for the bench, and shown to them now if the participant is waiting. */
  recordCheck(ref: ParticipantRef, report: EquipmentCheckReport): Promise<EquipmentCheckView> {
    return this.#run(ref.hearingId, () => {
      this.ensureMayCheck(ref);
      const { hearing, self } = this.#load(ref);
      const at = this.clock.now().toISOString();
      const check = this.#checks.record(self.id, report, at);
      const { network } = check;
      this.#audit.append(
        hearing.id,
        this.#actor(self),
        'participant.checked',
        {
          participantId: self.id,
          grade: network?.grade ?? null,
          rttMs: network?.rttMs ?? null,
          lossPct: network?.lossPct ?? null,
          uplinkKbps: network?.uplinkKbps ?? null,
          micOk: check.micOk,
          speakerOk: check.speakerOk,
          camera: check.camera,
          rulesAccepted: report.rulesAccepted === true,
        },
        at,
      );
      if (self.status === 'lobby' && this.#presence.isConnected(self.id)) this.#announce(hearing.id, self.id);
      return check;
    });
  }

  // ---- the judge's powers -------------------------------------------------------------------

  setForcedMute(ref: ParticipantRef, targetId: string, kind: MediaKind, muted: boolean): Promise<void> {
    return this.#run(ref.hearingId, async () => {
      const { hearing, self } = this.#loadPresent(ref, 'mute');
      this.#ensureNotEnded(hearing);
      const target = this.#target(hearing.id, targetId);
      if (target.id === self.id) throw new InvalidStateError('Use your own controls to mute yourself');
      if (target.status !== 'admitted') throw new InvalidStateError(`${target.displayName} is not in the hearing`);
      const field = kind === 'audio' ? 'forcedMuteAudio' : 'forcedMuteVideo';
      if (target[field] === muted) return;
      // Pause first: if the SFU refuses, nothing is recorded as changed. Lifting a mute does not
      // switch the microphone back on; the participant does that when ready.
      if (muted) await this.media.setKindPaused(hearing.id, target.id, kind, true);
      this.#update(hearing.id, target, { [field]: muted }, muted ? 'participant.muted' : 'participant.unmuted', self, {
        kind,
      });
      this.#announce(hearing.id, target.id);
    });
  }

  remove(ref: ParticipantRef, targetId: string, reason?: string): Promise<void> {
    return this.#run(ref.hearingId, () => {
      const { hearing, self } = this.#loadPresent(ref, 'remove');
      const target = this.#target(hearing.id, targetId);
      if (target.id === self.id) throw new InvalidStateError('The presiding judge cannot remove themselves');
      if (target.status === 'removed') throw new InvalidStateError(`${target.displayName} was already removed`);
      // Revoking the invitation is what keeps the same link from getting back in.
      this.#writeDeparture(this.#stays.take(target.id));
      this.#update(hearing.id, target, { status: 'removed', invitationId: null }, 'participant.removed', self, { reason });
      this.media.closePeer(hearing.id, target.id);
      this.#notify(hearing.id, { participantId: target.id }, { type: 'removed', reason: reason ?? null });
      this.#presence.disconnect(target.id);
      this.safeEmit('evict', target.id, 'removed');
      this.#announce(hearing.id, target.id, target.status === 'admitted');
    });
  }

  /** Moves the hearing through its procedure (core/protocol/procedure.ts); suspension and postponement need a reason. */
  transition(ref: ParticipantRef, action: TransitionAction, reason?: string): Promise<HearingState> {
    return this.#run(ref.hearingId, () => {
      const { hearing, self } = this.#loadPresent(ref, 'transition');
      const { state, stage, outcome } = nextState(hearing, action, reason);
      // The lobby's held departures belong before the adjournment in the record.
      if (state === 'adjourned') for (const d of this.#stays.takeAll(hearing.id)) this.#writeDeparture(d);
      const at = this.clock.now().toISOString();
      const why = reason?.trim() ? { reason: reason.trim() } : {};
      this.store.transaction(() => {
        this.store.hearings.setState(hearing.id, state, at, stage, outcome);
        this.#audit.append(
          hearing.id,
          this.#actor(self),
          `hearing.${action}`,
          { from: hearing.state, to: state, stage, outcome, ...why },
          at,
        );
      });
      this.#notify(hearing.id, 'everyone', { type: 'hearing.state', state, stage, outcome, action, at, ...why });
      this.safeEmit('stateChanged', hearing.id, state, hearing.state);
      if (state === 'adjourned') this.#end(hearing.id, at);
      return state;
    });
  }

  /** The judge chooses what the courtroom TV shows; everyone (the TV included) is told. */
  setDisplayLayout(ref: ParticipantRef, layout: DisplayLayout): Promise<void> {
    return this.#run(ref.hearingId, () => {
      const { hearing, self } = this.#loadPresent(ref, 'arrangeDisplay');
      this.#ensureNotEnded(hearing);
      this.#displays.set(hearing.id, layout, this.#actor(self));
      this.#notify(hearing.id, 'everyone', { type: 'display.layout', layout });
    });
  }

  #end(hearingId: string, at: string): void {
    this.#notify(hearingId, 'everyone', { type: 'hearing.ended', at });
    this.media.closeRoom(hearingId);
    this.#displays.forget(hearingId);
    this.#quality.forgetHearing(hearingId);
    for (const p of this.store.participants.listByHearing(hearingId)) {
      this.#checks.forget(p.id);
      if (this.#presence.forget(p.id)) this.safeEmit('evict', p.id, 'adjourned');
    }
  }

  // ---- media, guarded ---------------------------------------------------------------------------

  /** Runs a media operation for a participant who is in the hearing and may do it. */
  withMedia<T>(ref: ParticipantRef, action: 'produce' | 'consume', op: (p: ParticipantRecord) => Promise<T>): Promise<T> {
    // Not queued: media negotiation must not wait behind slow commands, and it changes no
    // hearing state. The guard reads current state, so a removed participant is refused.
    const { hearing, self } = this.#loadPresent(ref, action);
    this.#ensureNotEnded(hearing);
    if (action === 'produce' && self.deviceId && this.store.devices.get(self.deviceId)?.kind === 'display') {
      throw new PermissionDeniedError('A display receives media only');
    }
    return op(self);
  }

  /** A participant resuming their own producer: refused while the judge holds them muted. */
  ensureMayUnmute(self: ParticipantRecord, kind: MediaKind): void {
    if (kind === 'audio' ? self.forcedMuteAudio : self.forcedMuteVideo) {
      throw new PermissionDeniedError(`Your ${kind === 'audio' ? 'microphone' : 'camera'} was muted by the judge`);
    }
  }

  // ---- the hearing record -------------------------------------------------------------------------

  /** What the recorder reports (RecorderPort, attached with attachRecorder()): see BenchReports. */
  recordingEvent(e: RecordingEvent): void {
    this.#reports.recording(e);
  }

  /** Space for the record (server/DiskWatch.ts): see BenchReports. */
  storageStatus(status: StorageStatusView): void {
    this.#reports.storage(status);
  }

  /** The browser's own view of its link (media.quality), for someone in the hearing: see LinkQuality. */
  reportLinkQuality(ref: ParticipantRef, report: ClientLinkReport): void {
    const { hearing } = this.#loadPresent(ref, 'consume');
    this.#ensureNotEnded(hearing);
    this.#quality.report(hearing.id, ref.participantId, report);
  }

  /** Graceful stop: every departure from a lobby still held (LobbyStays) is written now, and later ones at once. */
  settleDepartures(): void {
    for (const d of this.#stays.close()) this.#writeDeparture(d);
  }

  // ---- internals ---------------------------------------------------------------------------------

  #load(ref: ParticipantRef): { hearing: HearingRecord; self: ParticipantRecord } {
    const hearing = this.store.hearings.get(ref.hearingId);
    const self = this.store.participants.get(ref.participantId);
    if (!hearing || !self || self.hearingId !== hearing.id) throw new UnauthorizedError('Unknown participant');
    return { hearing, self };
  }

  /** The actor must be connected and admitted, and their role must allow `action`. */
  #loadPresent(ref: ParticipantRef, action: Parameters<typeof can>[1]): { hearing: HearingRecord; self: ParticipantRecord } {
    const loaded = this.#load(ref);
    ensureAllowed(loaded.self.role, action);
    if (loaded.self.status !== 'admitted' || !this.#presence.isConnected(loaded.self.id)) {
      throw new InvalidStateError('You are not in the hearing');
    }
    return loaded;
  }

  #target(hearingId: string, targetId: string): ParticipantRecord {
    const target = this.store.participants.get(targetId);
    if (!target || target.hearingId !== hearingId) throw new NotFoundError('Participant', targetId);
    return target;
  }

  #ensureNotEnded(hearing: HearingRecord): void {
    if (hearing.state === 'adjourned') throw new InvalidStateError('The hearing has ended');
  }

  #actor(p: ParticipantRecord): Actor {
    return { kind: 'participant', participantId: p.id, role: p.role };
  }

  #update(
    hearingId: string,
    target: ParticipantRecord,
    patch: Partial<ParticipantRecord>,
    eventType: ParticipantUpdateType,
    by: ParticipantRecord = target,
    extra: { reason?: string; kind?: MediaKind } = {},
  ): ParticipantRecord {
    const next = { ...target, ...patch };
    this.store.transaction(() => {
      this.store.participants.update(next);
      this.#audit.append(hearingId, this.#actor(by), eventType, { participantId: target.id, ...extra });
    });
    return next;
  }

  /**
   * Tell about one participant's current view: everyone in the hearing when they are (or were, till
   * now) admitted, else the bench only. The bench keeps its lobby from these (waiting = status lobby
   * and connected; client sessionState.ts) after the join snapshot: one participant per change, where
   * sending the whole lobby on every join made a join storm quadratic.
   */
  #announce(hearingId: string, participantId: string, wasAdmitted = false): void {
    const p = this.store.participants.get(participantId);
    if (!p) return;
    const view = participantView(this.store, p, this.#presence.isConnected(p.id), this.#presence.deviceStatus(p.id));
    const everyone = p.status === 'admitted' || wasAdmitted;
    this.#notify(hearingId, everyone ? 'admitted' : 'bench', {
      type: 'participant.updated',
      // The check is for the bench, who decide whom to let in; not for everyone in the hearing.
      participant: everyone ? view : this.#withCheck(view),
    });
  }

  /** A held lobby departure (LobbyStays) written, with the moment it happened. */
  #writeDeparture(d: Departure | undefined): void {
    if (!d) return;
    auditSafely(() => this.#audit.append(d.hearingId, d.actor, d.type, { participantId: d.participantId }, d.at));
  }

  /** Holds a departure from the lobby (LobbyStays) instead of auditing it; false when it is to be audited now. */
  #holdLobbyDeparture(self: ParticipantRecord, type: Departure['type']): boolean {
    if (self.status !== 'lobby') return false;
    return this.#stays.hold({ hearingId: self.hearingId, participantId: self.id, type, actor: this.#actor(self) });
  }

  #lobby(all: ParticipantRecord[]) {
    return all
      .filter((p) => p.status === 'lobby' && this.#presence.isConnected(p.id))
      .map((p) => this.#withCheck(participantView(this.store, p, true)));
  }

  #withCheck(view: ParticipantView): ParticipantView {
    const check = this.#checks.get(view.id);
    return check ? { ...view, check } : view;
  }

  #snapshot(hearingId: string, selfId: string): HearingSnapshot {
    const hearing = this.store.hearings.get(hearingId)!;
    const self = this.store.participants.get(selfId)!;
    const admitted = self.status === 'admitted';
    // Only someone in the hearing sees the others: a waiting participant's join costs no listing.
    const all = admitted ? this.store.participants.listByHearing(hearingId) : [];
    const recording = this.#presence.recording(hearingId);
    return {
      self: participantView(this.store, self, true, this.#presence.deviceStatus(self.id)),
      hearing: hearingView(this.store, hearing),
      participants: admitted
        ? all
            .filter((p) => p.status === 'admitted')
            .map((p) => participantView(this.store, p, this.#presence.isConnected(p.id), this.#presence.deviceStatus(p.id)))
        : [],
      lobby: can(self.role, 'viewLobby') ? this.#lobby(all) : [],
      producers: admitted ? this.media.listProducers(hearingId).map(producerView) : [],
      activeSpeakerId: null,
      displayLayout: this.#displays.get(hearingId),
      ...(admitted && can(self.role, 'viewLobby') && recording ? { recording } : {}),
      ...(admitted && can(self.role, 'viewLobby') && this.#reports.storageNow ? { storage: this.#reports.storageNow } : {}),
      ...(admitted && can(self.role, 'viewLobby') ? { linkQuality: this.#quality.current(hearingId) } : {}),
    };
  }

  #notify(hearingId: string, audience: Audience, notification: Notification): void {
    this.safeEmit('notify', hearingId, audience, notification);
  }

  #onMediaEvent(e: MediaEvent): void {
    switch (e.type) {
      case 'producerAdded':
        return this.#notify(e.hearingId, 'admitted', { type: 'media.producerAdded', producer: producerView(e.producer) });
      case 'producerClosed':
        return this.#notify(e.hearingId, 'admitted', { type: 'media.producerClosed', producerId: e.producerId });
      case 'producerPaused':
        return this.#notify(e.hearingId, 'admitted', {
          type: 'media.producerPaused',
          producerId: e.producerId,
          paused: e.paused,
        });
      case 'consumerClosed':
        return this.#notify(
          e.hearingId,
          { participantId: e.participantId },
          {
            type: 'media.consumerClosed',
            consumerId: e.consumerId,
          },
        );
      case 'activeSpeaker':
        return this.#notify(e.hearingId, 'admitted', { type: 'media.activeSpeaker', participantId: e.participantId });
      case 'roomReset':
        this.#audit.append(e.hearingId, { kind: 'system' }, 'media.reset', { reason: e.reason });
        return this.#notify(e.hearingId, 'admitted', { type: 'media.reset' });
      case 'mediaLink': {
        // Signaling may stay up while media is gone: the bench sees it, and it goes into the minutes.
        const type = e.state === 'lost' ? 'participant.media_lost' : 'participant.media_back';
        this.#audit.append(e.hearingId, { kind: 'system' }, type, { participantId: e.participantId });
        return this.#notify(e.hearingId, 'bench', {
          type: 'participant.media',
          participantId: e.participantId,
          state: e.state,
          at: this.clock.now().toISOString(),
        });
      }
      case 'linkStats':
        return this.#quality.sample(e.hearingId, e.samples);
      case 'mediaUnavailable':
        // Staff read the server log; the bench learns why someone has no media.
        return this.#notify(e.hearingId, 'bench', {
          type: 'media.alert',
          cause: e.cause,
          participantId: e.participantId,
          at: this.clock.now().toISOString(),
        });
    }
  }
}
