// Each admitted participant's connection, graded from the SFU's samples (media/LinkSampler.ts,
// every few seconds) and the browser's own report (media.quality), shown to the bench and kept in
// the record. The bench (judge and clerk) hears of a participant when their grade changes, else
// every BENCH_REFRESH_MS with fresh figures. The audit log is a hash chain kept for years, so it
// gets the story, not the series: grade changes (a first "good" is no news), and while a link stays
// poor, one summary of its worst figures at most every SUMMARY_MS. A grade worsens at once (the
// bench should know now) and improves only after IMPROVE_SAMPLES better readings in a row, so that
// a link hovering at a threshold does not flood the log.
import type { Notification } from '../protocol/signaling.js';
import {
  gradeLink,
  isBetter,
  mergeLinkFigures,
  worseGrade,
  type ClientLinkReport,
  type LinkFigures,
  type LinkGrade,
  type LinkQualityView,
} from '../protocol/linkQuality.js';
import type { AuditLog } from './AuditLog.js';
import { auditSafely } from './BenchReports.js';
import type { Clock, LinkSample, Store } from './ports.js';

/** The bench's figures are refreshed this often while the grade holds. */
export const BENCH_REFRESH_MS = 30_000;
/** While poor, a summary goes into the audit log at most this often. */
export const SUMMARY_MS = 60_000;
/** Better readings in a row before a grade improves (with 5 s samples: 10 s). */
export const IMPROVE_SAMPLES = 2;
/** A browser's report counts this long (it sends one every 10 s; two may be lost). */
export const REPORT_TTL_MS = 30_000;

interface Link {
  hearingId: string;
  grade: LinkGrade;
  /** The latest reading as the bench would be told it (a (re)joining bench gets it in its snapshot). */
  view: LinkQualityView;
  /** Better grades read since the last change, in a row. */
  better: LinkGrade[];
  notifiedAtMs: number;
  /** While poor: the readings since the last summary (or since it became poor), folded to their worst. */
  poor: { fromMs: number; samples: number; worst: LinkFigures } | null;
}

const SYSTEM = { kind: 'system' } as const;

export class LinkQuality {
  readonly #links = new Map<string, Link>();
  readonly #reports = new Map<string, { hearingId: string; atMs: number; report: ClientLinkReport }>();

  constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly toBench: (hearingId: string, n: Notification) => void,
  ) {}

  /** The browser's own figures (its uplink estimate above all), merged into the next samples. */
  report(hearingId: string, participantId: string, report: ClientLinkReport): void {
    this.#reports.set(participantId, { hearingId, atMs: this.clock.now().getTime(), report });
  }

  /** One sample of a hearing's room: every participant in it, graded; those no longer in it are forgotten. */
  async sample(hearingId: string, samples: LinkSample[]): Promise<void> {
    // A reading that finished as the hearing ended: nothing may follow the adjournment in the record.
    if ((await this.store.hearings.get(hearingId))?.state !== 'adjourned') await this.#sample(hearingId, samples);
  }

  async #sample(hearingId: string, samples: LinkSample[]): Promise<void> {
    const now = this.clock.now();
    const nowMs = now.getTime();
    const present = new Set<string>();
    for (const { participantId, figures: server } of samples) {
      const p = await this.store.participants.get(participantId);
      if (!p || p.hearingId !== hearingId || p.status !== 'admitted') continue;
      present.add(participantId);
      const held = this.#reports.get(participantId);
      const figures = mergeLinkFigures(server, held && nowMs - held.atMs <= REPORT_TTL_MS ? held.report : undefined);
      const grade = gradeLink(figures);
      if (grade) await this.#read(hearingId, participantId, grade, figures, now);
    }
    for (const [participantId, link] of this.#links) {
      if (link.hearingId === hearingId && !present.has(participantId)) this.forget(participantId);
    }
    // Reports of someone with no media in the room are kept only as long as they could count.
    for (const [participantId, held] of this.#reports) {
      if (held.hearingId === hearingId && nowMs - held.atMs > REPORT_TTL_MS) this.#reports.delete(participantId);
    }
  }

  /** Every graded participant of the hearing as last read. */
  current(hearingId: string): LinkQualityView[] {
    return [...this.#links.values()].filter((l) => l.hearingId === hearingId).map((l) => l.view);
  }

  /** The participant left the room (or the hearing ended): a return starts afresh. */
  forget(participantId: string): void {
    this.#links.delete(participantId);
    this.#reports.delete(participantId);
  }

  forgetHearing(hearingId: string): void {
    for (const [participantId, link] of this.#links) if (link.hearingId === hearingId) this.forget(participantId);
    for (const [participantId, held] of this.#reports) if (held.hearingId === hearingId) this.#reports.delete(participantId);
  }

  async #read(hearingId: string, participantId: string, read: LinkGrade, figures: LinkFigures, now: Date): Promise<void> {
    const nowMs = now.getTime();
    const link = this.#links.get(participantId);
    let previous: LinkGrade | null | undefined; // undefined: no change
    if (!link) {
      previous = null;
    } else if (isBetter(read, link.grade)) {
      link.better.push(read);
      if (link.better.length >= IMPROVE_SAMPLES) previous = link.grade;
    } else {
      link.better = [];
      if (read !== link.grade) previous = link.grade;
    }
    if (previous !== undefined) {
      // Improving: to the worst of the better readings, so it is a grade that held.
      const grade = link && isBetter(read, link.grade) ? link.better.reduce(worseGrade) : read;
      this.#links.set(participantId, {
        hearingId,
        grade,
        view: viewOf(participantId, grade, figures, now),
        better: [],
        notifiedAtMs: nowMs,
        poor: grade === 'poor' ? { fromMs: nowMs, samples: 0, worst: figures } : null,
      });
      this.#tell(hearingId, viewOf(participantId, grade, figures, now));
      if (previous !== null || grade !== 'good') {
        await auditSafely(() =>
          this.audit.append(hearingId, SYSTEM, 'participant.quality', { participantId, grade, previous, ...figures }, now.toISOString()),
        );
      }
      return;
    }
    if (!link) return;
    link.view = viewOf(participantId, link.grade, figures, now);
    if (nowMs - link.notifiedAtMs >= BENCH_REFRESH_MS) {
      link.notifiedAtMs = nowMs;
      this.#tell(hearingId, link.view);
    }
    if (link.poor) await this.#summarise(hearingId, participantId, link.poor, figures, now);
  }

  async #summarise(
    hearingId: string,
    participantId: string,
    poor: NonNullable<Link['poor']>,
    figures: LinkFigures,
    now: Date,
  ): Promise<void> {
    poor.samples++;
    poor.worst = worstOf(poor.worst, figures);
    if (now.getTime() - poor.fromMs < SUMMARY_MS) return;
    const from = new Date(poor.fromMs).toISOString();
    const { samples, worst } = poor;
    // The next summary starts now, before the write: a sample meanwhile belongs to it.
    poor.fromMs = now.getTime();
    poor.samples = 0;
    poor.worst = figures;
    await auditSafely(() =>
      this.audit.append(hearingId, SYSTEM, 'participant.quality_summary', { participantId, from, samples, ...worst }, now.toISOString()),
    );
  }

  #tell(hearingId: string, view: LinkQualityView): void {
    this.toBench(hearingId, { type: 'participant.quality', ...view });
  }
}

const viewOf = (participantId: string, grade: LinkGrade, figures: LinkFigures, now: Date): LinkQualityView => ({
  participantId,
  grade,
  ...figures,
  at: now.toISOString(),
});

/** Each figure at its worst: the longest round trip, the most loss, the least bandwidth, the smallest layer. */
export function worstOf(a: LinkFigures, b: LinkFigures): LinkFigures {
  const pick = (x: number | null, y: number | null, f: (...v: number[]) => number) => (x === null ? y : y === null ? x : f(x, y));
  return {
    rttMs: pick(a.rttMs, b.rttMs, Math.max),
    lossPct: pick(a.lossPct, b.lossPct, Math.max),
    downKbps: pick(a.downKbps, b.downKbps, Math.min),
    upKbps: pick(a.upKbps, b.upKbps, Math.min),
    sendLayer: pick(a.sendLayer, b.sendLayer, Math.min),
    sendLayers: pick(a.sendLayers, b.sendLayers, Math.max),
    recvLayer: pick(a.recvLayer, b.recvLayer, Math.min),
  };
}
