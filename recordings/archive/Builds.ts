// How records get built: one build at a time (a start-up with many records to rebuild is not a CPU
// storm), a failed attempt retried with back-off (retryPolicy.ts), and a row that always says where
// it is: 'building' (queued or running), 'failed' with the next attempt's time, or 'failed' for
// good with its error. A series of attempts starts after adjournment (the Recorder's hand-over), at
// start-up for every adjourned hearing whose record is missing, interrupted or failed, or when an
// admin asks for a rebuild. Every request, attempt, retry and give-up is in the audit log.
import { ConflictError, InvalidStateError } from '../../core/hearing/errors.js';
import type { Actor } from '../../core/hearing/types.js';
import { background } from '../../core/lib/background.js';
import type { RecordStatus } from '../../core/protocol/http.js';
import type { HearingTimeline } from '../types.js';
import { actorOf, type ArchiveContext, type StaffActor } from './ArchiveContext.js';
import type { Records } from './Records.js';
import { maxAttempts, nextAttemptAt } from './retryPolicy.js';

/** Less than a frame in session (opened then adjourned, or started and adjourned at once) is no media record. */
export const MIN_SESSION_MS = 100;
export const NO_SESSION = 'adjourned without time in session';

export function timeInSessionMs(timeline: HearingTimeline): number {
  return timeline.sessions.reduce((sum, s) => sum + (s.endMs - s.startMs), 0);
}

/** Whether a hearing's timeline has anything to record. */
export function recordable(timeline: HearingTimeline): boolean {
  return timeInSessionMs(timeline) >= MIN_SESSION_MS;
}

export type TimelineSource = (hearingId: string) => Promise<HearingTimeline>;

/** One series of attempts at one hearing's record, at its current attempt. */
interface Series {
  hearingId: string;
  attempt: number;
  /** The record was ready: the new bundle goes beside it, and it stays ready if every attempt fails. */
  replaceReady: boolean;
  /** What the Recorder handed over at adjournment (the first attempt's timeline). */
  timeline?: HearingTimeline;
}

interface Request {
  reason: 'startup' | 'admin';
  previous: RecordStatus | null;
  force: boolean;
  actor: Actor;
}

const SYSTEM: Actor = { kind: 'system' };

export class Builds {
  readonly #queue: Series[] = [];
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #running: string | null = null;
  #timelineOf: TimelineSource | undefined;
  #closed = false;

  constructor(
    private readonly ctx: ArchiveContext,
    private readonly records: Records,
  ) {}

  /** The Recorder's hand-over after adjournment: the record is queued, or noted as none. Rejects when refused. */
  async captured(hearingId: string, timeline: HearingTimeline): Promise<void> {
    if (!recordable(timeline)) return this.records.noRecord(hearingId, NO_SESSION);
    await this.#start({ hearingId, attempt: 1, replaceReady: false, timeline });
  }

  /**
   * At start-up, once the Recorder has recovered what the previous run left open: where timelines
   * come from (retries and rebuilds read them from the store), and a series for every adjourned
   * hearing whose record is missing, was interrupted or failed. Returns the hearings queued.
   */
  async recover(timelineOf: TimelineSource): Promise<string[]> {
    this.#timelineOf = timelineOf;
    const queued: string[] = [];
    for (const p of await this.ctx.deps.records.pending()) {
      try {
        // Several nodes: the record of a hearing another live node served is that node's to build.
        if (this.ctx.deps.recoversRecord && !(await this.ctx.deps.recoversRecord(p.hearingId))) continue;
        // No row and nothing recorded: the Recorder never handed it over (the server stopped first).
        if (p.status === null && !recordable(await timelineOf(p.hearingId))) {
          await this.records.noRecord(p.hearingId, NO_SESSION);
          continue;
        }
        await this.#start(
          { hearingId: p.hearingId, attempt: 1, replaceReady: p.status === 'ready' },
          { reason: 'startup', previous: p.status, force: p.hasBundle, actor: SYSTEM },
        );
        queued.push(p.hearingId);
      } catch (error) {
        this.ctx.log(`record of hearing ${p.hearingId}: not rebuilt at start-up: ${String(error)}`);
      }
    }
    if (queued.length) this.ctx.log(`rebuilding ${queued.length} record(s) left missing, interrupted or failed, one at a time`);
    return queued;
  }

  /**
   * An admin's rebuild, into a new folder. Refused while a build is queued or running, after the
   * record's deletion, for a hearing with nothing to record, and for a ready record unless `force`
   * (the ready bundle is kept, never rewritten, and stays the record if every attempt fails).
   * A retry already scheduled is replaced by this new series.
   */
  async rebuild(hearingId: string, by: StaffActor, force: boolean): Promise<void> {
    if ((await this.ctx.hearing(hearingId)).state !== 'adjourned') throw new InvalidStateError('A record is built only after adjournment');
    const row = await this.ctx.deps.records.get(hearingId);
    if (row?.status === 'building') throw new ConflictError('The record is being built; wait until it is ready or failed');
    if (row?.status === 'deleted')
      throw new InvalidStateError('The record was deleted at the end of its retention, with the captured media');
    if (row?.status === 'ready' && !force) {
      throw new ConflictError('This hearing has a ready record; rebuild with "force" to make a new one beside it (the old one is kept)');
    }
    if (!row && !recordable(await this.#timeline(hearingId))) {
      throw new InvalidStateError('The hearing was adjourned without time in session: there is nothing to record');
    }
    // Claiming the row is the check that counts: a build started meanwhile makes it refuse.
    await this.#start(
      { hearingId, attempt: 1, replaceReady: row?.status === 'ready' },
      { reason: 'admin', previous: row?.status ?? null, force, actor: actorOf(by) },
    );
  }

  /**
   * Server stop: no new attempt starts. Scheduled retries are dropped and queued builds failed,
   * their rows saying an attempt is due, so the next start rebuilds them. A build already running
   * cannot be cut short: its row is failed as interrupted at the next start if it did not finish.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    for (const series of this.#queue.splice(0)) await this.#leftQueued(series);
  }

  /** A queued build the stop kept from starting: failed, with an attempt due, so the next start rebuilds it. */
  async #leftQueued({ hearingId, attempt }: Series): Promise<void> {
    const at = this.ctx.now().toISOString();
    try {
      const error = 'The server stopped before this build started';
      await this.ctx.transaction(async () => {
        await this.ctx.deps.records.failed(hearingId, error, at, at);
        await this.ctx.audit(hearingId, SYSTEM, 'record.failed', { error, attempt });
      });
    } catch (error) {
      this.ctx.log(`record of hearing ${hearingId}: left queued at stop: ${String(error)}`);
    }
  }

  /** Claims the row (rejects when refused), replaces any scheduled retry, and queues the attempt. */
  async #start(series: Series, request?: Request): Promise<void> {
    if (this.#closed) throw new InvalidStateError('The server is stopping');
    await this.ctx.transaction(async () => {
      await this.records.claim(series.hearingId, { attempt: series.attempt, replaceReady: series.replaceReady });
      if (request) {
        const { reason, previous, force, actor } = request;
        await this.ctx.audit(series.hearingId, actor, 'record.rebuild_requested', { reason, previous, force });
      }
    });
    this.#cancel(series.hearingId);
    // Stopped while the row was claimed: close() has emptied the queue already.
    if (this.#closed) return this.#leftQueued(series);
    this.#queue.push(series);
    this.#pump();
  }

  #pump(): void {
    if (this.#running !== null || this.#closed) return;
    const next = this.#queue.shift();
    if (!next) return;
    this.#running = next.hearingId;
    background(
      this.#run(next).finally(() => {
        this.#running = null;
        this.#pump();
      }),
      `record of hearing ${next.hearingId}`,
    );
  }

  async #run(series: Series): Promise<void> {
    const { hearingId, attempt } = series;
    const policy = this.ctx.retry;
    const result = await this.records.attempt(
      hearingId,
      () => this.#timelineFor(series),
      attempt,
      () => (this.#closed ? null : (nextAttemptAt(policy, attempt, this.ctx.now())?.toISOString() ?? null)),
    );
    if (result.ok || this.#closed) return; // a stopped server's failed rows are rebuilt at the next start
    const error = result.error.slice(0, 500);
    if (result.nextAttemptAt === null) {
      await this.ctx.audit(hearingId, SYSTEM, 'record.gave_up', { attempts: attempt, error });
      this.ctx.log(`record of hearing ${hearingId}: gave up after ${attempt} attempt(s): ${result.error}`);
      return;
    }
    await this.ctx.audit(hearingId, SYSTEM, 'record.retry_scheduled', {
      attempt: attempt + 1,
      of: maxAttempts(policy),
      nextAttemptAt: result.nextAttemptAt,
      error,
    });
    const wait = Math.max(0, Date.parse(result.nextAttemptAt) - this.ctx.now().getTime());
    if (this.#closed) return; // stopped meanwhile: the row's next attempt is due at the next start
    const next = { ...series, attempt: attempt + 1 };
    const timer = setTimeout(() => background(this.#retry(next), `record of hearing ${hearingId}: retry`), wait);
    timer.unref(); // a retry must not keep a stopping server alive
    this.#timers.set(hearingId, timer);
  }

  async #retry(series: Series): Promise<void> {
    this.#timers.delete(series.hearingId);
    if (this.#closed) return;
    try {
      await this.#start(series);
    } catch (error) {
      // Deleted meanwhile, or rebuilt by an admin: nothing left to retry.
      this.ctx.log(`record of hearing ${series.hearingId}: attempt ${series.attempt} not started: ${String(error)}`);
    }
  }

  #cancel(hearingId: string): void {
    clearTimeout(this.#timers.get(hearingId));
    this.#timers.delete(hearingId);
  }

  /** The first attempt builds what the Recorder handed over; later ones read the store again. */
  #timelineFor(series: Series): Promise<HearingTimeline> {
    if (series.attempt === 1 && series.timeline) return Promise.resolve(series.timeline);
    if (this.#timelineOf) return this.#timelineOf(series.hearingId);
    return series.timeline ? Promise.resolve(series.timeline) : this.#timeline(series.hearingId);
  }

  async #timeline(hearingId: string): Promise<HearingTimeline> {
    if (!this.#timelineOf) throw new Error('No timeline source: RecordArchive.recoverBuilds() was not called');
    return this.#timelineOf(hearingId);
  }
}
