// After a stop or a crash: what the previous server left open in the index. A track that was
// never ended belonged to a producer the stop cut off. Its segment lists may hold lines that
// were written but never indexed (ffmpeg finished a segment just before the server died):
// those are indexed now, placed on the clock by the run's `.start` file. The track is then ended
// at the stop, and, where its hearing was in session, its participant's media is a drop whose
// gap lasts until they are captured again (recordings/MediaDrops.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { RecordingGapCause } from '../core/protocol/model.js';
import type { Drop } from './MediaDrops.js';
import type { RecordingIndex, TrackRow } from './ports.js';
import { readRunStart } from './runStart.js';
import { parseSegmentList, segmentSeq } from './segmentList.js';

export interface RecoveredTrack {
  track: TrackRow;
  /** Segments found in its lists that the index did not have. */
  orphans: number;
  /** Its last captured instant, if anything was captured. */
  lastEndMs: number | null;
}

/** Indexes what the lists hold beyond the index; returns how many segments were added. */
export async function indexOrphanSegments(index: RecordingIndex, trackDir: string, track: TrackRow): Promise<number> {
  if (!existsSync(trackDir)) return 0;
  const known = new Set((await index.segments(track.hearingId)).filter((s) => s.trackId === track.id).map((s) => s.seq));
  let added = 0;
  for (const name of readdirSync(trackDir).filter((f) => /^\d+\.csv$/.test(f))) {
    const run = Number(name.slice(0, -4));
    const base = readRunStart(trackDir, run);
    if (base === undefined) continue; // the run never received media: its list is empty
    for (const entry of parseSegmentList(readFileSync(join(trackDir, name), 'utf8'))) {
      const seq = segmentSeq(entry.file);
      if (seq === undefined || known.has(seq)) continue;
      const file = join(trackDir, basename(entry.file));
      let bytes: number | null = null;
      try {
        bytes = statSync(file).size;
      } catch {
        // listed, but the file is gone: indexed with an unknown size, as the live path does
      }
      await index.addSegment({
        trackId: track.id,
        seq,
        file,
        startMs: Math.round(base + entry.start * 1000),
        endMs: Math.round(base + entry.end * 1000),
        bytes,
      });
      known.add(seq);
      added++;
    }
  }
  return added;
}

/**
 * Every track the previous server left open (with several nodes: of `hearingId` only, the one the
 * dead node served): orphans indexed, the track ended at `stoppedAtMs`. Call before any recorder runs.
 */
export async function recoverOpenTracks(index: RecordingIndex, stoppedAtMs: number, hearingId?: string): Promise<RecoveredTrack[]> {
  const recovered: RecoveredTrack[] = [];
  for (const track of await index.openTracks()) {
    if (hearingId !== undefined && track.hearingId !== hearingId) continue;
    const orphans = await indexOrphanSegments(index, join(index.rootDir, track.hearingId, 'tracks', track.id), track);
    const ends = (await index.segments(track.hearingId)).filter((s) => s.trackId === track.id).map((s) => s.endMs);
    const lastEndMs = ends.length > 0 ? Math.max(...ends) : null;
    await index.endTrack(track.id, Math.max(stoppedAtMs, lastEndMs ?? 0));
    recovered.push({ track, orphans, lastEndMs });
  }
  return recovered;
}

/** The drop a recovered track leaves in a hearing that was in session when the server stopped. */
export function outageDrop(r: RecoveredTrack, cause: RecordingGapCause, stoppedAtMs: number): Drop {
  const { id, participantId, kind, source } = r.track;
  // Nothing captured on this track: only the outage itself is the server's to answer for.
  const since = r.lastEndMs ?? stoppedAtMs;
  return { participantId, kind, source, cause, trackId: id, droppedAtMs: stoppedAtMs, since: Promise.resolve(since) };
}
