// Row readers shared by the recordings' SQL stores (the index and the records table).
import type { RecordingGap } from '../../recordings/types.js';

/** A numeric column: PostgreSQL's driver hands BIGINT (and NUMERIC) over as text, SQLite as a number. */
export function numOf(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/** Times in the recording tables are TEXT: ISO strings or epoch milliseconds, both read here. */
export function msOf(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : Date.parse(String(v));
}

/** A recording_gaps row joined with its track's participant_id. */
export function gapOf(r: Record<string, unknown>): RecordingGap {
  return {
    trackId: (r.track_id as string | null) ?? null,
    participantId: (r.participant_id as string | null) ?? null,
    startMs: msOf(r.started_at) ?? 0,
    endMs: msOf(r.ended_at),
    cause: r.cause as RecordingGap['cause'],
  };
}
