// The intervals in which a participant's connection was poor, read back from the audit log for the
// minutes: from a `participant.quality` change to poor until the next change away from it, or until
// the participant's media went (they left, were removed, disconnected, lost their media) or the
// hearing's did (a media reset, a server stop, the end). The periodic summaries written while it
// stayed poor (`participant.quality_summary`) fold into the interval's worst figures.
import { isAudit } from '../core/hearing/auditEvents.js';
import { worstOf } from '../core/hearing/LinkQuality.js';
import type { AuditEvent } from '../core/hearing/types.js';
import type { LinkFigures } from '../core/protocol/linkQuality.js';

export interface PoorLink {
  participantId: string;
  from: string;
  /** null: still poor when the log ends. */
  to: string | null;
  worst: LinkFigures;
}

/** Gone with the participant. */
const DEPARTURES = ['participant.left', 'participant.removed', 'participant.disconnected', 'participant.media_lost'] as const;
/** Gone for everyone. */
const ENDS = ['media.reset', 'server.stopped', 'hearing.adjourn', 'hearing.postpone'] as const;

const figuresOf = (d: LinkFigures): LinkFigures => ({
  rttMs: d.rttMs,
  lossPct: d.lossPct,
  downKbps: d.downKbps,
  upKbps: d.upKbps,
  sendLayer: d.sendLayer,
  sendLayers: d.sendLayers,
  recvLayer: d.recvLayer,
});

export function poorLinkIntervals(events: readonly AuditEvent[]): PoorLink[] {
  const open = new Map<string, PoorLink>();
  const done: PoorLink[] = [];
  const close = (participantId: string, at: string) => {
    const interval = open.get(participantId);
    if (!interval) return;
    open.delete(participantId);
    done.push({ ...interval, to: at });
  };
  for (const e of events) {
    if (isAudit(e, 'participant.quality')) {
      const { participantId, grade } = e.data;
      if (grade !== 'poor') close(participantId, e.at);
      else if (!open.has(participantId)) open.set(participantId, { participantId, from: e.at, to: null, worst: figuresOf(e.data) });
    } else if (isAudit(e, 'participant.quality_summary')) {
      const { participantId } = e.data;
      const interval = open.get(participantId);
      if (interval) interval.worst = worstOf(interval.worst, figuresOf(e.data));
      else open.set(participantId, { participantId, from: e.data.from, to: null, worst: figuresOf(e.data) });
    } else if (isAudit(e, ...DEPARTURES)) {
      close(e.data.participantId, e.at);
    } else if (isAudit(e, ...ENDS)) {
      // A crash's stop is written at the next start: its own time is in the event.
      const at = isAudit(e, 'server.stopped') ? e.data.at : e.at;
      for (const participantId of [...open.keys()]) close(participantId, at);
    }
  }
  return [...done, ...open.values()].sort((a, b) => a.from.localeCompare(b.from));
}

/** The worst figures in words, [Vietnamese, English]: round trip, loss, the lower of the two bitrates. */
export function worstWords({ rttMs, lossPct, upKbps, downKbps }: LinkFigures): readonly [string, string] {
  const kbps = [upKbps, downKbps].filter((k): k is number => k !== null);
  const rate = kbps.length > 0 ? `${Math.min(...kbps)} kbit/s` : null;
  const rtt = rttMs === null ? null : `RTT ${rttMs} ms`;
  const words = (lost: string, bitrate: string) =>
    [rtt, lossPct === null ? null : `${lost} ${lossPct}%`, rate && `${bitrate} ${rate}`].filter(Boolean).join('; ') || '—';
  return [words('mất gói', 'băng thông'), words('loss', 'bitrate')];
}
