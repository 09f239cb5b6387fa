// Server-side verification of a hearing record: every file against what the court sealed, the
// Ed25519 signature of SHA256SUMS, and the audit log's hash chain recomputed line by line.
//
// What the expected hashes are trusted from, in order: manifest.json when its SHA-256 equals the
// one the database kept at build time (records.manifest_sha256); else SHA256SUMS when its
// signature holds. Because Ed25519 signatures are deterministic, the server can then also tell
// which of SHA256SUMS and SHA256SUMS.sig was changed, rather than only "signature invalid".
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { firstBrokenLink } from '../core/hearing/auditChain.js';
import type { AuditStatus, FileCheck, VerifyReport } from '../core/protocol/http.js';
import type { CourtKey } from './CourtKey.js';
import { AUDIT, listFiles, MANIFEST, parseSums, renderSums, sha256File, SIG, SUMS, type Manifest } from './RecordBundle.js';

export interface VerifyOptions {
  key: CourtKey;
  hearingId: string;
  /** records.manifest_sha256; null when verifying a bundle the database does not know. */
  manifestSha256: string | null;
  /** Hashes of the hearing's events in the live audit log, in order. */
  databaseHashes?: string[];
}

export async function verifyBundle(dir: string, o: VerifyOptions): Promise<Omit<VerifyReport, 'checkedAt'>> {
  const actual = new Map<string, { sha256: string; bytes: number }>();
  for (const path of existsSync(dir) ? listFiles(dir) : []) {
    actual.set(path, { sha256: await sha256File(join(dir, path)), bytes: statSync(join(dir, path)).size });
  }
  const read = (name: string): Buffer | null => (actual.has(name) ? readFileSync(join(dir, name)) : null);
  const sums = read(SUMS);
  const sig = read(SIG);
  const signature = !sums || !sig ? 'missing' : o.key.verify(sums, sig) ? 'valid' : 'invalid';

  // The listing the bundle must match (every file but SHA256SUMS and its signature).
  let manifest: Manifest | null = null;
  let expected: Map<string, string> | null = null;
  if (o.manifestSha256 && actual.get(MANIFEST)?.sha256 === o.manifestSha256) {
    manifest = parseJson<Manifest>(read(MANIFEST));
    if (manifest) expected = new Map([...manifest.files.map((f) => [f.path, f.sha256] as const), [MANIFEST, o.manifestSha256]]);
  }
  if (!expected && sums && (signature === 'valid' || !o.manifestSha256)) expected = parseSums(sums.toString('utf8'));
  if (!expected) {
    // Nothing trustworthy left: compare against whatever SHA256SUMS says, and fail regardless.
    expected = (sums && parseSums(sums.toString('utf8'))) || new Map();
    if (o.manifestSha256) expected.set(MANIFEST, o.manifestSha256);
  }

  const files: FileCheck[] = [];
  const check = (path: string, expectedSha: string | null, ok: (a: { sha256: string }) => boolean) => {
    const a = actual.get(path);
    files.push({
      path,
      status: !a ? 'missing' : ok(a) ? 'ok' : 'modified',
      bytes: a?.bytes ?? null,
      expectedSha256: expectedSha,
      actualSha256: a?.sha256 ?? null,
    });
  };
  for (const [path, sha] of expected) if (path !== SUMS && path !== SIG) check(path, sha, (a) => a.sha256 === sha);

  const expectedSums = Buffer.from(
    renderSums([...expected].filter(([p]) => p !== SUMS && p !== SIG).map(([path, sha256]) => ({ path, sha256 }))),
  );
  const expectedSumsSha = sha(expectedSums);
  check(SUMS, expectedSumsSha, (a) => a.sha256 === expectedSumsSha);
  check(SIG, null, () => !!sig && o.key.verify(expectedSums, sig));
  for (const [path, a] of actual) {
    if (!expected.has(path) && path !== SUMS && path !== SIG) {
      files.push({ path, status: 'extra', bytes: a.bytes, expectedSha256: null, actualSha256: a.sha256 });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));

  const audit = checkAudit(read(AUDIT), o, manifest);
  return { ok: signature === 'valid' && audit.status === 'ok' && files.every((f) => f.status === 'ok'), files, signature, audit };
}

/** Recomputes the chain over audit.jsonl (core/hearing/auditChain.ts) and compares its head. */
function checkAudit(text: Buffer | null, o: VerifyOptions, manifest: Manifest | null): VerifyReport['audit'] {
  if (!text) return { status: 'missing', events: 0, brokenAtLine: null, headHash: null, matchesDatabase: null };
  const lines = text
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const events = lines.map((line) => {
    const e = parseJson<{ hearingId: string; at: string; actor: unknown; type: string; data: unknown; prevHash: string; hash: string }>(
      line,
    );
    // An unparseable or foreign line can never satisfy the chain: hash fields that cannot match.
    if (!e || e.hearingId !== o.hearingId)
      return { prevHash: '', hash: '', fields: { hearingId: '', at: '', actorJson: '', type: '', dataJson: '' } };
    return {
      prevHash: e.prevHash,
      hash: e.hash,
      fields: { hearingId: e.hearingId, at: e.at, actorJson: JSON.stringify(e.actor), type: e.type, dataJson: JSON.stringify(e.data) },
    };
  });
  const broken = firstBrokenLink(events);
  const headHash = events.at(-1)?.hash ?? null;
  const matchesDatabase = o.databaseHashes ? events.every((e, i) => o.databaseHashes![i] === e.hash) : null;
  const headMatches = !manifest || manifest.audit.headHash === headHash;
  const status: AuditStatus = broken >= 0 ? 'broken' : !headMatches || matchesDatabase === false ? 'mismatch' : 'ok';
  return { status, events: events.length, brokenAtLine: broken >= 0 ? broken + 1 : null, headHash, matchesDatabase };
}

function parseJson<T>(input: Buffer | string | null): T | null {
  if (input === null) return null;
  try {
    return JSON.parse(input.toString()) as T;
  } catch {
    return null;
  }
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
