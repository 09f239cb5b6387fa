// The files of a record on disk: what the bundle folder holds (kind, type, size, which track),
// one file served by path, the whole bundle as tar entries, and the server-side verification.
// Only paths listed inside the bundle are ever served, so a request cannot leave it.
import { readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { NotFoundError } from '../../core/hearing/errors.js';
import type { RecordFileKind, RecordFileView, VerifyReport } from '../../core/protocol/http.js';
import { verifyBundle } from '../BundleVerifier.js';
import { AUDIT, COMPOSITE, listFiles, MANIFEST, MINUTES, PUBLIC_KEY, SIG, slug, SUMS, type Manifest } from '../RecordBundle.js';
import type { TarEntry } from '../tar.js';
import { actorOf, type ArchiveContext, type StaffActor } from './ArchiveContext.js';

const MIME: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.mkv': 'video/x-matroska',
  '.html': 'text/html; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.pem': 'text/plain; charset=utf-8',
  '.sig': 'application/octet-stream',
};

function kindOf(path: string): RecordFileKind {
  if (path === COMPOSITE) return 'composite';
  if (path.startsWith('tracks/')) return 'track';
  const fixed: Record<string, RecordFileKind> = {
    [MINUTES]: 'minutes',
    [AUDIT]: 'audit',
    [MANIFEST]: 'manifest',
    [SUMS]: 'sums',
    [SIG]: 'signature',
    [PUBLIC_KEY]: 'key',
  };
  return fixed[path] ?? 'other';
}

export function mimeOf(path: string, trackKind?: string): string {
  if (path === SUMS) return 'text/plain; charset=utf-8';
  // Audio-only Matroska still plays in <video>; the type only tells the browser what it holds.
  if (extname(path) === '.mkv' && trackKind === 'audio') return 'audio/x-matroska';
  return MIME[extname(path)] ?? 'application/octet-stream';
}

function readManifest(dir: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

export class RecordFiles {
  constructor(private readonly ctx: ArchiveContext) {}

  /** Every file of the bundle in `dir`, with its track's participant where it is one. */
  list(dir: string, link: (path: string) => string): RecordFileView[] {
    const files: RecordFileView[] = [];
    const manifest = readManifest(dir);
    const people = new Map(manifest?.participants.map((p) => [p.id, p]) ?? []);
    for (const path of listFiles(dir)) {
      const t = manifest?.tracks.find((x) => x.file === path);
      const p = t ? people.get(t.participantId) : undefined;
      files.push({
        path,
        bytes: statSync(join(dir, path)).size,
        kind: kindOf(path),
        mime: mimeOf(path, t?.kind),
        url: link(path),
        ...(t
          ? {
              track: {
                participantId: t.participantId,
                displayName: p?.displayName ?? '',
                role: p?.role ?? '',
                kind: t.kind,
                source: t.source,
                codec: t.codec,
              },
            }
          : {}),
      });
    }
    return files;
  }

  /** A file of a ready record; only paths that exist inside the bundle are served (no traversal). */
  async file(hearingId: string, path: string): Promise<{ root: string; path: string; mime: string }> {
    const dir = await this.ctx.readyDir(hearingId);
    if (!listFiles(dir).includes(path)) throw new NotFoundError('Record file', path);
    const track = readManifest(dir)?.tracks.find((t) => t.file === path);
    return { root: dir, path, mime: mimeOf(path, track?.kind) };
  }

  /** The bundle as tar entries under one top folder named after the case and hearing. */
  async tar(hearingId: string): Promise<{ name: string; entries: TarEntry[] }> {
    const dir = await this.ctx.readyDir(hearingId);
    const kase = (await this.ctx.deps.store.cases.get((await this.ctx.hearing(hearingId)).caseId))!;
    const root = `vcourt-record-${slug(kase.number)}-${hearingId}`;
    const entries: TarEntry[] = [];
    const seenDirs = new Set<string>();
    const addDir = (name: string) => {
      if (seenDirs.has(name)) return;
      seenDirs.add(name);
      entries.push({ name: `${name}/`, size: 0, mode: 0o755, mtime: statSync(join(dir, name.slice(root.length))).mtime });
    };
    addDir(root);
    for (const path of listFiles(dir)) {
      const parts = path.split('/');
      for (let i = 1; i < parts.length; i++) addDir([root, ...parts.slice(0, i)].join('/'));
      const st = statSync(join(dir, path));
      entries.push({ name: `${root}/${path}`, file: join(dir, path), size: st.size, mode: 0o444, mtime: st.mtime });
    }
    return { name: `${root}.tar`, entries };
  }

  async verify(hearingId: string, by: StaffActor): Promise<VerifyReport> {
    const dir = await this.ctx.readyDir(hearingId);
    const row = (await this.ctx.deps.records.get(hearingId))!;
    const report = await verifyBundle(dir, {
      key: this.ctx.deps.key,
      hearingId,
      manifestSha256: row.manifestSha256,
      databaseHashes: (await this.ctx.deps.store.audit.list(hearingId)).map((e) => e.hash),
    });
    const failed = report.files.filter((f) => f.status !== 'ok').map((f) => `${f.status}: ${f.path}`);
    await this.ctx.audit(hearingId, actorOf(by), 'record.verified', {
      ok: report.ok,
      signature: report.signature,
      audit: report.audit.status,
      failed: failed.slice(0, 20),
    });
    return { ...report, checkedAt: this.ctx.now().toISOString() };
  }
}
