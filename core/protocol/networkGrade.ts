// The equipment check's verdict on a participant's network, shared by the client (what it tells the
// participant) and the server (what the bench sees: it grades the reported figures again, so the
// lobby's badge always matches the figures beside it). Pure and free of zod: the client bundles it.
// It imports nothing (model.ts imports its view type, so an import back would be a cycle).

export type NetworkGrade = 'good' | 'weak' | 'cannot_connect';

/** What the probe measured over a few seconds of real media to the SFU; null where it could not tell. */
export interface NetworkFigures {
  /** Media reached the server (ICE and DTLS up, RTP counted there). False: cannot connect. */
  connected: boolean;
  /** Round trip to the media server, ms (candidate pair, or the SFU's receiver reports). */
  rttMs: number | null;
  /** Share of RTP packets lost on the way to the server, percent. */
  lossPct: number | null;
  /** What the browser's bandwidth estimate says it can send, kbit/s. */
  uplinkKbps: number | null;
}

/**
 * Thresholds, chosen from what the hearing sends and what people tolerate:
 * - RTT 400 ms: ITU-T G.114 puts the end of comfortable conversation at about 150–200 ms one way;
 *   a round trip to the SFU of 400 ms (plus the other side's share) is where people talk over each other.
 * - Loss 3 %: Opus with in-band FEC (our mic setting) hides isolated losses up to a few percent;
 *   beyond that, speech breaks up and video freezes until the next key frame.
 * - Uplink 400 kbit/s: the camera's middle simulcast layer (300 kbit/s, localMedia.ts CAMERA_ENCODINGS)
 *   plus the microphone (~40 kbit/s) and overhead: below that the bench sees only the smallest picture.
 */
export const NETWORK_THRESHOLDS = { maxRttMs: 400, maxLossPct: 3, minUplinkKbps: 400 } as const;

export type WeakReason = 'rtt' | 'loss' | 'uplink';

export function gradeNetwork(f: NetworkFigures): { grade: NetworkGrade; reasons: WeakReason[] } {
  if (!f.connected) return { grade: 'cannot_connect', reasons: [] };
  const reasons: WeakReason[] = [];
  if (f.rttMs !== null && f.rttMs > NETWORK_THRESHOLDS.maxRttMs) reasons.push('rtt');
  if (f.lossPct !== null && f.lossPct > NETWORK_THRESHOLDS.maxLossPct) reasons.push('loss');
  if (f.uplinkKbps !== null && f.uplinkKbps < NETWORK_THRESHOLDS.minUplinkKbps) reasons.push('uplink');
  return { grade: reasons.length > 0 ? 'weak' : 'good', reasons };
}

/**
 * Whose voice the hearing needs: everyone who speaks in it. Observers only watch; devices are
 * courtroom hardware with their own checks (DeviceRegistry, ingest liveness).
 */
export function needsMicrophone(role: string): boolean {
  return role !== 'observer' && role !== 'device';
}

/** The check as the bench sees it beside a waiting participant (ParticipantView.check). */
export interface EquipmentCheckView {
  /** null: the network part did not finish (the participant went on before it ended). */
  network: (NetworkFigures & { grade: NetworkGrade }) | null;
  /** A live microphone whose signal the level meter saw. */
  micOk: boolean;
  /** The participant heard the test sound (true), said they did not (false), or did not answer (null). */
  speakerOk: boolean | null;
  camera: boolean;
  at: string;
}
