// One hearing's capture. Follows the hearing's state (records in session, from the opening to the
// end of the pronouncement; stops, closing every segment, in a suspension and while the panel
// deliberates; never before the opening or after the end) and its producers
// (one TrackRecorder each). Indexes what the tracks finish, turns their gaps into index rows and
// domain events, tells the bench its status, feeds the compositor while in session, and hands the
// finished timeline over once the last ffmpeg has exited after adjournment.
//
// Only the courtroom is recorded (core/hearing/rooms.ts): a participant moved out of it has their
// tracks stopped, a left_courtroom gap, until they are back (moved()).
import { join } from 'node:path';
import type { TapTarget, Tap } from '../core/hearing/ports.js';
import type { RecordingEvent, Store } from '../core/hearing/ports.js';
import type { ProducerInfo } from '../core/hearing/types.js';
import { COURTROOM, roomOf } from '../core/hearing/rooms.js';
import { background } from '../core/lib/background.js';
import { KeyedQueue } from '../core/lib/KeyedQueue.js';
import type { HearingState, RecordingGapCause, RecordingStatusView, RecordingTrackState } from '../core/protocol/model.js';
import type { RecordingIndex } from './ports.js';
import { MediaDrops, type Drop } from './MediaDrops.js';
import type { RecorderSlots } from './RecorderSlots.js';
import { writeRunStart } from './runStart.js';
import { LiveComposite, type CompositorLike } from './LiveComposite.js';
import { SegmentChecks } from './SegmentChecks.js';
import { storedTimeline } from './storedTimeline.js';
import { TrackRecorder } from './TrackRecorder.js';
import type { OpenGap, TrackRecorderOptions } from './TrackRecorderTypes.js';
import type { HearingTimeline, RecordingGap } from './types.js';

export interface HearingRecorderDeps {
  hearingId: string;
  /** data/recordings/<hearingId> */
  dir: string;
  index: RecordingIndex;
  store: Store;
  openTap(producerId: string, target: TapTarget): Promise<Tap>;
  report(event: RecordingEvent): void;
  onCaptured(timeline: HearingTimeline): void;
  compositor?: CompositorLike;
  now(): number;
  options: TrackRecorderOptions;
  /** The recorder's bounds on tracks at once (Recorder's, shared by every hearing); none: unbounded. */
  slots?: RecorderSlots;
}

export type { CompositorLike };

export class HearingRecorder {
  readonly hearingId: string;
  #state: HearingState;
  readonly #producers = new Map<string, { info: ProducerInfo; addedAt: number }>();
  readonly #tracks = new Map<string, TrackRecorder>();
  /** Media that went away in session, until it is captured again (the gap it leaves). */
  readonly #drops = new MediaDrops((gap) => this.#gap(gap));
  /** Tracks whose producer closed, until their last ffmpeg has finished (never awaited in the queue). */
  readonly #closing = new Map<TrackRecorder, Promise<void>>();
  /** The finished segments' continuity checks, one ffprobe at a time for the whole hearing. */
  readonly #checks = new SegmentChecks();
  /** Producers refused a recorder slot (the bench alerted once each), until one frees or they close. */
  readonly #waiting = new Set<string>();
  /** Of those, each one's time in session without a record: its recorder_limit gap, by producer id. */
  readonly #unrecorded = new Map<string, { participantId: string; sinceMs: number }>();
  /** Media writing stopped for lack of space (Recorder.suspend). */
  #suspended = false;
  /** Serializes state changes and producer arrivals/departures. */
  readonly #queue = new KeyedQueue();
  #statusKey = '';
  #statusQueued = false;
  /** Composes while in session, up to what every track has finished. */
  readonly #composite: LiveComposite | undefined;
  #captured = false;
  /**
   * Index writes, chained in the order the tracks made them (a track's row before its segments,
   * whatever the database's connections); timeline() reads after the ones made so far.
   */
  #writes: Promise<void> = Promise.resolve();

  constructor(private readonly deps: HearingRecorderDeps) {
    this.hearingId = deps.hearingId;
    this.#state = 'scheduled';
    // The hearing's state as stored, before any task queued after this one (follow() then sets it).
    background(
      this.#run(async () => {
        this.#state = (await deps.store.hearings.get(deps.hearingId))?.state ?? 'scheduled';
      }),
      'recorder: reading the hearing state',
    );
    this.#composite =
      deps.compositor &&
      new LiveComposite(
        deps.compositor,
        () => this.timeline(),
        () => this.#readyUntil(),
        `hearing ${deps.hearingId}`,
      );
  }

  get state(): HearingState {
    return this.#state;
  }

  get captured(): boolean {
    return this.#captured;
  }

  get tracks(): readonly TrackRecorder[] {
    return [...this.#tracks.values()];
  }

  #run(task: () => Promise<void> | void): Promise<void> {
    return this.#queue.run('hearing', task).catch((error) => console.error(`[recorder] hearing ${this.hearingId}:`, error));
  }

  follow(state: HearingState): Promise<void> {
    return this.#run(async () => {
      // The recorder may be created by this very change (its state then read from the store
      // already), so act on the state given rather than on a difference; every step is idempotent.
      if (this.#captured) return;
      const at = this.deps.now();
      this.#state = state;
      if (state === 'in_session') {
        for (const p of this.#producers.values()) await this.#startTrack(p.info);
      } else {
        // The bench sees the pause now; under load an ffmpeg can take seconds to close its segment.
        this.#queueStatus();
        // Closing every run closes its last segment; outages vcourt caused end here.
        await Promise.all([...this.#tracks.values()].map((t) => t.stop()));
        this.#drops.sessionEnded(at);
        this.#endUnrecorded(at);
        // Before the session and in a recess, every track waits on standby for the next start.
        if (state !== 'adjourned' && !this.#suspended)
          for (const p of this.#producers.values()) if (!(await this.#away(p.info.participantId))) this.#track(p.info)?.prepare();
      }
      this.#queueStatus();
      if (state === 'adjourned') await this.#finish(at);
    });
  }

  producerAdded(info: ProducerInfo): Promise<void> {
    const addedAt = this.deps.now();
    return this.#run(async () => {
      if (this.#captured) return;
      this.#producers.set(info.id, { info, addedAt });
      if (this.#state !== 'in_session') {
        if (this.#state !== 'adjourned' && !this.#suspended && !(await this.#away(info.participantId))) this.#track(info)?.prepare();
        return;
      }
      this.#drops.arrived(info.id, info);
      await this.#startTrack(info);
    });
  }

  producerClosed(producerId: string): Promise<void> {
    const at = this.deps.now();
    return this.#run(async () => {
      const known = this.#producers.get(producerId);
      this.#producers.delete(producerId);
      this.#waiting.delete(producerId);
      this.#endUnrecorded(at, producerId);
      const track = this.#tracks.get(producerId);
      if (!track) return;
      this.#tracks.delete(producerId);
      this.#drops.gone(producerId);
      // Its ffmpeg may take seconds to finish (idle timeout): new producers are tapped meanwhile.
      // Its recorder slot comes back once its last ffmpeg is gone, however the close went.
      const exited = track.close().finally(() => this.deps.slots?.release(this.hearingId, producerId));
      const closed = exited.then(async () => {
        await this.#write('ending a track', () => this.deps.index.endTrack(producerId, at));
        this.#closing.delete(track);
        this.#queueStatus();
      });
      this.#closing.set(track, closed);
      background(closed, 'closing a track');
      // Leave and removal change the participant's status before their media closes; a dropped
      // connection leaves them admitted, and their media will come back as new producers.
      const participant = known && (await this.deps.store.participants.get(known.info.participantId));
      // Away from the courtroom, their left_courtroom gap already covers it.
      if (this.#state === 'in_session' && participant?.status === 'admitted' && roomOf(participant) === COURTROOM && known) {
        const { participantId, kind, source } = known.info;
        const since = closed.then(() => track.lastEndMs ?? at);
        this.#drops.dropped({ participantId, kind, source, cause: 'participant_reconnected', trackId: producerId, droppedAtMs: at, since });
      }
      this.#queueStatus();
    });
  }

  /**
   * The participant was moved between rooms: out of the courtroom their tracks stop and the time
   * away is a left_courtroom gap (not an outage: the bench is not alerted); back in, they restart.
   */
  moved(participantId: string): Promise<void> {
    const at = this.deps.now();
    return this.#run(async () => {
      if (this.#captured) return;
      const theirs = [...this.#producers.values()].map((p) => p.info).filter((i) => i.participantId === participantId);
      const away = await this.#away(participantId);
      for (const info of theirs) {
        if (!away) {
          if (this.#state === 'in_session') {
            this.#drops.arrived(info.id, info);
            await this.#startTrack(info);
          } else if (this.#state !== 'adjourned' && !this.#suspended) this.#track(info)?.prepare();
          continue;
        }
        const track = this.#tracks.get(info.id);
        if (!track) continue;
        const recording = this.#state === 'in_session' && track.state === 'recording';
        const stopped = track.stop();
        background(stopped, 'a participant left the courtroom');
        if (this.#state !== 'in_session') continue;
        const since = stopped.then(() => (recording ? (track.lastEndMs ?? at) : at));
        const { kind, source, id } = info;
        this.#drops.dropped({ participantId, kind, source, cause: 'left_courtroom', trackId: id, droppedAtMs: at, since });
      }
      this.#queueStatus();
    });
  }

  /** Outside the courtroom (rooms.ts): not recorded. */
  async #away(participantId: string): Promise<boolean> {
    const p = await this.deps.store.participants.get(participantId);
    return p !== undefined && roomOf(p) !== COURTROOM;
  }

  /** Stop every ffmpeg (server shutdown); the hearing may be recorded again after a restart. */
  close(): Promise<void> {
    return this.#run(async () => {
      await Promise.all([...this.#tracks.values()].map((t) => t.close()));
      await Promise.all(this.#closing.values());
      for (const id of this.#tracks.keys()) this.deps.slots?.release(this.hearingId, id);
      this.#tracks.clear();
    });
  }

  /**
   * The hearing's media room was rebuilt (its mediasoup worker died): the producers that closed
   * just before were lost to vcourt's fault. Their gaps say so, and the bench is told at once.
   */
  mediaReset(atMs: number): Promise<void> {
    return this.#run(() => {
      // The producers close before the router reports its end; a second is ample between them.
      for (const d of this.#drops.relabel('media_worker_died', atMs - 1000)) {
        const { participantId, kind, source, trackId } = d;
        this.#alert({ type: 'interrupted', hearingId: this.hearingId, trackId, participantId, kind, source, cause: d.cause, atMs });
      }
    });
  }

  /**
   * No more media can be written (the disk reached its reserve): every run stops, each track in
   * session is a disk_full gap from its last captured instant, and the bench is told.
   */
  suspend(atMs: number): Promise<void> {
    return this.#run(() => {
      if (this.#suspended || this.#captured) return;
      this.#suspended = true;
      for (const track of this.#tracks.values()) {
        const recording = this.#state === 'in_session' && track.state === 'recording';
        // Not awaited here: ffmpeg may take seconds to stop; a later start() runs after the stop.
        const stopped = track.stop();
        background(stopped, 'suspending a track');
        if (this.#state !== 'in_session') continue;
        const { participantId, kind, source, id } = track.producer;
        // A track that was already failing has its own gap up to now.
        const since = stopped.then(() => (recording ? (track.lastEndMs ?? atMs) : atMs));
        this.#drops.dropped({ participantId, kind, source, cause: 'disk_full', trackId: id, droppedAtMs: atMs, since });
        this.deps.report({
          type: 'interrupted',
          hearingId: this.hearingId,
          trackId: id,
          participantId,
          kind,
          source,
          cause: 'disk_full',
          atMs,
        });
      }
      this.#queueStatus();
    });
  }

  /** Space again: capture resumes where the session wants it; each gap ends with its first packet. */
  resume(): Promise<void> {
    return this.#run(async () => {
      if (!this.#suspended || this.#captured) return;
      this.#suspended = false;
      for (const p of this.#producers.values()) {
        if (this.#state === 'in_session') {
          this.#drops.arrived(p.info.id, p.info);
          await this.#startTrack(p.info);
        } else if (this.#state !== 'adjourned') this.#track(p.info)?.prepare();
      }
    });
  }

  /** After a restart: media the outage cut off, waiting for its participants to come back. */
  outage(drops: Drop[]): Promise<void> {
    return this.#run(() => {
      for (const d of drops) {
        this.#drops.dropped(d);
        const { participantId, kind, source, trackId } = d;
        this.#alert({
          type: 'interrupted',
          hearingId: this.hearingId,
          trackId,
          participantId,
          kind,
          source,
          cause: d.cause,
          atMs: d.droppedAtMs,
        });
      }
    });
  }

  async timeline(): Promise<HearingTimeline> {
    await this.#writes;
    return storedTimeline(this.deps.store, this.deps.index, this.hearingId, this.deps.now());
  }

  status(): RecordingStatusView {
    const tracks = [...this.#tracks.values()]
      .filter((t) => t.state !== 'ended')
      .map((t) => ({
        trackId: t.trackId,
        participantId: t.producer.participantId,
        kind: t.producer.kind,
        source: t.producer.source,
        state: t.state as RecordingTrackState,
      }));
    const failing = this.#suspended || this.#unrecorded.size > 0 || tracks.some((t) => t.state === 'failed' || t.state === 'restarting');
    const paused = this.#state === 'recess' || this.#state === 'deliberation';
    const state = this.#state === 'in_session' ? (failing ? 'failing' : 'recording') : paused ? 'paused' : 'stopped';
    return { state, tracks, at: new Date(this.deps.now()).toISOString() };
  }

  async #startTrack(info: ProducerInfo): Promise<void> {
    if (await this.#away(info.participantId)) return;
    if (this.#suspended) {
      // Nothing can be written: the time in session this producer should have been recorded is a gap.
      const { participantId, kind, source, id } = info;
      const at = this.deps.now();
      this.#drops.dropped({ participantId, kind, source, cause: 'disk_full', trackId: id, droppedAtMs: at, since: Promise.resolve(at) });
      return;
    }
    this.#track(info)?.start();
  }

  /** The producer's track, made if missing; undefined while the recorder's bounds leave it no slot. */
  #track(info: ProducerInfo): TrackRecorder | undefined {
    let track = this.#tracks.get(info.id);
    if (!track) {
      if (!this.#slot(info)) return undefined;
      track = new TrackRecorder({
        producer: info,
        dir: join(this.deps.dir, 'tracks', info.id),
        openTap: (target) => this.deps.openTap(info.id, target),
        now: this.deps.now,
        options: this.deps.options,
        checks: this.#checks,
      });
      this.#wire(track, info);
      this.#tracks.set(info.id, track);
    }
    return track;
  }

  #wire(track: TrackRecorder, info: ProducerInfo): void {
    const { index } = this.deps;
    const addedAt = this.#producers.get(info.id)?.addedAt ?? this.deps.now();
    const base = { hearingId: this.hearingId, trackId: info.id, participantId: info.participantId };
    track.on('codec', (codec) =>
      background(
        this.#write('indexing a track', () =>
          index.addTrack({
            id: info.id,
            hearingId: this.hearingId,
            participantId: info.participantId,
            kind: info.kind,
            source: info.source,
            codec,
            startedAtMs: addedAt,
          }),
        ),
        'recorder: indexing a track',
      ),
    );
    track.on('segment', (s) =>
      background(
        this.#write('indexing a segment', async () => {
          await index.addSegment(s);
          this.#composite?.schedule();
        }),
        'recorder: indexing a segment',
      ),
    );
    track.on('runStarted', (run, startMs) => {
      // Beside the run's segment list: after a crash its lines can still be placed on the clock.
      writeRunStart(join(this.deps.dir, 'tracks', info.id), run, startMs);
      this.#drops.started(info.id, startMs);
    });
    const interrupted = (g: OpenGap) => {
      // A still screen may send no frames for a while: a gap in the record, but no alarm.
      if (g.cause === 'producer_silent' && info.source === 'screen') return;
      this.#alert({ type: 'interrupted', ...base, kind: info.kind, source: info.source, cause: g.cause, atMs: g.startMs });
      if (g.cause !== 'producer_silent')
        console.warn(`[recorder] hearing ${this.hearingId} track ${info.id} (${info.kind}): ${g.cause}: ${track.lastError}`);
    };
    track.on('gapOpened', interrupted);
    track.on('failing', interrupted);
    track.on('gapClosed', (g) =>
      this.#gap({ trackId: info.id, participantId: info.participantId, startMs: g.startMs, endMs: g.endMs, cause: g.cause }),
    );
    // Media missing inside a finished segment (its timestamps jump): a gap of its own.
    track.on('hole', (g) =>
      this.#gap({ trackId: info.id, participantId: info.participantId, startMs: g.startMs, endMs: g.endMs, cause: g.cause }),
    );
    track.on('state', () => this.#queueStatus());
  }

  /** The bench is alerted of holes nobody chose; a move out of the courtroom is not one (RecordingAlertCause). */
  #alert(e: Omit<Extract<RecordingEvent, { type: 'interrupted' }>, 'cause'> & { cause: RecordingGapCause }): void {
    const { cause } = e;
    if (cause !== 'left_courtroom') this.deps.report({ ...e, cause });
  }

  #gap(gap: RecordingGap & { endMs: number }): void {
    const written = this.#write('indexing a gap', async () => {
      await this.deps.index.addGap(this.hearingId, gap);
      this.deps.report({ type: 'gap', hearingId: this.hearingId, ...gap });
    });
    background(written, 'recorder: indexing a gap');
  }

  /** Queues an index write after the earlier ones; a failure is logged (the capture goes on). */
  #write(what: string, work: () => Promise<void>): Promise<void> {
    const done = this.#writes.then(work).catch((error: unknown) => console.error(`[recorder] hearing ${this.hearingId}: ${what}:`, error));
    this.#writes = done;
    return done;
  }

  /** Status changes come in bursts (every track at once): tell the bench once per burst. */
  #queueStatus(): void {
    if (this.#statusQueued) return;
    this.#statusQueued = true;
    queueMicrotask(() => {
      this.#statusQueued = false;
      const status = this.status();
      const key = JSON.stringify({ ...status, at: undefined });
      if (key === this.#statusKey) return;
      this.#statusKey = key;
      this.deps.report({ type: 'status', hearingId: this.hearingId, status });
    });
  }

  /** Up to when every live track's segments are finished (nothing earlier is still to come). */
  #readyUntil(): number {
    const now = this.deps.now();
    return Math.min(now, ...[...this.#tracks.values(), ...this.#closing.keys()].map((t) => t.finishedUntil(now)));
  }

  /** After adjournment: every ffmpeg has exited (follow() awaited them); seal and hand over. */
  async #finish(at: number): Promise<void> {
    await Promise.all(this.#closing.values());
    // Holes found in the last segments belong in the timeline handed over.
    await Promise.all([...this.#tracks.values()].map((t) => t.settled()));
    await this.#drops.settled();
    for (const track of this.#tracks.values()) {
      background(
        this.#write('ending a track', () => this.deps.index.endTrack(track.trackId, at)),
        'recorder: ending a track',
      );
      this.deps.slots?.release(this.hearingId, track.trackId);
    }
    this.#tracks.clear();
    this.#waiting.clear();
    this.#producers.clear();
    this.#queueStatus();
    // The bundle's compositor.finish() must not run beside our last advance() on the same chunks.
    await this.#composite?.settled();
    const timeline = await this.timeline();
    this.#captured = true;
    this.deps.onCaptured(timeline);
  }

  // ---- the recorder's bounds (RecorderSlots.ts) ---------------------------------------------------

  /** Producers waiting for a recorder slot. */
  get waiting(): number {
    return this.#waiting.size;
  }

  /** A slot freed (here or in another hearing): producers waiting for one try again, as on arrival. */
  slotFreed(): Promise<void> {
    return this.#run(async () => {
      if (this.#captured || this.#suspended) return;
      for (const id of [...this.#waiting]) {
        const p = this.#producers.get(id);
        if (!p) this.#waiting.delete(id);
        else if (this.#state === 'in_session') await this.#startTrack(p.info);
        else if (this.#state !== 'adjourned') this.#track(p.info)?.prepare();
      }
    });
  }

  /**
   * A slot for the producer's track. Refused: the bench is alerted (once per producer) and told
   * why in the log, and while in session the time without a record is a recorder_limit gap.
   */
  #slot(info: ProducerInfo): boolean {
    const slots = this.deps.slots;
    if (!slots) return true;
    const at = this.deps.now();
    const refused = slots.take(this.hearingId, info.id);
    if (!refused) {
      this.#waiting.delete(info.id);
      this.#endUnrecorded(at, info.id);
      return true;
    }
    const { participantId, kind, source, id } = info;
    if (!this.#waiting.has(id)) {
      this.#waiting.add(id);
      const bound =
        refused === 'hearing'
          ? `${slots.limits.tracksPerHearing} tracks per hearing`
          : `${slots.limits.tracksPerServer} tracks on this server`;
      console.error(
        `[recorder] ALERT: hearing ${this.hearingId}: the ${kind} track ${id} of participant ${participantId} is not recorded: the limit of ${bound} is reached`,
      );
      this.deps.report({
        type: 'interrupted',
        hearingId: this.hearingId,
        trackId: id,
        participantId,
        kind,
        source,
        cause: 'recorder_limit',
        atMs: at,
      });
    }
    if (this.#state === 'in_session' && !this.#unrecorded.has(id)) this.#unrecorded.set(id, { participantId, sinceMs: at });
    this.#queueStatus();
    return false;
  }

  /** The recorder_limit gaps open until `atMs` end there: one producer's, or every one (the session stopped). */
  #endUnrecorded(atMs: number, producerId?: string): void {
    for (const [id, u] of [...this.#unrecorded]) {
      if (producerId !== undefined && id !== producerId) continue;
      this.#unrecorded.delete(id);
      if (atMs > u.sinceMs)
        this.#gap({ trackId: id, participantId: u.participantId, startMs: u.sinceMs, endMs: atMs, cause: 'recorder_limit' });
    }
    this.#queueStatus();
  }
}
