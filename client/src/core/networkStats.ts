// Reading the network probe's figures out of WebRTC statistics, free of the browser: a sample is
// read from one getStats() report (any iterable of stats objects), and the samples plus what the
// server received become the figures networkGrade.ts grades. Pure, so unit tests feed it plain objects.
import type { NetworkFigures } from '../../../core/protocol/networkGrade.js';
import type { ProbeServerStats } from '../../../core/protocol/equipmentCheck.js';

/** One getStats() reading of the probe's send transport. */
export interface StatsSample {
  /** Seconds (the report's timestamps are ms). */
  at: number;
  /** The selected candidate pair's RTT, ms. */
  rttMs: number | null;
  /** The browser's bandwidth estimate for sending, kbit/s. */
  availableKbps: number | null;
  /** RTP sent so far, over every outbound stream. */
  packetsSent: number;
  bytesSent: number;
  /** What the SFU's receiver reports say was lost, over every stream, and the worst RTT they give, ms. */
  remoteLost: number;
  remoteRttMs: number | null;
}

type Stat = Record<string, unknown> & { type?: unknown; id?: unknown };

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function readSample(report: Iterable<Stat> | { forEach(cb: (s: Stat) => void): void }): StatsSample {
  const stats: Stat[] = [];
  if (Symbol.iterator in report) {
    for (const entry of report as Iterable<Stat | [string, Stat]>) stats.push(Array.isArray(entry) ? entry[1] : entry);
  } else {
    report.forEach((s) => stats.push(s));
  }
  const byId = new Map(stats.map((s) => [s.id, s]));
  // The pair in use: the transport's selectedCandidatePairId, else the nominated succeeded one.
  const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
  const pair =
    (transport && byId.get(transport.selectedCandidatePairId)) ??
    stats.find((s) => s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated === true);
  let at = 0;
  let packetsSent = 0;
  let bytesSent = 0;
  let remoteLost = 0;
  let remoteRtt: number | null = null;
  for (const s of stats) {
    at = Math.max(at, num(s.timestamp) ?? 0);
    if (s.type === 'outbound-rtp') {
      packetsSent += num(s.packetsSent) ?? 0;
      bytesSent += num(s.bytesSent) ?? 0;
    } else if (s.type === 'remote-inbound-rtp') {
      remoteLost += Math.max(0, num(s.packetsLost) ?? 0);
      const rtt = num(s.roundTripTime);
      if (rtt !== null) remoteRtt = Math.max(remoteRtt ?? 0, rtt * 1000);
    }
  }
  const pairRtt = num(pair?.currentRoundTripTime);
  const available = num(pair?.availableOutgoingBitrate);
  return {
    at: at / 1000,
    rttMs: pairRtt === null ? null : pairRtt * 1000,
    availableKbps: available === null ? null : available / 1000,
    packetsSent,
    bytesSent,
    remoteLost,
    remoteRttMs: remoteRtt,
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/**
 * The figures of a check. Connected only if the server counted our RTP (the path really carries
 * media, not just ICE). RTT: the median of the candidate pair's readings (one slow STUN reply is not
 * the network), else the SFU's receiver reports. Loss: the worse of the server's count and what its
 * receiver reports told the browser. Uplink: the browser's last bandwidth estimate, else what it sent.
 */
export function summarize(samples: StatsSample[], server: ProbeServerStats | null): NetworkFigures {
  const connected = !!server && server.connected && server.packetsReceived > 0;
  if (!connected) return { connected: false, rttMs: null, lossPct: null, uplinkKbps: null };
  const last = samples.at(-1);
  const first = samples[0];
  const rttMs = median(samples.map((s) => s.rttMs).filter((v): v is number => v !== null)) ?? last?.remoteRttMs ?? server.rttMs;
  const serverLoss = (100 * server.packetsLost) / Math.max(1, server.packetsReceived + server.packetsLost);
  const clientLoss = last && last.packetsSent > 0 ? (100 * last.remoteLost) / last.packetsSent : 0;
  const span = last && first ? last.at - first.at : 0;
  const sentKbps = last && first && span > 0 ? ((last.bytesSent - first.bytesSent) * 8) / 1000 / span : null;
  const uplinkKbps = last?.availableKbps ?? sentKbps;
  return {
    connected,
    rttMs: round1(rttMs),
    lossPct: round1(Math.min(100, Math.max(serverLoss, clientLoss))),
    uplinkKbps: uplinkKbps === null ? null : Math.round(uplinkKbps),
  };
}
