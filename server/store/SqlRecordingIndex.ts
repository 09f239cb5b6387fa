// The capture's index (schema step 3): recording_tracks (one per recorded producer),
// recording_segments (each finished segment with its wall-clock start and end) and recording_gaps.
// Rows are added when a fact is final; only a track's ended_at is filled in later, once.
// Segment files are stored relative to the recordings root, so the data folder can move.
// One SQL for SQLite and PostgreSQL (server/store/sql/Db.ts).
import { isAbsolute, join, relative } from 'node:path';
import type { MediaKind, MediaSource } from '../../core/protocol/model.js';
import type { RecordingIndex, SegmentRow, TrackRow } from '../../recordings/ports.js';
import type { RecordingGap } from '../../recordings/types.js';
import type { Db, Row } from './sql/Db.js';
import { gapOf, msOf, numOf } from './recordingRows.js';

const iso = (ms: number) => new Date(ms).toISOString();

const toTrack = (r: Row): TrackRow => ({
  id: r.id as string,
  hearingId: r.hearing_id as string,
  participantId: r.participant_id as string,
  kind: r.kind as MediaKind,
  source: r.source as MediaSource,
  codec: r.codec as string,
  startedAtMs: msOf(r.started_at) ?? 0,
  endedAtMs: msOf(r.ended_at),
});

export class SqlRecordingIndex implements RecordingIndex {
  constructor(
    private readonly db: Db,
    /** data/recordings: segment paths are kept relative to it. */
    readonly rootDir: string,
  ) {}

  /** A track already indexed (the same producer seen again) keeps its first row. */
  async addTrack(t: Omit<TrackRow, 'endedAtMs'>): Promise<void> {
    await this.db.run(
      `INSERT INTO recording_tracks (id, hearing_id, participant_id, kind, source, codec, started_at, ended_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (id) DO NOTHING`,
      [t.id, t.hearingId, t.participantId, t.kind, t.source, t.codec, iso(t.startedAtMs)],
    );
  }

  /** The first end stands. */
  async endTrack(trackId: string, endedAtMs: number): Promise<void> {
    await this.db.run('UPDATE recording_tracks SET ended_at = ? WHERE id = ? AND ended_at IS NULL', [iso(endedAtMs), trackId]);
  }

  async tracks(hearingId: string): Promise<TrackRow[]> {
    const rows = await this.db.all('SELECT * FROM recording_tracks WHERE hearing_id = ? ORDER BY started_at, rowid', [hearingId]);
    return rows.map(toTrack);
  }

  async openTracks(): Promise<TrackRow[]> {
    const rows = await this.db.all('SELECT * FROM recording_tracks WHERE ended_at IS NULL ORDER BY hearing_id, started_at, rowid');
    return rows.map(toTrack);
  }

  async addSegment(s: SegmentRow): Promise<void> {
    const file = isAbsolute(s.file) ? relative(this.rootDir, s.file) : s.file;
    await this.db.run(
      `INSERT INTO recording_segments (track_id, seq, file, started_at_ms, ended_at_ms, bytes)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (track_id, seq) DO NOTHING`,
      [s.trackId, s.seq, file, Math.round(s.startMs), Math.round(s.endMs), s.bytes],
    );
  }

  /** Every finished segment of the hearing, in time order per track; `file` is absolute. */
  async segments(hearingId: string): Promise<SegmentRow[]> {
    const rows = await this.db.all(
      `SELECT s.* FROM recording_segments s JOIN recording_tracks t ON t.id = s.track_id
        WHERE t.hearing_id = ? ORDER BY s.track_id, s.started_at_ms, s.seq`,
      [hearingId],
    );
    return rows.map((r) => ({
      trackId: r.track_id as string,
      seq: numOf(r.seq) ?? 0,
      file: join(this.rootDir, r.file as string),
      startMs: numOf(r.started_at_ms) ?? 0,
      endMs: numOf(r.ended_at_ms) as number,
      bytes: numOf(r.bytes),
    }));
  }

  async addGap(hearingId: string, gap: RecordingGap): Promise<void> {
    await this.db.run('INSERT INTO recording_gaps (hearing_id, track_id, started_at, ended_at, cause) VALUES (?, ?, ?, ?, ?)', [
      hearingId,
      gap.trackId,
      iso(gap.startMs),
      gap.endMs === null ? null : iso(gap.endMs),
      gap.cause,
    ]);
  }

  async gaps(hearingId: string): Promise<RecordingGap[]> {
    const rows = await this.db.all(
      `SELECT g.*, t.participant_id FROM recording_gaps g LEFT JOIN recording_tracks t ON t.id = g.track_id
        WHERE g.hearing_id = ? ORDER BY g.started_at, g.id`,
      [hearingId],
    );
    return rows.map(gapOf);
  }
}
