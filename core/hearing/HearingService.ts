// The live hearing: joining, the lobby, the judge's powers and the state machine. Every command is
// serialized per hearing, guarded first (who asks, may they, does the state allow it), persisted
// with its audit event, and announced through `notify`/`evict` for the signaling layer to deliver.
// One exception to "with its audit event": comings and goings in the lobby, coalesced into lobby
// stays (LobbyStays.ts) so that a participant's churn cannot flood the record.
// The commands live by concern (LobbyCommands, BenchCommands) over one HearingContext; this class
// is what the outside sees, and owns the typed events.
import type {
  DeviceStatus,
  HearingSnapshot,
  HearingState,
  MediaKind,
  RoomId,
  StorageStatusView,
  TransitionAction,
} from '../protocol/model.js';
import type { Notification } from '../protocol/signaling.js';
import { background } from '../lib/background.js';
import { KeyedQueue } from '../lib/KeyedQueue.js';
import { TypedEmitter } from '../lib/TypedEmitter.js';
import type { DisplayLayout } from '../protocol/display.js';
import type { EquipmentCheckReport } from '../protocol/equipmentCheck.js';
import type { EquipmentCheckView } from '../protocol/networkGrade.js';
import type { ClientLinkReport } from '../protocol/linkQuality.js';
import { BenchCommands } from './BenchCommands.js';
import { FloorCommands } from './FloorCommands.js';
import { AttendanceCommands, type AttendanceMark, type SiteOfficer } from './AttendanceCommands.js';
import { PermissionDeniedError } from './errors.js';
import { HearingContext, type Audience } from './HearingContext.js';
import { LobbyCommands } from './LobbyCommands.js';
import { RoomCommands } from './RoomCommands.js';
import { Consultations } from './Consultations.js';
import { roomOf } from './rooms.js';
import { Chat } from './Chat.js';
import { Hands } from './Hands.js';
import type { ChatMessageView } from '../protocol/chat.js';
import { onMediaEvent } from './mediaNotifications.js';
import {
  NO_IDENTITY_PROVIDER,
  type Clock,
  type IdentityProvider,
  type MediaRoomPort,
  type RecorderPort,
  type RecordingEvent,
  type Store,
} from './ports.js';
import type { IdDocument } from '../protocol/attendance.js';
import type { SiteHearing } from '../protocol/http.js';
import type { AttendanceView } from '../protocol/model.js';
import type { ParticipantRecord, ParticipantRef } from './types.js';

export type { Audience } from './HearingContext.js';

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
  /** Checks identity documents at attendance and attestation (ports.ts); the default checks nothing. */
  identity?: IdentityProvider;
}

export class HearingService extends TypedEmitter<HearingServiceEvents> {
  readonly #h: HearingContext;
  readonly #lobby: LobbyCommands;
  readonly #bench: BenchCommands;
  readonly #hands: Hands;
  readonly #chat: Chat;
  readonly #floor: FloorCommands;
  readonly #attendance: AttendanceCommands;
  readonly #rooms: RoomCommands;
  readonly #consultations: Consultations;
  /** Media events, one at a time per hearing: told in the order the media layer reported them. */
  readonly #mediaEvents = new KeyedQueue();

  constructor(store: Store, media: MediaRoomPort, clock: Clock, options: HearingServiceOptions = {}) {
    super();
    const outlets = {
      notify: (hearingId: string, audience: Audience, n: Notification) => this.safeEmit('notify', hearingId, audience, n),
      evict: (participantId: string, reason: string) => this.safeEmit('evict', participantId, reason),
      stateChanged: (hearingId: string, state: HearingState, previous: HearingState) =>
        this.safeEmit('stateChanged', hearingId, state, previous),
    };
    const h = new HearingContext(store, media, clock, outlets, options.lobbyGraceMs ?? 0, (hearingId, participantId) =>
      background(
        h.run(hearingId, () => h.writeDeparture(h.stays.take(participantId))),
        'lobby departure',
      ),
    );
    this.#h = h;
    this.#lobby = new LobbyCommands(h);
    this.#rooms = new RoomCommands(h);
    this.#bench = new BenchCommands(h, this.#rooms);
    this.#hands = new Hands(h);
    this.#chat = new Chat(h);
    // A hand comes down when its owner leaves or is removed; hands and chat go with the hearing's end.
    h.follow({
      departed: (hearingId, participantId, how) => this.#hands.departed(hearingId, participantId, how),
      ended: (hearingId) => {
        this.#hands.forget(hearingId);
        this.#chat.forget(hearingId);
      },
    });
    this.#floor = new FloorCommands(h);
    this.#attendance = new AttendanceCommands(h, options.identity ?? NO_IDENTITY_PROVIDER);
    this.#consultations = new Consultations(h, this.#rooms);
    media.setListener((e) =>
      background(
        this.#mediaEvents.run(e.hearingId, () => onMediaEvent(h, e)),
        'media event',
      ),
    );
  }

  /** The live capture follows every state change and reports its status, gaps and alerts here. */
  attachRecorder(recorder: RecorderPort): void {
    recorder.setListener((e) => background(this.recordingEvent(e), 'recording event'));
    this.on('stateChanged', (hearingId, state) => {
      recorder.follow(hearingId, state).catch((error: unknown) => console.error(`[recorder] hearing ${hearingId}:`, error));
    });
  }

  isConnected(participantId: string): boolean {
    return this.#h.presence.isConnected(participantId);
  }

  /**
   * A device participant's media link now: what its server-side ingest reported (a camera), else
   * live while its own socket is connected (a display, an encoder); undefined when neither.
   */
  deviceLink(participantId: string): DeviceStatus | undefined {
    const { presence } = this.#h;
    return presence.deviceStatus(participantId) ?? (presence.isConnected(participantId) ? 'live' : undefined);
  }

  // ---- presence and the lobby (LobbyCommands) ---------------------------------------------------

  join(ref: ParticipantRef): Promise<HearingSnapshot> {
    return this.#lobby.join(ref).then((snapshot) => this.#withHandsAndChat(snapshot));
  }

  /** The participant's socket went away (network loss, closed tab). They stay admitted. */
  disconnected(ref: ParticipantRef): Promise<void> {
    return this.#lobby.disconnected(ref);
  }

  /** A party whose presence is required (core/protocol/presence.ts) must give `reason` once the hearing has opened. */
  leave(ref: ParticipantRef, reason?: string): Promise<void> {
    return this.#lobby.leave(ref, reason);
  }

  admit(ref: ParticipantRef, targetId: string): Promise<void> {
    return this.#lobby.admit(ref, targetId);
  }

  deny(ref: ParticipantRef, targetId: string, reason?: string): Promise<void> {
    return this.#lobby.deny(ref, targetId, reason);
  }

  /** A server-side device ingest reports its link (connecting / live / down); everyone sees it. */
  setDeviceStatus(hearingId: string, participantId: string, status: DeviceStatus): Promise<void> {
    return this.#lobby.setDeviceStatus(hearingId, participantId, status);
  }

  /** Takes a participant out without a judge's command (a revoked device), audited as the system's act. */
  expel(hearingId: string, participantId: string, reason: string): Promise<void> {
    return this.#lobby.expel(hearingId, participantId, reason);
  }

  // ---- the judge's powers (BenchCommands) --------------------------------------------------------

  setForcedMute(ref: ParticipantRef, targetId: string, kind: MediaKind, muted: boolean): Promise<void> {
    return this.#bench.setForcedMute(ref, targetId, kind, muted);
  }

  remove(ref: ParticipantRef, targetId: string, reason?: string): Promise<void> {
    return this.#bench.remove(ref, targetId, reason);
  }

  /** Moves the hearing through its procedure (core/protocol/procedure.ts); suspension and postponement need a reason. */
  transition(ref: ParticipantRef, action: TransitionAction, reason?: string): Promise<HearingState> {
    return this.#bench.transition(ref, action, reason);
  }

  /** The judge chooses what the courtroom TV shows; everyone (the TV included) is told. */
  setDisplayLayout(ref: ParticipantRef, layout: DisplayLayout): Promise<void> {
    return this.#bench.setDisplayLayout(ref, layout);
  }

  // ---- the floor (FloorCommands) ----------------------------------------------------------------

  /** Forced audio mute for everyone admitted but the bench and the courtroom devices; returns who was muted now. */
  muteAll(ref: ParticipantRef): Promise<string[]> {
    return this.#floor.muteAll(ref);
  }

  /** Lets a participant (not on the bench) share their screen, or withdraws it, closing their share. */
  allowScreen(ref: ParticipantRef, targetId: string, allowed: boolean): Promise<void> {
    return this.#floor.allowScreen(ref, targetId, allowed);
  }

  /** Before a screen producer is made (media.produce with source 'screen'). */
  ensureMayShareScreen(self: ParticipantRecord): void {
    this.#floor.ensureMayShareScreen(self);
  }

  /** After it was made: closed and refused if the permission was withdrawn meanwhile. */
  confirmScreenShare(ref: ParticipantRef, producerId: string): Promise<void> {
    return this.#floor.confirmScreenShare(ref, producerId);
  }

  // ---- attendance and identity (AttendanceCommands) ------------------------------------------

  /** The clerk or the judge calls a summoned participant: present, or absent with a reason. */
  markAttendance(ref: ParticipantRef, mark: AttendanceMark): Promise<AttendanceView> {
    return this.#attendance.mark(ref, mark);
  }

  /** A site officer vouches for a participant at their own site; the bench is told at once. */
  attestIdentity(officer: SiteOfficer, hearingId: string, participantId: string, body: { idDocument: IdDocument; note?: string }) {
    return this.#attendance.attest(officer, hearingId, participantId, body);
  }

  /** A site officer's hearings: today's and later, with their participants at the site. */
  siteHearings(officer: SiteOfficer): Promise<SiteHearing[]> {
    return this.#attendance.siteHearings(officer);
  }

  // ---- raise hand and chat (Hands, Chat) ----------------------------------------------------------

  raiseHand(ref: ParticipantRef): Promise<void> {
    return this.#hands.raise(ref);
  }

  /** One's own hand, or (the presiding judge) anyone's. */
  lowerHand(ref: ParticipantRef, targetId?: string): Promise<void> {
    return this.#hands.lower(ref, targetId);
  }

  /** `to`: 'clerk', 'everyone' or a participant's id; returns the message as recorded. */
  sendChat(ref: ParticipantRef, to: string, text: string): Promise<ChatMessageView> {
    return this.#chat.send(ref, to, text);
  }

  setChatOpen(ref: ParticipantRef, open: boolean): Promise<void> {
    return this.#chat.setOpen(ref, open);
  }

  /** The judge (anyone) or the clerk (witnesses and experts) moves a participant to another room (rooms.ts). */
  moveToRoom(ref: ParticipantRef, targetId: string, room: RoomId): Promise<void> {
    return this.#rooms.move(ref, targetId, room);
  }

  /** The presiding judge gives counsel and their client(s) a private room (Consultations.ts); returns its id. */
  openConsultation(ref: ParticipantRef, participantIds: string[]): Promise<RoomId> {
    return this.#consultations.open(ref, participantIds);
  }

  /** Counsel, during a recess, asks the judge for a private room with their client(s). */
  requestConsultation(ref: ParticipantRef, withIds: string[]): Promise<void> {
    return this.#consultations.request(ref, withIds);
  }

  /** The presiding judge declines a counsel's pending request for a consultation. */
  declineConsultation(ref: ParticipantRef, requesterId: string): Promise<void> {
    return this.#consultations.decline(ref, requesterId);
  }

  /** The judge or a member ends a consultation: everyone in it returns to the courtroom. */
  endConsultation(ref: ParticipantRef, room: RoomId): Promise<void> {
    return this.#consultations.end(ref, room);
  }

  /** Someone in the hearing also gets the hands they may see and their part of the chat so far. */
  async #withHandsAndChat(snapshot: HearingSnapshot): Promise<HearingSnapshot> {
    const self = await this.#h.store.participants.get(snapshot.self.id);
    if (!self || snapshot.self.status !== 'admitted') return snapshot;
    const hearingId = snapshot.hearing.id;
    return {
      ...snapshot,
      hands: this.#hands.visibleTo(hearingId, self),
      chat: await this.#chat.snapshot(hearingId, self),
      consultationRequests: this.#consultations.visibleTo(hearingId, self),
    };
  }

  // ---- the equipment check ------------------------------------------------------------------

  /** Who may probe the network before joining: anyone whose link still works, until the hearing ends. */
  async ensureMayCheck(ref: ParticipantRef): Promise<void> {
    const { hearing, self } = await this.#h.load(ref);
    this.#h.ensureNotEnded(hearing);
    if (self.status === 'removed' || self.status === 'denied') throw new PermissionDeniedError(`You were ${self.status} from this hearing`);
  }

  /** The check's result: audited, kept for the bench, and shown to them now if the participant is waiting. */
  recordCheck(ref: ParticipantRef, report: EquipmentCheckReport): Promise<EquipmentCheckView> {
    const h = this.#h;
    return h.run(ref.hearingId, async () => {
      await this.ensureMayCheck(ref);
      const { hearing, self } = await h.load(ref);
      const at = h.now();
      const check = h.checks.record(self.id, report, at);
      const { network } = check;
      await h.audit.append(
        hearing.id,
        h.actor(self),
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
      if (self.status === 'lobby' && h.presence.isConnected(self.id)) await h.announce(hearing.id, self.id);
      return check;
    });
  }

  // ---- media, guarded ---------------------------------------------------------------------------

  /** Runs a media operation for a participant who is in the hearing and may do it. */
  async withMedia<T>(ref: ParticipantRef, action: 'produce' | 'consume', op: (p: ParticipantRecord) => Promise<T>): Promise<T> {
    // Not queued: media negotiation must not wait behind slow commands, and it changes no
    // hearing state. The guard reads current state, so a removed participant is refused.
    const { hearing, self } = await this.#h.loadPresent(ref, action);
    this.#h.ensureNotEnded(hearing);
    if (action === 'produce' && self.deviceId && (await this.#h.store.devices.get(self.deviceId))?.kind === 'display') {
      throw new PermissionDeniedError('A display receives media only');
    }
    // The SFU learns where the participant is before any media of theirs exists (rooms.ts).
    this.#h.media.setRooms(hearing.id, [{ participantId: self.id, room: roomOf(self) }]);
    // The presiding judge is seen by everyone, however large the hearing (last-N, media/LastN.ts).
    if (self.role === 'judge') this.#h.media.setPinned(hearing.id, self.id, true);
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
  recordingEvent(e: RecordingEvent): Promise<void> {
    return this.#h.reports.recording(e);
  }

  /** Space for the record (server/DiskWatch.ts): see BenchReports. */
  storageStatus(status: StorageStatusView): Promise<void> {
    return this.#h.reports.storage(status);
  }

  /** The browser's own view of its link (media.quality), for someone in the hearing: see LinkQuality. */
  async reportLinkQuality(ref: ParticipantRef, report: ClientLinkReport): Promise<void> {
    const { hearing } = await this.#h.loadPresent(ref, 'consume');
    this.#h.ensureNotEnded(hearing);
    this.#h.quality.report(hearing.id, ref.participantId, report);
  }

  /** Graceful stop: every departure from a lobby still held (LobbyStays) is written now, and later ones at once. */
  async settleDepartures(): Promise<void> {
    for (const d of this.#h.stays.close()) await this.#h.writeDeparture(d);
  }

  /** Resolves once every media event reported so far for the hearing has been told (and audited). */
  mediaSettled(hearingId: string): Promise<void> {
    return this.#mediaEvents.run(hearingId, () => undefined);
  }
}
