// A participant's connection during the hearing, as the bench sees it: the figures the server
// samples (mediasoup's stats, merged with the browser's own report) and their grade. Pure and free
// of zod: the client bundles it. The thresholds build on the equipment check's (networkGrade.ts):
// what that check calls weak is "fair" here; "poor" is where the hearing itself suffers.
import { NETWORK_THRESHOLDS } from './networkGrade.js';

export type LinkGrade = 'good' | 'fair' | 'poor';

/** One reading of a participant's link; null where nothing could tell. */
export type LinkFigures = {
  /** Round trip between the participant and the SFU, ms (receiver reports; else the browser's candidate pair). */
  rttMs: number | null;
  /** Share of packets lost on the worse of the two directions, percent. */
  lossPct: number | null;
  /** What the SFU estimates it can send to them (their downlink), kbit/s; only while they receive video. */
  downKbps: number | null;
  /** What their browser estimates it can send (their uplink), kbit/s; from the client's report only. */
  upKbps: number | null;
  /** Their camera: the highest simulcast layer arriving now (0: the smallest), of `sendLayers`; null without a camera. */
  sendLayer: number | null;
  sendLayers: number | null;
  /** The smallest spatial layer they receive of the others' cameras now; null when they receive no video. */
  recvLayer: number | null;
};

/** What the bench is told (participant.quality): the grade, the figures behind it, and when. */
export type LinkQualityView = LinkFigures & {
  participantId: string;
  grade: LinkGrade;
  at: string;
};

/** What a browser reports of its own link (media.quality); each figure optional, bounds in signaling.ts. */
export interface ClientLinkReport {
  rttMs: number | null;
  lossPct: number | null;
  upKbps: number | null;
}

/**
 * fair: the equipment check's "weak" (RTT 400 ms, loss 3 %, 400 kbit/s: see NETWORK_THRESHOLDS).
 * poor: the hearing itself suffers:
 * - RTT 1000 ms: half a second each way, beyond ITU-T G.114's 400 ms one-way limit for
 *   conversation; people talk over each other and the judge cannot hold an exchange.
 * - Loss 10 %: beyond what Opus in-band FEC and NACK retransmission repair; it is also where
 *   WebRTC's congestion control (GCC) stops holding its rate and cuts it, so video freezes.
 * - 150 kbit/s: under the smallest camera layer (100 kbit/s, localMedia.ts) plus the microphone
 *   (~40 kbit/s): only the voice gets through, if that.
 */
export const LINK_THRESHOLDS = {
  fair: { maxRttMs: NETWORK_THRESHOLDS.maxRttMs, maxLossPct: NETWORK_THRESHOLDS.maxLossPct, minKbps: NETWORK_THRESHOLDS.minUplinkKbps },
  poor: { maxRttMs: 1000, maxLossPct: 10, minKbps: 150 },
} as const;

const RANK: Record<LinkGrade, number> = { good: 0, fair: 1, poor: 2 };

/** The worse of two grades. */
export function worseGrade(a: LinkGrade, b: LinkGrade): LinkGrade {
  return RANK[a] >= RANK[b] ? a : b;
}

/** True when `a` is strictly better than `b`. */
export function isBetter(a: LinkGrade, b: LinkGrade): boolean {
  return RANK[a] < RANK[b];
}

/** The grade of one reading; null when it has no figure to grade (nothing measured yet). */
export function gradeLink(f: LinkFigures): LinkGrade | null {
  const kbps = [f.upKbps, f.downKbps].filter((k): k is number => k !== null);
  const lowest = kbps.length > 0 ? Math.min(...kbps) : null;
  if (f.rttMs === null && f.lossPct === null && lowest === null) return null;
  const beyond = (t: { maxRttMs: number; maxLossPct: number; minKbps: number }) =>
    (f.rttMs !== null && f.rttMs > t.maxRttMs) ||
    (f.lossPct !== null && f.lossPct > t.maxLossPct) ||
    (lowest !== null && lowest < t.minKbps);
  if (beyond(LINK_THRESHOLDS.poor)) return 'poor';
  if (beyond(LINK_THRESHOLDS.fair)) return 'fair';
  return 'good';
}

/** The server's figures completed by the browser's report: the worse loss, the server's RTT first. */
export function mergeLinkFigures(server: LinkFigures, client: ClientLinkReport | undefined): LinkFigures {
  if (!client) return server;
  const loss = [server.lossPct, client.lossPct].filter((x): x is number => x !== null);
  return {
    ...server,
    rttMs: server.rttMs ?? client.rttMs,
    lossPct: loss.length > 0 ? Math.max(...loss) : null,
    upKbps: client.upKbps ?? server.upKbps,
  };
}
