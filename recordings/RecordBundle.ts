// The signed hearing record, built once after adjournment under data/recordings/<hearingId>/record/:
// the composite, one archive file per captured track, the minutes, the hash-chained audit log, a
// manifest, SHA256SUMS and its Ed25519 signature, and the court's public key. Anyone can check it
// with `sha256sum -c SHA256SUMS` and `openssl pkeyutl -verify …` (README, "Verifying a hearing record").
//
// Written once: the bundle is assembled in a hidden sibling folder and renamed into place only
// when complete, every file is created with O_EXCL and left read-only, and an existing record/ is
// never touched: a later build goes to record-2/, record-3/, ….
import { createHash } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isAudit } from '../core/hearing/auditEvents.js';
import { InvalidStateError, NotFoundError } from '../core/hearing/errors.js';
import type { Clock, Store } from '../core/hearing/ports.js';
import type { CourtKey } from './CourtKey.js';
import { runFfmpeg } from '../core/lib/ffmpeg.js';
import { renderMinutes } from './Minutes.js';
import type { RecordStore } from './ports.js';
import { clipToSessions, type ClippedSegment, clipGapsToSessions } from './sessionClip.js';
import type { HearingTimeline, TrackTimeline } from './types.js';

/** What the bundle needs of the Compositor (recordings/Compositor.ts). */
export interface CompositeWriter {
  finish(timeline: HearingTimeline, outFile: string, onProgress?: (fraction: number) => void): Promise<void>;
}

export type BundlePhase = 'composite' | 'tracks' | 'minutes' | 'sealing';
export type BundleProgress = (fraction: number, phase: BundlePhase) => void;

export const SUMS = 'SHA256SUMS';
export const SIG = 'SHA256SUMS.sig';
export const MANIFEST = 'manifest.json';
export const AUDIT = 'audit.jsonl';
export const MINUTES = 'minutes.html';
export const COMPOSITE = 'composite.mp4';
export const PUBLIC_KEY = 'court-public-key.pem';

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: 'vcourt-hearing-record/1';
  hearing: { id: string; title: string; scheduledAt: string; openedAt: string | null; adjournedAt: string | null };
  case: { id: string; number: string; title: string };
  court: string;
  /** Time in session (recesses excluded): the composite's timeline. */
  sessions: { start: string; end: string }[];
  timeInSessionMs: number;
  participants: { id: string; displayName: string; role: string; status: string }[];
  /** Each archive file and the wall-clock start/end of the segments it concatenates, in order. */
  tracks: {
    trackId: string;
    participantId: string;
    kind: string;
    source: string;
    codec: string;
    file: string;
    segments: { start: string; end: string | null }[];
    /** Segments the capture listed but whose file was gone at build time (also a gap in the file). */
    missingSegments: { start: string; end: string | null }[];
  }[];
  gaps: { trackId: string | null; participantId: string | null; start: string; end: string | null; cause: string }[];
  /** Every file but manifest.json, SHA256SUMS and its .sig (those cover the manifest instead). */
  files: ManifestFile[];
  audit: { file: string; events: number; headHash: string };
  signing: { algorithm: 'Ed25519'; publicKeyFile: string; fingerprintSha256: string; signatureFile: string; signedFile: string };
  builtAt: string;
}

export interface BundleDeps {
  store: Store;
  records: RecordStore;
  key: CourtKey;
  clock: Clock;
  /** data/recordings: each hearing's captured segments, composite chunks and record live under <hearingId>/. */
  recordingsDir: string;
  compositorFor: (hearingId: string) => CompositeWriter;
}

export interface BuiltBundle {
  dir: string;
  manifest: Manifest;
  manifestSha256: string;
}

/** A name that is safe in a path, in `sha256sum` output and in a tar header: ASCII, no spaces. */
export function slug(text: string, max = 40): string {
  const ascii = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
  return (
    ascii
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, max) || 'x'
  );
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Exactly what `sha256sum <files>` prints (text mode: two spaces), sorted by path. */
export function renderSums(files: { path: string; sha256: string }[]): string {
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => `${f.sha256}  ${f.path}\n`)
    .join('');
}

export function parseSums(text: string): Map<string, string> | null {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) return null;
    out.set(m[2]!, m[1]!); // both groups always match
  }
  return out;
}

/** Every file under `dir`, as relative paths with forward slashes. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export class RecordBundle {
  constructor(private readonly deps: BundleDeps) {}

  hearingDir(hearingId: string): string {
    return join(this.deps.recordingsDir, hearingId);
  }

  /** record/ the first time; record-2/, record-3/, … when an earlier bundle is already on disk. */
  nextTarget(hearingId: string): string {
    const base = this.hearingDir(hearingId);
    for (let n = 1; ; n++) {
      const dir = join(base, n === 1 ? 'record' : `record-${n}`);
      if (!existsSync(dir)) return dir;
    }
  }

  async build(hearingId: string, timeline: HearingTimeline, onProgress: BundleProgress = () => {}): Promise<BuiltBundle> {
    const { store, records, key, clock } = this.deps;
    const hearing = await store.hearings.get(hearingId);
    if (!hearing) throw new NotFoundError('Hearing', hearingId);
    if (hearing.state !== 'adjourned') throw new InvalidStateError('A hearing record is built only after adjournment');
    const kase = await store.cases.get(hearing.caseId);
    if (!kase) throw new NotFoundError('Case', hearing.caseId);

    const target = this.nextTarget(hearingId);
    const stamp = `${Date.now()}-${process.pid}`;
    const work = join(this.hearingDir(hearingId), `.building-${stamp}`);
    const scratch = join(this.hearingDir(hearingId), `.scratch-${stamp}`);
    mkdirSync(join(work, 'tracks'), { recursive: true });
    mkdirSync(scratch, { recursive: true });
    const write = (name: string, data: string | Buffer) => writeFileSync(join(work, name), data, { flag: 'wx', mode: 0o400 });

    try {
      // The composite is by far the longest step: it gets most of the bar.
      onProgress(0.01, 'composite');
      await this.deps
        .compositorFor(hearingId)
        .finish(timeline, join(work, COMPOSITE), (f) => onProgress(0.01 + 0.79 * clamp(f), 'composite'));

      const participants = await store.participants.listByHearing(hearingId);
      const people = new Map(participants.map((p) => [p.id, p]));
      const tracks: Manifest['tracks'] = [];
      // A segment file lost to a crash must not cost the court the whole record: it is left out
      // and named in the manifest instead.
      const present = (t: TrackTimeline) => t.segments.filter((seg) => existsSync(seg.file));
      const withMedia = timeline.tracks.filter((t) => present(t).length > 0);
      for (const [i, track] of withMedia.entries()) {
        onProgress(0.8 + (0.15 * i) / withMedia.length, 'tracks');
        const p = people.get(track.participantId) ?? timeline.participants.find((x) => x.participantId === track.participantId);
        const role = p?.role ?? 'unknown';
        const file = `tracks/${slug(role)}-${slug(p?.displayName || track.participantId)}-${slug(track.source)}-${slug(track.trackId, 64)}.mkv`;
        const kept = present(track).sort((a, b) => a.startMs - b.startMs);
        // Nothing past the end of a session (a run's tail after a suspension or deliberation began).
        const segments = clipToSessions(kept, timeline.sessions);
        if (segments.length === 0) continue;
        await concatTrack(segments, join(work, file), join(scratch, `${i}.txt`));
        tracks.push({
          trackId: track.trackId,
          participantId: track.participantId,
          kind: track.kind,
          source: track.source,
          codec: track.codec,
          file,
          segments: segments.map((seg) => ({ start: iso(seg.startMs)!, end: iso(seg.endMs) })),
          missingSegments: track.segments
            .filter((seg) => !kept.includes(seg))
            .map((seg) => ({ start: iso(seg.startMs)!, end: iso(seg.endMs) })),
        });
      }

      onProgress(0.95, 'minutes');
      const builtAt = clock.now().toISOString();
      // One snapshot: the minutes' events, audit.jsonl and the manifest's head hash must agree.
      const stored = await store.transaction(async () => ({
        events: await store.audit.list(hearingId),
        gaps: await records.gaps(hearingId),
        auditLines: await records.auditLines(hearingId),
      }));
      const { events, auditLines } = stored;
      // Cut to the time in session, like the tracks' files (sessionClip.ts).
      const gaps = clipGapsToSessions(stored.gaps, timeline.sessions);
      write(
        MINUTES,
        renderMinutes({
          court: kase.court,
          kase,
          hearing,
          participants,
          events,
          gaps,
          tracks: timeline.tracks,
          sessions: timeline.sessions,
          generatedAt: builtAt,
          keyFingerprint: key.fingerprint,
        }),
      );
      write(AUDIT, auditLines.map((l) => l + '\n').join(''));
      write(PUBLIC_KEY, key.publicPem);

      onProgress(0.97, 'sealing');
      const files: ManifestFile[] = [];
      for (const path of listFiles(work)) {
        chmodSync(join(work, path), 0o400); // the compositor's output too: nothing in a record is writable, nor world-readable
        files.push({ path, bytes: statSync(join(work, path)).size, sha256: await sha256File(join(work, path)) });
      }
      const manifest: Manifest = {
        format: 'vcourt-hearing-record/1',
        hearing: {
          id: hearing.id,
          title: hearing.title,
          scheduledAt: hearing.scheduledAt,
          openedAt: events.find((e) => isAudit(e, 'hearing.open'))?.at ?? null,
          // Ended: closed (kết thúc) or postponed (hoãn).
          adjournedAt: events.find((e) => isAudit(e, 'hearing.adjourn', 'hearing.postpone'))?.at ?? null,
        },
        case: { id: kase.id, number: kase.number, title: kase.title },
        court: kase.court,
        sessions: timeline.sessions.map((s) => ({ start: iso(s.startMs)!, end: iso(s.endMs)! })),
        timeInSessionMs: timeline.sessions.reduce((sum, s) => sum + (s.endMs - s.startMs), 0),
        participants: participants.map((p) => ({ id: p.id, displayName: p.displayName, role: p.role, status: p.status })),
        tracks,
        gaps: gaps.map((g) => ({
          trackId: g.trackId,
          participantId: g.participantId,
          start: iso(g.startMs)!,
          end: iso(g.endMs),
          cause: g.cause,
        })),
        files,
        audit: { file: AUDIT, events: auditLines.length, headHash: events.at(-1)?.hash ?? '0'.repeat(64) },
        signing: {
          algorithm: 'Ed25519',
          publicKeyFile: PUBLIC_KEY,
          fingerprintSha256: key.fingerprint,
          signatureFile: SIG,
          signedFile: SUMS,
        },
        builtAt,
      };
      const manifestText = JSON.stringify(manifest, null, 2) + '\n';
      write(MANIFEST, manifestText);
      const manifestSha256 = createHash('sha256').update(manifestText).digest('hex');
      const sums = renderSums([...files, { path: MANIFEST, sha256: manifestSha256 }]);
      write(SUMS, sums);
      write(SIG, key.sign(Buffer.from(sums)));

      // Claim the target last. rename() cannot replace a non-empty folder, so a bundle that
      // appeared meanwhile is never overwritten: the build fails instead.
      if (existsSync(target)) throw new InvalidStateError(`${target} appeared during the build; not overwriting it`);
      renameSync(work, target);
      onProgress(1, 'sealing');
      return { dir: target, manifest, manifestSha256 };
    } catch (error) {
      rmSync(work, { recursive: true, force: true });
      throw error;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}

const clamp = (f: number) => (Number.isFinite(f) ? Math.max(0, Math.min(1, f)) : 0);

/**
 * One track's segments, in wall-clock order, joined into one Matroska file with the concat
 * demuxer and stream copy (no re-encoding: the archive keeps exactly what was received).
 */
async function concatTrack(segments: ClippedSegment[], outFile: string, listFile: string): Promise<void> {
  // The concat list's quoting: a single quote inside a quoted path is written '\''.
  const entry = (s: ClippedSegment) =>
    `file '${s.file.replace(/'/g, "'\\''")}'\n` + (s.outpointMs === null ? '' : `outpoint ${(s.outpointMs / 1000).toFixed(3)}\n`);
  writeFileSync(listFile, 'ffconcat version 1.0\n' + segments.map(entry).join(''));
  await runFfmpeg(['-loglevel', 'error', '-f', 'concat', '-safe', '0', '-i', listFile, '-map', '0', '-c', 'copy', outFile]);
  chmodSync(outFile, 0o400);
}
