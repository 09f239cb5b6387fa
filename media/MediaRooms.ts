// The MediaRoomPort adapter: one HearingRoom per hearing, created on first use on a worker from
// the pool. When a worker dies its rooms are dropped and reported as reset; the next request
// creates the room again on a live worker and the clients set up their media anew.
import type { MediaEvent, MediaRoomPort, RoomPlacement, Tap, TapTarget } from '../core/hearing/ports.js';
import type { ProducerInfo } from '../core/hearing/types.js';
import type { MediaKind, MediaSource, RoomId } from '../core/protocol/model.js';
import type { ConsumerParams, TransportParams } from '../core/protocol/signaling.js';
import { InvalidStateError, PermissionDeniedError } from '../core/hearing/errors.js';
import { COURTROOM } from '../core/protocol/rooms.js';
import { TypedEmitter } from '../core/lib/TypedEmitter.js';
import { HearingRoom } from './HearingRoom.js';
import { LinkSampler } from './LinkSampler.js';
import { ProbeRooms } from './ProbeRooms.js';
import type { MediaConfig } from './MediaConfig.js';
import { RecordingTap } from './RecordingTap.js';
import type { WorkerPool } from './WorkerPool.js';

/** A room being created (`ready`) and, once created, the room itself for synchronous reads. */
interface Entry {
  ready: Promise<HearingRoom>;
  room?: HearingRoom;
}

/** For outside watchers (the recorder): every room's media events, after the domain has had them. */
export type MediaRoomsObserverEvents = { media: [event: MediaEvent] };

export class MediaRooms implements MediaRoomPort {
  readonly #rooms = new Map<string, Entry>();
  /** Where the domain placed each participant (setRoom), by hearing: a room made or rebuilt later starts from it. */
  readonly #placed = new Map<string, Map<string, RoomId>>();
  /** The recorder's open taps, by hearing and by whose media they carry (openTap, setRoom). */
  readonly #taps = new Map<string, Map<string, Set<RecordingTap>>>();
  /** Pinned participants (setPinned), by hearing: a room made or rebuilt later starts from them. */
  readonly #pinned = new Map<string, Set<string>>();
  #listener: (event: MediaEvent) => void = () => undefined;
  /** Who never sends media (placement.ts receivesOnly), asked when a receiver is placed; nobody until set. */
  #receiveOnly: (hearingId: string, participantId: string) => Promise<boolean> = () => Promise.resolve(false);
  readonly observer = new TypedEmitter<MediaRoomsObserverEvents>();
  /** The equipment check's probes: a router of their own, never reported to the domain or the recorder. */
  readonly probes: ProbeRooms;

  constructor(
    readonly pool: WorkerPool,
    private readonly config: MediaConfig,
  ) {
    this.probes = new ProbeRooms(pool, config);
  }

  setListener(listener: (event: MediaEvent) => void): void {
    this.#listener = listener;
  }

  /** How to tell a receive-only participant (server/main.ts asks the store): they may go to edge routers. */
  setReceiveOnly(receiveOnly: (hearingId: string, participantId: string) => Promise<boolean>): void {
    this.#receiveOnly = receiveOnly;
  }

  /** The room of a hearing, created on a live worker when missing. */
  room(hearingId: string): Promise<HearingRoom> {
    const existing = this.#rooms.get(hearingId);
    if (existing) return existing.ready;
    const cascade = { workers: this.pool, receiveOnly: (participantId: string) => this.#receiveOnly(hearingId, participantId) };
    const entry: Entry = { ready: this.pool.acquire().then((worker) => HearingRoom.create(hearingId, worker, this.config, cascade)) };
    this.#rooms.set(hearingId, entry);
    entry.ready.then(
      (room) => {
        entry.room = room;
        room.place([...(this.#placed.get(hearingId) ?? [])].map(([participantId, placed]) => ({ participantId, room: placed })));
        for (const participantId of this.#pinned.get(hearingId) ?? []) room.setPinned(participantId, true);
        this.#watch(room, entry);
      },
      () => this.#forget(hearingId, entry),
    );
    return entry.ready;
  }

  #forget(hearingId: string, entry: Entry): void {
    if (this.#rooms.get(hearingId) === entry) this.#rooms.delete(hearingId);
  }

  #report(e: MediaEvent): void {
    this.#listener(e);
    this.observer.safeEmit('media', e);
  }

  #watch(room: HearingRoom, entry: Entry): void {
    room.on('media', (e) => this.#report(e));
    // Each participant's link, sampled for as long as the room lives.
    const sampler = new LinkSampler(room, (e) => this.#report(e));
    room.on('@close', () => sampler.close());
    room.on('routerClosed', () => {
      // The worker died under this hearing: forget the room and have every client rebuild.
      this.#forget(room.hearingId, entry);
      this.#report({ type: 'roomReset', hearingId: room.hearingId, reason: `mediasoup worker ${room.worker.pid} died` });
    });
    room.on('@close', () => this.#forget(room.hearingId, entry));
    // An edge router's worker died: the origin runs on, but its receivers lost their transports.
    // The domain knows only a hearing-wide reset, so everyone sets up media again (on this room).
    room.on('edgeLost', (pid, participantIds) =>
      this.#report({
        type: 'roomReset',
        hearingId: room.hearingId,
        reason: `mediasoup worker ${pid} died under an edge router (${participantIds.length} receiver(s))`,
      }),
    );
  }

  /** The live room of a hearing if it exists (never creates one): what the recorder taps. */
  existingRoom(hearingId: string): HearingRoom | undefined {
    const room = this.#rooms.get(hearingId)?.room;
    return room && !room.closed ? room : undefined;
  }

  /** The recorder's tap on a producer of the hearing's live room (never creates a room). */
  openTap(hearingId: string, producerId: string, target: TapTarget): Promise<Tap> {
    const room = this.existingRoom(hearingId);
    if (!room) return Promise.reject(new Error(`hearing ${hearingId} has no media room`));
    // Only the courtroom is recorded: a side room (consultation, deliberation, witness) is never tapped.
    const owner = room.listProducers().find((p) => p.id === producerId)?.participantId;
    const outside = () => owner !== undefined && room.roomOf(owner) !== COURTROOM;
    if (outside()) return Promise.reject(new PermissionDeniedError('Only the courtroom is recorded'));
    return RecordingTap.open(room.router, producerId, target).then((tap) => {
      // Moved out while the tap was being made: it never sends a packet.
      if (outside()) {
        tap.close();
        throw new PermissionDeniedError('Only the courtroom is recorded');
      }
      if (owner !== undefined) this.#keepTap(room.hearingId, owner, tap);
      return tap;
    });
  }

  /** The room only if it already exists: operations on media that was never set up. */
  #existing(hearingId: string): Promise<HearingRoom> {
    const entry = this.#rooms.get(hearingId);
    if (!entry) return Promise.reject(new InvalidStateError('Media for this hearing is not set up'));
    return entry.ready;
  }

  async routerRtpCapabilities(hearingId: string): Promise<unknown> {
    return (await this.room(hearingId)).router.rtpCapabilities;
  }

  async createTransport(hearingId: string, participantId: string, direction: 'send' | 'recv'): Promise<TransportParams> {
    return (await this.room(hearingId)).createTransport(participantId, direction);
  }

  async connectTransport(hearingId: string, participantId: string, transportId: string, dtls: unknown): Promise<void> {
    return (await this.#existing(hearingId)).connectTransport(participantId, transportId, dtls);
  }

  async restartIce(hearingId: string, participantId: string, transportId: string): Promise<{ iceParameters: unknown }> {
    return (await this.#existing(hearingId)).restartIce(participantId, transportId);
  }

  async produce(
    hearingId: string,
    participantId: string,
    args: { transportId: string; kind: MediaKind; rtpParameters: unknown; source: MediaSource; paused: boolean },
  ): Promise<ProducerInfo> {
    return (await this.#existing(hearingId)).produce(participantId, args);
  }

  async closeProducer(hearingId: string, participantId: string, producerId: string): Promise<void> {
    (await this.#existing(hearingId)).closeProducer(participantId, producerId);
  }

  async setProducerPaused(hearingId: string, participantId: string, producerId: string, paused: boolean): Promise<void> {
    return (await this.#existing(hearingId)).setProducerPaused(participantId, producerId, paused);
  }

  async setKindPaused(hearingId: string, participantId: string, kind: MediaKind, paused: boolean): Promise<void> {
    const entry = this.#rooms.get(hearingId);
    if (entry) await (await entry.ready).setKindPaused(participantId, kind, paused);
  }

  async consume(
    hearingId: string,
    participantId: string,
    args: { transportId: string; producerId: string; rtpCapabilities: unknown },
  ): Promise<ConsumerParams> {
    return (await this.#existing(hearingId)).consume(participantId, args);
  }

  async resumeConsumer(hearingId: string, participantId: string, consumerId: string): Promise<void> {
    return (await this.#existing(hearingId)).resumeConsumer(participantId, consumerId);
  }

  async setConsumerLayers(hearingId: string, participantId: string, consumerId: string, layer: number): Promise<void> {
    return (await this.#existing(hearingId)).setConsumerLayers(participantId, consumerId, layer);
  }

  listProducers(hearingId: string): ProducerInfo[] {
    return this.#rooms.get(hearingId)?.room?.listProducers() ?? [];
  }

  /** Where each participant's media belongs (HearingRoom.place), kept for a room made (or rebuilt) later. */
  setRooms(hearingId: string, placements: readonly RoomPlacement[]): void {
    let placed = this.#placed.get(hearingId);
    if (!placed) this.#placed.set(hearingId, (placed = new Map()));
    for (const { participantId, room } of placements) {
      placed.set(participantId, room);
      // Out of the courtroom, the recorder's taps on their media go silent at once, before the
      // recorder (told by peerMoved) gets round to stopping its runs.
      if (room !== COURTROOM) for (const tap of this.#taps.get(hearingId)?.get(participantId) ?? []) tap.seal();
    }
    this.#rooms.get(hearingId)?.room?.place(placements);
  }

  /** An open recording tap, by hearing and owner, until it closes (setRoom seals it). */
  #keepTap(hearingId: string, participantId: string, tap: RecordingTap): void {
    let byOwner = this.#taps.get(hearingId);
    if (!byOwner) this.#taps.set(hearingId, (byOwner = new Map()));
    let taps = byOwner.get(participantId);
    if (!taps) byOwner.set(participantId, (taps = new Set()));
    taps.add(tap);
    tap.once('closed', () => {
      taps.delete(tap);
      if (taps.size === 0 && byOwner.get(participantId) === taps) byOwner.delete(participantId);
      if (byOwner.size === 0 && this.#taps.get(hearingId) === byOwner) this.#taps.delete(hearingId);
    });
  }

  /** Whose videos every receiver gets at the high layer (HearingRoom.setPinned), kept for a room made later. */
  setPinned(hearingId: string, participantId: string, pinned: boolean): void {
    let set = this.#pinned.get(hearingId);
    if (!set) this.#pinned.set(hearingId, (set = new Set()));
    if (pinned) set.add(participantId);
    else set.delete(participantId);
    this.#rooms.get(hearingId)?.room?.setPinned(participantId, pinned);
  }

  closePeer(hearingId: string, participantId: string): void {
    this.#rooms.get(hearingId)?.ready.then(
      (room) => room.closePeer(participantId),
      () => undefined,
    );
  }

  closeRoom(hearingId: string): void {
    this.#placed.delete(hearingId);
    this.#pinned.delete(hearingId);
    const entry = this.#rooms.get(hearingId);
    this.#rooms.delete(hearingId);
    entry?.ready.then(
      (room) => room.close(),
      () => undefined,
    );
  }

  close(): void {
    this.probes.closeAll();
    for (const id of [...this.#rooms.keys()]) this.closeRoom(id);
  }
}
