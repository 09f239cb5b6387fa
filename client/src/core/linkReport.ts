// The browser's own view of its link, sent to the server every LINK_REPORT_MS while media runs
// (media.quality): what mediasoup cannot see from its side, above all the browser's estimate of
// what it can send (availableOutgoingBitrate), plus its round trip and the loss the SFU's receiver
// reports tell it. The server merges it into its own samples and grades them for the bench
// (core/protocol/linkQuality.ts). Read with networkStats.ts, like the equipment check.
import type { ClientLinkReport } from '../../../core/protocol/linkQuality.js';
import { readSample, type StatsSample } from './networkStats.js';

/** Every 10 s: the server keeps a report 30 s (LinkQuality.REPORT_TTL_MS), so one lost report does not matter. */
export const LINK_REPORT_MS = 10_000;

/** The figures between two readings of the same transport; `sending`: the reading is of a send transport. */
export function linkReport(previous: StatsSample | null, now: StatsSample, sending: boolean): ClientLinkReport {
  const sent = previous ? now.packetsSent - previous.packetsSent : now.packetsSent;
  const lost = previous ? now.remoteLost - previous.remoteLost : now.remoteLost;
  const rtt = now.rttMs ?? now.remoteRttMs;
  return {
    rttMs: rtt === null ? null : Math.round(rtt),
    lossPct: sent > 0 ? Math.round(Math.min(100, Math.max(0, (100 * lost) / (sent + Math.max(0, lost)))) * 10) / 10 : null,
    // A receive transport sends only RTCP: its estimate says nothing of the uplink.
    upKbps: sending && now.availableKbps !== null ? Math.round(now.availableKbps) : null,
  };
}

export interface LinkReporterOptions {
  /** The transport to read now (the send one when there is one), or null while there is none. */
  transport: () => { transport: { getStats(): Promise<RTCStatsReport> }; sending: boolean } | null;
  send: (report: ClientLinkReport) => Promise<unknown>;
  intervalMs?: number;
}

/** Reads and reports until stop(); one reading at a time, and a failed one (no media yet, not admitted) is skipped. */
export class LinkReporter {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #previous: { transport: unknown; sample: StatsSample } | null = null;

  constructor(private readonly options: LinkReporterOptions) {
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#once()
        .catch(() => undefined)
        .finally(() => this.#schedule());
    }, this.options.intervalMs ?? LINK_REPORT_MS);
  }

  async #once(): Promise<void> {
    const current = this.options.transport();
    if (!current) return;
    const sample = readSample(await current.transport.getStats());
    // Counters restart with a new transport (a rebuild): compare only readings of the same one.
    const previous = this.#previous?.transport === current.transport ? this.#previous.sample : null;
    this.#previous = { transport: current.transport, sample };
    if (this.#stopped) return;
    await this.options.send(linkReport(previous, sample, current.sending));
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }
}
