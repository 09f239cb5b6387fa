// The signed record bundle: what it contains, that a third party verifies it with the exact
// README commands (real sha256sum and openssl), and that one flipped byte anywhere is caught.
// The composite is fake here (a test pattern MP4, see bundleFixture.ts): every test says so.
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyBundle } from '../../../recordings/BundleVerifier.js';
import { listFiles, type Manifest } from '../../../recordings/RecordBundle.js';
import { ffprobe } from '../../../core/lib/ffmpeg.js';
import { auditHash, GENESIS_HASH } from '../../../core/hearing/auditChain.js';
import { must } from '../../support/must.js';
import { makeFixture, type Fixture } from './bundleFixture.js';

// Each test builds a real bundle (ffmpeg concat, hashing, openssl): slower than a pure unit test when
// the two cores are shared with other test files.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

/** The README's commands, run as written, in the bundle folder. */
function sha256sumCheck(dir: string) {
  return spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
}
function opensslVerify(dir: string) {
  return spawnSync(
    'openssl',
    ['pkeyutl', '-verify', '-pubin', '-inkey', 'court-public-key.pem', '-rawin', '-in', 'SHA256SUMS', '-sigfile', 'SHA256SUMS.sig'],
    { cwd: dir, encoding: 'utf8' },
  );
}

/** The fenced ```sh blocks of README.md's "Verifying a hearing record" section. */
function readmeBlocks(): string[] {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const from = must(readme.split('## Verifying a hearing record')[1], 'the README section "Verifying a hearing record"');
  const section = from.split('\n## ')[0]!; // split() always yields a first piece
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!); // group 1 takes part in every match
}
const bash = (script: string, cwd: string) => spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8' });

function flipByte(file: string, at: number): () => void {
  const original = readFileSync(file);
  const changed = Buffer.from(original);
  changed[at] = must(changed[at], `byte ${at} of ${file}`) ^ 0x01;
  chmodSync(file, 0o644);
  writeFileSync(file, changed);
  return () => {
    writeFileSync(file, original);
    chmodSync(file, 0o444);
  };
}

let f: Fixture;
let dir: string;
let manifest: Manifest;
let manifestSha256: string;
const progress: [number, string][] = [];

const serverVerify = async (d = dir) =>
  verifyBundle(d, { key: f.key, hearingId: f.hid, manifestSha256, databaseHashes: (await f.store.audit.list(f.hid)).map((e) => e.hash) });

beforeAll(async () => {
  f = await makeFixture();
  const built = await f.bundle.build(f.hid, f.timeline, (p, phase) => progress.push([p, phase]));
  ({ dir, manifest, manifestSha256 } = built);
});
afterAll(async () => {
  await f?.cleanup();
});

describe('record bundle (fake compositor output)', () => {
  it('is written to data/recordings/<hearingId>/record/ with every file of the design', () => {
    expect(dir).toBe(join(f.hearingDir, 'record'));
    const files = listFiles(dir);
    expect(files).toEqual(
      [
        'SHA256SUMS',
        'SHA256SUMS.sig',
        'audit.jsonl',
        'composite.mp4',
        'court-public-key.pem',
        'manifest.json',
        'minutes.html',
        `tracks/defendant-nguyen-van-a-camera-prod-cam.mkv`,
        `tracks/judge-tran-thi-binh-mic-prod-mic.mkv`,
      ].sort(),
    );
    // Nothing but the record: no concat lists or half-built folders left beside it.
    expect(readdirSync(f.hearingDir).sort()).toEqual(['record', 'tracks']);
    for (const file of files) expect(statSync(join(dir, file)).mode & 0o222).toBe(0); // read-only
  });

  it('concatenates each track’s segments in wall-clock order with stream copy', async () => {
    const cam = await ffprobe(join(dir, 'tracks/defendant-nguyen-van-a-camera-prod-cam.mkv'));
    expect(cam.streams.map((s) => s.codec_name)).toEqual(['vp8']);
    expect(Number(cam.format.duration)).toBeGreaterThan(1.8); // two one-second segments
    const mic = await ffprobe(join(dir, 'tracks/judge-tran-thi-binh-mic-prod-mic.mkv'));
    expect(mic.streams.map((s) => s.codec_name)).toEqual(['opus']);
    const camTrack = manifest.tracks.find((t) => t.trackId === 'prod-cam')!;
    expect(camTrack.segments.map((s) => s.start)).toEqual([...camTrack.segments.map((s) => s.start)].sort());
  });

  it('manifest.json lists the hearing, case, sessions, participants and every file with size and sha256', async () => {
    expect(manifest).toMatchObject({
      format: 'vcourt-hearing-record/1',
      hearing: { id: f.hid, title: 'Phiên tòa sơ thẩm' },
      case: { number: '12/2026/HS-ST' },
      court: 'Tòa án nhân dân quận Hoàn Kiếm',
      timeInSessionMs: 26 * 60_000,
      signing: { algorithm: 'Ed25519', fingerprintSha256: f.key.fingerprint, publicKeyFile: 'court-public-key.pem' },
    });
    expect(manifest.participants.map((p) => p.role).sort()).toEqual(['counsel', 'defendant', 'judge']);
    expect(manifest.gaps).toEqual([expect.objectContaining({ trackId: 'prod-cam', cause: 'participant_reconnected' })]);
    const onDisk = listFiles(dir).filter((p) => !['manifest.json', 'SHA256SUMS', 'SHA256SUMS.sig'].includes(p));
    expect(manifest.files.map((x) => x.path)).toEqual(onDisk);
    for (const file of manifest.files) {
      const bytes = readFileSync(join(dir, file.path));
      expect(file.bytes).toBe(bytes.length);
      expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(manifest.audit.headHash).toBe((await f.store.audit.list(f.hid)).at(-1)!.hash);
    expect(manifestSha256).toBe(
      createHash('sha256')
        .update(readFileSync(join(dir, 'manifest.json')))
        .digest('hex'),
    );
  });

  it('SHA256SUMS is exact sha256sum output for every file but itself and its signature', () => {
    const files = listFiles(dir).filter((p) => p !== 'SHA256SUMS' && p !== 'SHA256SUMS.sig');
    const real = spawnSync('sha256sum', files, { cwd: dir, encoding: 'utf8' }).stdout;
    expect(readFileSync(join(dir, 'SHA256SUMS'), 'utf8')).toBe(real);
  });

  it('the signature verifies with node:crypto, and the README commands pass with the real sha256sum and openssl', () => {
    const sums = readFileSync(join(dir, 'SHA256SUMS'));
    const sig = readFileSync(join(dir, 'SHA256SUMS.sig'));
    expect(sig.length).toBe(64);
    const pub = createPublicKey(readFileSync(join(dir, 'court-public-key.pem')));
    expect(verify(null, sums, pub, sig)).toBe(true);

    const sumsRun = sha256sumCheck(dir);
    expect(sumsRun.status, sumsRun.stderr).toBe(0);
    expect(sumsRun.stdout.trim().split('\n')).toHaveLength(listFiles(dir).length - 2);
    const ssl = opensslVerify(dir);
    expect(ssl.status, ssl.stderr).toBe(0);
    expect(ssl.stdout).toContain('Signature Verified Successfully');
    // The fingerprint in the manifest is what the README's openssl | sha256sum pipeline prints.
    const der = spawnSync('openssl', ['pkey', '-pubin', '-in', 'court-public-key.pem', '-outform', 'DER'], { cwd: dir });
    expect(createHash('sha256').update(der.stdout).digest('hex')).toBe(f.key.fingerprint);
  });

  it('the README section runs as written: its sha256sum, openssl, fingerprint and audit chain commands pass, and fail on a flipped byte', () => {
    const blocks = readmeBlocks();
    const unpack = must(blocks[0], 'the README block that unpacks and checks');
    const fingerprint = must(blocks[1], 'the README block that prints the key fingerprint');
    const chain = must(blocks[2], 'the README block that walks the audit chain');
    const lines = unpack.trim().split('\n');
    expect(lines[0]).toMatch(/^tar -xf /); // the bundle here is already unpacked
    const check = lines.slice(1).join(' && ');
    expect(check).toBe(
      'sha256sum -c SHA256SUMS && openssl pkeyutl -verify -pubin -inkey court-public-key.pem -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig',
    );
    const ok = bash(check, dir);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Signature Verified Successfully');
    expect(bash(fingerprint.split('\n')[0]!, dir).stdout).toBe(`${f.key.fingerprint}  -\n`);
    const walked = bash(chain, dir);
    expect(walked.status, walked.stderr).toBe(0);
    expect(walked.stdout.trim()).toBe(`audit chain OK, head ${manifest.audit.headHash}`);

    for (const path of ['SHA256SUMS', 'SHA256SUMS.sig', 'composite.mp4', 'audit.jsonl']) {
      const restore = flipByte(join(dir, path), 40);
      try {
        expect(bash(check, dir).status, path).not.toBe(0);
        if (path === 'audit.jsonl') expect(bash(chain, dir).stdout + bash(chain, dir).stderr).toMatch(/broken at line|Error/);
      } finally {
        restore();
      }
    }
  });

  it('server verification passes on the untouched bundle: files, signature and audit chain', async () => {
    const report = await serverVerify();
    expect(report.ok).toBe(true);
    expect(report.signature).toBe('valid');
    expect(report.audit).toMatchObject({ status: 'ok', brokenAtLine: null, matchesDatabase: true });
    expect(report.files.every((x) => x.status === 'ok')).toBe(true);
    expect(report.files).toHaveLength(listFiles(dir).length);
  });

  it('flipping one byte of any file fails server verification, naming that file, and fails sha256sum -c or openssl', async () => {
    for (const path of listFiles(dir)) {
      const file = join(dir, path);
      const restore = flipByte(file, Math.floor(statSync(file).size / 2));
      try {
        const report = await serverVerify();
        expect(report.ok, path).toBe(false);
        expect(report.files.find((x) => x.path === path)?.status, path).toBe('modified');
        expect(
          report.files.filter((x) => x.status !== 'ok').map((x) => x.path),
          path,
        ).toEqual([path]);
        const sums = sha256sumCheck(dir);
        const ssl = opensslVerify(dir);
        if (path === 'SHA256SUMS' || path === 'SHA256SUMS.sig') {
          expect(ssl.status, path).not.toBe(0);
          expect(report.signature, path).toBe('invalid');
        } else {
          expect(sums.status, path).not.toBe(0);
          expect(sums.stdout, path).toContain(`${path}: FAILED`);
        }
      } finally {
        restore();
      }
    }
    expect((await serverVerify()).ok).toBe(true);
  });

  it('reports a missing file and an unexpected extra file', async () => {
    const extra = join(dir, 'tracks', 'planted.mkv');
    chmodSync(join(dir, 'tracks'), 0o755);
    writeFileSync(extra, 'not from the court');
    const minutes = join(dir, 'minutes.html');
    const saved = readFileSync(minutes);
    rmSync(minutes);
    try {
      const report = await serverVerify();
      expect(report.ok).toBe(false);
      expect(report.files.find((x) => x.path === 'tracks/planted.mkv')?.status).toBe('extra');
      expect(report.files.find((x) => x.path === 'minutes.html')?.status).toBe('missing');
      expect(sha256sumCheck(dir).status).not.toBe(0);
    } finally {
      rmSync(extra);
      writeFileSync(minutes, saved, { mode: 0o444 });
    }
    expect((await serverVerify()).ok).toBe(true);
  });

  it('detects audit chain tampering even when the attacker re-hashes the file list', async () => {
    const auditFile = join(dir, 'audit.jsonl');
    const original = readFileSync(auditFile, 'utf8');
    const lines = original
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const restore = () => {
      writeFileSync(auditFile, original);
      chmodSync(auditFile, 0o444);
    };
    chmodSync(auditFile, 0o644);
    try {
      // 1. An edited event (the removal's reason) breaks the chain at that line.
      const i = lines.findIndex((e) => e.type === 'participant.removed');
      const edited = lines.map((e, n) => (n === i ? { ...e, data: { ...e.data, reason: 'Tự nguyện rời' } } : e));
      writeFileSync(auditFile, edited.map((e) => JSON.stringify(e) + '\n').join(''));
      let report = await serverVerify();
      expect(report.audit).toMatchObject({ status: 'broken', brokenAtLine: i + 1 });
      expect(report.ok).toBe(false);

      // 2. A consistent forgery (every hash recomputed) holds as a chain but not against the court's log.
      let prev = GENESIS_HASH;
      const forged = edited.map((e) => {
        const hash = auditHash(prev, {
          hearingId: e.hearingId,
          at: e.at,
          actorJson: JSON.stringify(e.actor),
          type: e.type,
          dataJson: JSON.stringify(e.data),
        });
        const out = { ...e, prevHash: prev, hash };
        prev = hash;
        return out;
      });
      writeFileSync(auditFile, forged.map((e) => JSON.stringify(e) + '\n').join(''));
      report = await serverVerify();
      expect(report.audit).toMatchObject({ status: 'mismatch', brokenAtLine: null, matchesDatabase: false });
      expect(report.files.find((x) => x.path === 'audit.jsonl')?.status).toBe('modified');
    } finally {
      restore();
    }
  });

  it('reports progress from 0 to 1 through its phases, the composite taking most of the bar', () => {
    const values = progress.map(([p]) => p);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values.at(-1)).toBe(1);
    expect(progress.map(([, phase]) => phase).filter((x, i, a) => a.indexOf(x) === i)).toEqual([
      'composite',
      'tracks',
      'minutes',
      'sealing',
    ]);
    const compositeEnd = Math.max(...progress.filter(([, ph]) => ph === 'composite').map(([p]) => p));
    expect(compositeEnd).toBeGreaterThanOrEqual(0.75);
  });

  it('never overwrites an existing bundle: a second build goes to record-2/, record/ stays byte for byte', async () => {
    const before = listFiles(dir).map((p) => [p, readFileSync(join(dir, p)).toString('base64'), statSync(join(dir, p)).mtimeMs]);
    const again = await f.bundle.build(f.hid, f.timeline);
    expect(again.dir).toBe(join(f.hearingDir, 'record-2'));
    expect(listFiles(dir).map((p) => [p, readFileSync(join(dir, p)).toString('base64'), statSync(join(dir, p)).mtimeMs])).toEqual(before);
    expect(existsSync(join(again.dir, 'SHA256SUMS'))).toBe(true);
  });
});
