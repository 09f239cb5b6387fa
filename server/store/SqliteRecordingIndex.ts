// The capture's index in SQLite (schema step 3): recording_tracks (one per recorded producer),
// recording_segments (each finished segment with its wall-clock start and end) and recording_gaps.
// Rows are added when a fact is final; only a track's ended_at is filled in later, once.
// Segment files are stored relative to the recordings root, so the data folder can move.
import type Database from 'better-sqlite3';
import { isAbsolute, join, relative } from 'node:path';
import type { MediaKind, MediaSource } from '../../core/protocol/model.js';
import type { RecordingIndex, SegmentRow, TrackRow } from '../../recordings/ports.js';
import type { RecordingGap } from '../../recordings/types.js';
import { gapOf, msOf } from './recordingRows.js';

const iso = (ms: number) => new Date(ms).toISOString();

const toTrack = (r: Record<string, unknown>): TrackRow => ({
  id: r.id as string,
  hearingId: r.hearing_id as string,
  participantId: r.participant_id as string,
  kind: r.kind as MediaKind,
  source: r.source as MediaSource,
  codec: r.codec as string,
  startedAtMs: msOf(r.started_at) ?? 0,
  endedAtMs: msOf(r.ended_at),
});

export class SqliteRecordingIndex implements RecordingIndex {
  readonly #addTrack: Database.Statement;
  readonly #endTrack: Database.Statement;
  readonly #tracks: Database.Statement;
  readonly #openTracks: Database.Statement;
  readonly #addSegment: Database.Statement;
  readonly #segments: Database.Statement;
  readonly #addGap: Database.Statement;
  readonly #gaps: Database.Statement;

  constructor(
    db: Database.Database,
    /** data/recordings: segment paths are kept relative to it. */
    readonly rootDir: string,
  ) {
    this.#addTrack = db.prepare(
      `INSERT OR IGNORE INTO recording_tracks (id, hearing_id, participant_id, kind, source, codec, started_at, ended_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, NULL)`,
    );
    this.#endTrack = db.prepare('UPDATE recording_tracks SET ended_at = ? WHERE id = ? AND ended_at IS NULL');
    this.#tracks = db.prepare('SELECT * FROM recording_tracks WHERE hearing_id = ? ORDER BY started_at, rowid');
    this.#openTracks = db.prepare('SELECT * FROM recording_tracks WHERE ended_at IS NULL ORDER BY hearing_id, started_at, rowid');
    this.#addSegment = db.prepare(
      `INSERT OR IGNORE INTO recording_segments (track_id, seq, file, started_at_ms, ended_at_ms, bytes)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#segments = db.prepare(
      `SELECT s.* FROM recording_segments s JOIN recording_tracks t ON t.id = s.track_id
        WHERE t.hearing_id = ? ORDER BY s.track_id, s.started_at_ms, s.seq`,
    );
    this.#addGap = db.prepare('INSERT INTO recording_gaps (hearing_id, track_id, started_at, ended_at, cause) VALUES (?, ?, ?, ?, ?)');
    this.#gaps = db.prepare(
      `SELECT g.*, t.participant_id FROM recording_gaps g LEFT JOIN recording_tracks t ON t.id = g.track_id
        WHERE g.hearing_id = ? ORDER BY g.started_at, g.id`,
    );
  }

  addTrack(t: Omit<TrackRow, 'endedAtMs'>): void {
    this.#addTrack.run(t.id, t.hearingId, t.participantId, t.kind, t.source, t.codec, iso(t.startedAtMs));
  }

  endTrack(trackId: string, endedAtMs: number): void {
    this.#endTrack.run(iso(endedAtMs), trackId);
  }

  tracks(hearingId: string): TrackRow[] {
    return (this.#tracks.all(hearingId) as Record<string, unknown>[]).map(toTrack);
  }

  openTracks(): TrackRow[] {
    return (this.#openTracks.all() as Record<string, unknown>[]).map(toTrack);
  }

  addSegment(s: SegmentRow): void {
    const file = isAbsolute(s.file) ? relative(this.rootDir, s.file) : s.file;
    this.#addSegment.run(s.trackId, s.seq, file, Math.round(s.startMs), Math.round(s.endMs), s.bytes);
  }

  /** Every finished segment of the hearing, in time order per track; `file` is absolute. */
  segments(hearingId: string): SegmentRow[] {
    return (this.#segments.all(hearingId) as Record<string, unknown>[]).map((r) => ({
      trackId: r.track_id as string,
      seq: r.seq as number,
      file: join(this.rootDir, r.file as string),
      startMs: r.started_at_ms as number,
      endMs: r.ended_at_ms as number,
      bytes: (r.bytes as number | null) ?? null,
    }));
  }

  addGap(hearingId: string, gap: RecordingGap): void {
    this.#addGap.run(hearingId, gap.trackId, iso(gap.startMs), gap.endMs === null ? null : iso(gap.endMs), gap.cause);
  }

  gaps(hearingId: string): RecordingGap[] {
    return (this.#gaps.all(hearingId) as Record<string, unknown>[]).map(gapOf);
  }
}
