// The record as the case file keeps it (RecordArchive): build lifecycle in the `records` row,
// refusals, retention and the sweep; plus the court key, the minutes and the tar writer.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CourtKey } from '../../../recordings/CourtKey.js';
import { archiveSettings } from '../../../recordings/archive/RecordArchive.js';
import { retentionInstant } from '../../../recordings/archive/Retention.js';
import { tarSize, tarStream } from '../../../recordings/tar.js';
import { ConflictError, InvalidStateError } from '../../../core/hearing/errors.js';
import { makeFixture, T0, type Fixture } from './bundleFixture.js';

// Each test builds a real bundle (ffmpeg concat, hashing, openssl): slower than a pure unit test when
// the two cores are shared with other test files.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const DAY = 24 * 3600 * 1000;
const clerk = { accountId: 'acc-clerk', username: 'thuky', role: 'clerk' as const };
const admin = { accountId: 'acc-admin', username: 'admin', role: 'admin' as const };

let f: Fixture | undefined;
afterEach(async () => {
  await f?.cleanup();
  f = undefined;
});

const auditTypes = async (fx: Fixture) => (await fx.store.audit.list(fx.hid)).map((e) => e.type);

describe('RecordArchive (fake compositor output)', () => {
  it('a build moves the records row building → ready, with progress, manifest hash and a retention date', async () => {
    f = await makeFixture();
    const seen: number[] = [];
    const orig = f.records.progress.bind(f.records);
    f.records.progress = (id, p, phase) => {
      seen.push(p);
      return orig(id, p, phase);
    };
    const row = await f.archive.build(f.hid, f.timeline);
    expect(row).toMatchObject({ status: 'ready', progress: 1, phase: 'done', dir: join(f.hearingDir, 'record'), error: null });
    expect(row.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row.retainUntil).toBe(new Date(T0 + 30 * DAY).toISOString());
    expect(seen.length).toBeGreaterThan(2);
    expect((await auditTypes(f)).slice(-2)).toEqual(['record.building', 'record.ready']);
    const view = await f.archive.view(f.hid, (p) => `/x/${p ?? 'tar'}`);
    expect(view.record?.files.map((x) => x.kind).sort()).toEqual([
      'audit',
      'composite',
      'key',
      'manifest',
      'minutes',
      'signature',
      'sums',
      'track',
      'track',
    ]);
    expect(view.record?.files.find((x) => x.path.includes('prod-mic'))).toMatchObject({
      mime: 'audio/x-matroska',
      track: { role: 'judge', kind: 'audio' },
    });
  });

  it('refuses a second build of a ready record, and a build before adjournment', async () => {
    f = await makeFixture();
    await f.archive.build(f.hid, f.timeline);
    await expect(f.archive.build(f.hid, f.timeline)).rejects.toBeInstanceOf(ConflictError);
    await f.store.hearings.setState(f.hid, 'in_session', new Date().toISOString());
    await f.records.deleted(f.hid, new Date().toISOString());
    await expect(f.archive.build(f.hid, f.timeline)).rejects.toBeInstanceOf(InvalidStateError);
  });

  it('a failing composite marks the record failed with the error, leaves no partial folder, and may be rebuilt', async () => {
    let fail = true;
    f = await makeFixture({
      async finish(_t, out) {
        if (fail) throw new Error('compositor exploded');
        writeFileSync(out, 'composite');
      },
    });
    const row = await f.archive.build(f.hid, f.timeline);
    expect(row).toMatchObject({ status: 'failed', error: 'compositor exploded' });
    expect(existsSync(join(f.hearingDir, 'record'))).toBe(false);
    expect((await auditTypes(f)).at(-1)).toBe('record.failed');
    fail = false;
    expect((await f.archive.build(f.hid, f.timeline)).status).toBe('ready');
  });

  it('a segment file lost before the build is left out and named in the manifest; the record is still made', async () => {
    f = await makeFixture();
    const cam = f.timeline.tracks.find((t) => t.trackId === 'prod-cam')!;
    const lost = cam.segments.find((s) => s.file.endsWith('0-00001.mkv'))!;
    rmSync(lost.file);
    const row = await f.archive.build(f.hid, f.timeline);
    expect(row.status).toBe('ready');
    const manifest = JSON.parse(readFileSync(join(row.dir!, 'manifest.json'), 'utf8'));
    expect(manifest.tracks.find((t: { trackId: string }) => t.trackId === 'prod-cam')).toMatchObject({
      segments: [{ start: new Date(cam.segments.find((s) => s !== lost)!.startMs).toISOString() }],
      missingSegments: [{ start: new Date(lost.startMs).toISOString() }],
    });
  });

  it('verification is recorded in the audit log with its outcome', async () => {
    f = await makeFixture();
    await f.archive.build(f.hid, f.timeline);
    const report = await f.archive.verify(f.hid, clerk);
    expect(report.ok).toBe(true);
    const last = (await f.store.audit.list(f.hid)).at(-1)!;
    expect(last).toMatchObject({ type: 'record.verified', actor: { kind: 'account', username: 'thuky' }, data: { ok: true } });
  });

  it('retention: only the sweep deletes, once retain_until has passed, with the captured segments and an audit event', async () => {
    f = await makeFixture();
    await f.archive.build(f.hid, f.timeline);
    expect(await f.archive.sweep()).toEqual([]);
    expect(existsSync(join(f.hearingDir, 'record', 'SHA256SUMS'))).toBe(true);

    f.setNow(T0 + 31 * DAY);
    expect(await f.archive.sweep()).toEqual([f.hid]);
    expect(existsSync(f.hearingDir)).toBe(false); // bundle, segments and composite chunks
    expect(await f.records.get(f.hid)).toMatchObject({ status: 'deleted', dir: null, deletedAt: new Date(T0 + 31 * DAY).toISOString() });
    expect((await f.store.audit.list(f.hid)).at(-1)).toMatchObject({ type: 'record.deleted', actor: { kind: 'system' } });
    expect(await f.archive.sweep()).toEqual([]);
    await expect(f.archive.setRetention(f.hid, '2099-01-01', admin)).rejects.toThrow(InvalidStateError);
  });

  it('retention: a clerk may extend in one step; shortening directly is refused (409), even for an admin; dates mean the end of that day in Vietnam', async () => {
    f = await makeFixture();
    await f.archive.build(f.hid, f.timeline);
    await f.archive.setRetention(f.hid, '2040-01-31', clerk);
    expect((await f.records.get(f.hid))!.retainUntil).toBe('2040-01-31T16:59:59.999Z');
    expect((await f.store.audit.list(f.hid)).at(-1)).toMatchObject({ type: 'record.retention', data: { to: '2040-01-31T16:59:59.999Z' } });
    await expect(f.archive.setRetention(f.hid, '2030-01-01', clerk)).rejects.toThrow(ConflictError);
    await expect(f.archive.setRetention(f.hid, '2030-01-01', admin)).rejects.toThrow(ConflictError);
    expect((await f.records.get(f.hid))!.retainUntil).toBe('2040-01-31T16:59:59.999Z');
  });

  it('start() marks builds interrupted by a stop as failed', async () => {
    f = await makeFixture();
    await f.records.begin(f.hid, new Date(T0).toISOString());
    await f.archive.start(60_000);
    await f.archive.close();
    expect(await f.records.get(f.hid)).toMatchObject({ status: 'failed' });
    expect(await f.archive.build(f.hid, f.timeline)).toMatchObject({ status: 'ready' });
  });

  it('the tar of a record unpacks with tar and passes the README commands inside it', async () => {
    f = await makeFixture();
    await f.archive.build(f.hid, f.timeline);
    const { name, entries } = await f.archive.tar(f.hid);
    const out = join(f.root, name);
    const chunks: Buffer[] = [];
    await pipeline(tarStream(entries), new Writable({ write: (c, _e, cb) => (chunks.push(c), cb()) }));
    writeFileSync(out, Buffer.concat(chunks));
    expect(statSync(out).size).toBe(tarSize(entries));
    const listing = spawnSync('tar', ['-tf', out], { encoding: 'utf8' });
    expect(listing.status, listing.stderr).toBe(0);
    const root = name.replace(/\.tar$/, '');
    expect(listing.stdout).toContain(`${root}/SHA256SUMS.sig\n`);
    expect(listing.stdout).toContain(`${root}/tracks/judge-tran-thi-binh-mic-prod-mic.mkv\n`);
    const x = mkdtempSync(join(tmpdir(), 'vcourt-untar-'));
    try {
      expect(spawnSync('tar', ['-xf', out, '-C', x]).status).toBe(0);
      expect(spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: join(x, root) }).status).toBe(0);
      const ssl = spawnSync(
        'openssl',
        ['pkeyutl', '-verify', '-pubin', '-inkey', 'court-public-key.pem', '-rawin', '-in', 'SHA256SUMS', '-sigfile', 'SHA256SUMS.sig'],
        { cwd: join(x, root) },
      );
      expect(ssl.status).toBe(0);
    } finally {
      rmSync(x, { recursive: true, force: true });
    }
  });
});

describe('minutes.html (fake compositor output)', () => {
  it('is a Vietnamese document with English subtitles covering states, admissions, removals, mutes and gaps', async () => {
    f = await makeFixture();
    const { dir } = await f.bundle.build(f.hid, f.timeline);
    const html = readFileSync(join(dir, 'minutes.html'), 'utf8');
    expect(html).toContain('<html lang="vi">');
    for (const text of [
      'BIÊN BẢN PHIÊN TÒA TRỰC TUYẾN',
      'Minutes of the online hearing',
      '12/2026/HS-ST',
      'TÒA ÁN NHÂN DÂN QUẬN HOÀN KIẾM',
      'Chuẩn bị khai mạc phiên tòa',
      'Khai mạc phiên tòa',
      'Tạm ngừng phiên tòa',
      'Tiếp tục phiên tòa',
      'Kết thúc phiên tòa',
      'Được cho vào phiên tòa',
      'Bị buộc rời phiên tòa',
      'Gây rối trật tự phiên tòa',
      'Bị Thẩm phán tắt (micrô)',
      'Người tham gia kết nối lại',
      '08:03:00 02/03/2026',
      '0:26:00',
    ]) {
      expect(html, text).toContain(text);
    }
    expect(html).toContain('Lê &lt;b&gt;Đức&lt;/b&gt;'); // names are escaped, never markup
    expect(html).not.toMatch(/<script/i);
  });
});

describe('CourtKey', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'vcourt-key-'));
    dirs.push(d);
    return d;
  };

  it('is generated once under data/secrets with owner-only permissions, then loaded', () => {
    const dataDir = tmp();
    const a = CourtKey.loadOrCreate(dataDir);
    const file = join(dataDir, 'secrets', 'court-ed25519.pem');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(CourtKey.loadOrCreate(dataDir).fingerprint).toBe(a.fingerprint);
    expect(a.publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('is loaded from VCOURT_SIGNING_KEY when set, and must be Ed25519', () => {
    const d = tmp();
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(join(d, 'k.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const settings = archiveSettings({ VCOURT_SIGNING_KEY: join(d, 'k.pem') });
    const key = CourtKey.loadOrCreate(d, settings.signingKeyFile);
    expect(key.verify(Buffer.from('x'), key.sign(Buffer.from('x')))).toBe(true);
    expect(existsSync(join(d, 'secrets'))).toBe(false);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    writeFileSync(join(d, 'rsa.pem'), rsa.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => CourtKey.loadOrCreate(d, join(d, 'rsa.pem'))).toThrow(/Ed25519/);
  });

  it('retention settings: VCOURT_RETENTION_DAYS, ten years by default, whole days only', () => {
    expect(archiveSettings({}).retentionDays).toBe(3650);
    expect(archiveSettings({}).retentionMinDays).toBe(3650);
    expect(archiveSettings({ VCOURT_RETENTION_MIN_DAYS: '0' }).retentionMinDays).toBe(0);
    expect(() => archiveSettings({ VCOURT_RETENTION_MIN_DAYS: '-1' })).toThrow(/VCOURT_RETENTION_MIN_DAYS/);
    expect(archiveSettings({ VCOURT_RETENTION_DAYS: '90' }).retentionDays).toBe(90);
    expect(() => archiveSettings({ VCOURT_RETENTION_DAYS: 'soon' })).toThrow(/VCOURT_RETENTION_DAYS/);
    expect(retentionInstant('2030-06-01')).toBe('2030-06-01T16:59:59.999Z');
  });
});
