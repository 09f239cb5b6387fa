// Live capture of every hearing: one HearingRecorder per hearing, fed by the media rooms' observer
// (producers appearing and closing) and by the domain's state changes (server/main.ts wires
// `service.on('stateChanged', …)` to follow()). Reports to the domain through the RecorderPort
// listener, and announces each adjourned hearing's finished timeline with 'captured'.
import { join } from 'node:path';
import type { MediaEvent, RecorderPort, RecordingEvent, Store, TapSource } from '../core/hearing/ports.js';
import type { ProducerInfo } from '../core/hearing/types.js';
import { TypedEmitter } from '../core/lib/TypedEmitter.js';
import type { HearingState, RecordingStatusView } from '../core/protocol/model.js';
import { HearingRecorder, type CompositorLike } from './HearingRecorder.js';
import { storedTimeline } from './storedTimeline.js';
import { DEFAULT_TRACK_OPTIONS, type TrackRecorderOptions, type TrackState } from './TrackRecorderTypes.js';
import type { RecordingIndex } from './ports.js';
import { outageDrop, recoverOpenTracks, type RecoveredTrack } from './Recovery.js';
import { RecorderSlots, type RecorderLimits } from './RecorderSlots.js';
import type { HearingTimeline } from './types.js';
import { background } from '../core/lib/background.js';

/** What the recorder needs of the media layer (media/MediaRooms.ts). */
export interface RecordingMedia extends TapSource {
  readonly observer: { on(event: 'media', listener: (e: MediaEvent) => void): unknown };
  listProducers(hearingId: string): ProducerInfo[];
}

export interface RecorderDeps {
  /** data/recordings */
  rootDir: string;
  /** Where tracks, segments and gaps are indexed (server/store/SqlRecordingIndex.ts). */
  index: RecordingIndex;
  store: Store;
  media: RecordingMedia;
  /** The compositor that composes a hearing's chunks while it runs (one per hearing). */
  compositorFor?: (hearingId: string) => CompositorLike;
  options?: Partial<TrackRecorderOptions>;
  /** Tracks recorded at once, per hearing and on the server (RecorderSlots.ts); defaults where not given. */
  limits?: Partial<RecorderLimits>;
  now?: () => number;
}

export type RecorderEvents = {
  /** After adjournment, once every ffmpeg has exited and the last segments are indexed. */
  captured: [hearingId: string, timeline: HearingTimeline];
};

export interface TrackProcess {
  trackId: string;
  participantId: string;
  kind: string;
  state: TrackState;
  pid: number | undefined;
}

export class Recorder extends TypedEmitter<RecorderEvents> implements RecorderPort {
  readonly index: RecordingIndex;
  /** The bounds on tracks (so ffmpeg processes) at once, shared by every hearing. */
  readonly slots: RecorderSlots;
  readonly #hearings = new Map<string, HearingRecorder>();
  readonly #options: TrackRecorderOptions;
  readonly #now: () => number;
  #listener: (event: RecordingEvent) => void = () => undefined;
  #closed = false;
  #suspended = false;

  constructor(private readonly deps: RecorderDeps) {
    super();
    this.index = deps.index;
    this.#options = { ...DEFAULT_TRACK_OPTIONS, ...deps.options };
    this.#now = deps.now ?? Date.now;
    this.slots = new RecorderSlots(deps.limits);
    this.slots.on('freed', () => {
      for (const h of this.#hearings.values()) if (h.waiting > 0) background(h.slotFreed(), 'recorder: slot freed');
    });
    deps.media.observer.on('media', (e) => this.#onMedia(e));
  }

  setListener(listener: (event: RecordingEvent) => void): void {
    this.#listener = listener;
  }

  /** The hearing changed state (from HearingService's stateChanged). */
  follow(hearingId: string, state: HearingState): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return this.#hearing(hearingId).follow(state);
  }

  /** The hearing's timeline so far (sessions still open end now); any hearing, live or not. */
  timeline(hearingId: string): Promise<HearingTimeline> {
    return this.#hearings.get(hearingId)?.timeline() ?? storedTimeline(this.deps.store, this.index, hearingId, this.#now());
  }

  status(hearingId: string): RecordingStatusView | undefined {
    return this.#hearings.get(hearingId)?.status();
  }

  /** The recorders of a hearing and their ffmpeg pids (tests, the CPU bench). */
  processes(hearingId: string): TrackProcess[] {
    return (this.#hearings.get(hearingId)?.tracks ?? []).map((t) => ({
      trackId: t.trackId,
      participantId: t.producer.participantId,
      kind: t.producer.kind,
      state: t.state,
      pid: t.pid,
    }));
  }

  /**
   * At start, before any media: what the previous server left open (it stopped or crashed at
   * `stoppedAtMs`). Segments it wrote but never indexed are indexed, its tracks ended, and in
   * hearings that were in session each cut-off track is a gap until its participant is back.
   * With several nodes, `hearingId`: that hearing only (taken over from a dead node).
   */
  async recover(
    outage: { stoppedAtMs: number; cause: 'server_stopped' | 'server_crashed' },
    hearingId?: string,
  ): Promise<{ tracks: number; orphans: number }> {
    const recovered = await recoverOpenTracks(this.index, outage.stoppedAtMs, hearingId);
    const byHearing = new Map<string, RecoveredTrack[]>();
    for (const r of recovered) byHearing.set(r.track.hearingId, [...(byHearing.get(r.track.hearingId) ?? []), r]);
    for (const [hearingId, tracks] of byHearing) {
      if ((await this.deps.store.hearings.get(hearingId))?.state !== 'in_session') continue;
      const drops = tracks.map((r) => outageDrop(r, outage.cause, outage.stoppedAtMs));
      background(this.#hearing(hearingId).outage(drops), 'recorder: outage');
    }
    return { tracks: recovered.length, orphans: recovered.reduce((n, r) => n + r.orphans, 0) };
  }

  /** The disk reached its reserve: no media is written until resume(). */
  suspend(): void {
    if (this.#suspended) return;
    this.#suspended = true;
    const at = this.#now();
    for (const h of this.#hearings.values()) background(h.suspend(at), 'recorder: suspend');
  }

  resume(): void {
    if (!this.#suspended) return;
    this.#suspended = false;
    for (const h of this.#hearings.values()) background(h.resume(), 'recorder: resume');
  }

  get suspended(): boolean {
    return this.#suspended;
  }

  /** Server shutdown: let every ffmpeg finish its segment. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#hearings.values()].map((h) => h.close()));
    this.#hearings.clear();
  }

  #onMedia(e: MediaEvent): void {
    if (this.#closed) return;
    switch (e.type) {
      case 'producerAdded':
        background(this.#hearing(e.hearingId).producerAdded(e.producer), 'recorder: producer added');
        return;
      case 'producerClosed':
        background(this.#hearings.get(e.hearingId)?.producerClosed(e.producerId) ?? Promise.resolve(), 'recorder: producer closed');
        return;
      case 'roomReset':
        // The worker died: the producers it closed (above) were lost to vcourt's fault.
        background(this.#hearings.get(e.hearingId)?.mediaReset(this.#now()) ?? Promise.resolve(), 'recorder: media reset');
        return;
      case 'peerMoved':
        // Only the courtroom is recorded (HearingRecorder.moved reads where they are now).
        background(this.#hearings.get(e.hearingId)?.moved(e.participantId) ?? Promise.resolve(), 'recorder: room move');
        return;
      default:
        return; // pauses reach each tap directly
    }
  }

  #hearing(hearingId: string): HearingRecorder {
    let h = this.#hearings.get(hearingId);
    if (h) return h;
    const created: HearingRecorder = new HearingRecorder({
      hearingId,
      dir: join(this.deps.rootDir, hearingId),
      index: this.index,
      store: this.deps.store,
      openTap: (producerId, target) => this.deps.media.openTap(hearingId, producerId, target),
      report: (event) => {
        try {
          this.#listener(event);
        } catch (error) {
          console.error('[recorder] listener threw:', error);
        }
      },
      onCaptured: (timeline) => {
        if (this.#hearings.get(hearingId) === created) this.#hearings.delete(hearingId);
        this.safeEmit('captured', hearingId, timeline);
      },
      compositor: this.deps.compositorFor?.(hearingId),
      now: this.#now,
      options: this.#options,
      slots: this.slots,
    });
    h = created;
    this.#hearings.set(hearingId, h);
    if (this.#suspended) background(h.suspend(this.#now()), 'recorder: suspend');
    // Producers that existed before this recorder heard of the hearing.
    for (const p of this.deps.media.listProducers(hearingId)) background(h.producerAdded(p), 'recorder: producer added');
    return h;
  }
}
