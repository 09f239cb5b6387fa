import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { securePaths, tightenTree } from '../../../server/privateFiles.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const mode = (path: string) => statSync(path).mode & 0o7777;

/** A data folder as an older vcourt left it: world-readable everything. */
function openDataDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'vcourt-modes-'));
  dirs.push(root);
  const dataDir = join(root, 'data');
  mkdirSync(join(dataDir, 'secrets'), { recursive: true });
  mkdirSync(join(dataDir, 'recordings', 'h1', 'record-1'), { recursive: true });
  for (const f of ['vcourt.sqlite', 'vcourt.sqlite-wal', 'vcourt.sqlite-shm', 'secrets/jwt.key', 'recordings/h1/seg-1.mkv']) {
    writeFileSync(join(dataDir, f), 'x');
    chmodSync(join(dataDir, f), 0o644);
  }
  writeFileSync(join(dataDir, 'recordings/h1/record-1/minutes.html'), 'x');
  chmodSync(join(dataDir, 'recordings/h1/record-1/minutes.html'), 0o444);
  for (const d of ['', 'secrets', 'recordings', 'recordings/h1', 'recordings/h1/record-1']) chmodSync(join(dataDir, d), 0o755);
  return dataDir;
}

describe('private data folder', () => {
  it('securePaths: the folder 0700, the database and its -wal/-shm 0600, before the database opens', () => {
    const dataDir = openDataDir();
    securePaths(dataDir, [join(dataDir, 'vcourt.sqlite')]);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'secrets'))).toBe(0o700);
    for (const f of ['vcourt.sqlite', 'vcourt.sqlite-wal', 'vcourt.sqlite-shm']) expect(mode(join(dataDir, f)), f).toBe(0o600);
  });

  it('securePaths creates a missing folder 0700', () => {
    const root = mkdtempSync(join(tmpdir(), 'vcourt-modes-'));
    dirs.push(root);
    securePaths(join(root, 'new', 'data'), [join(root, 'new', 'data', 'vcourt.sqlite')]);
    expect(mode(join(root, 'new', 'data'))).toBe(0o700);
  });

  it('tightenTree: every folder 0700 and file 0600 below, a read-only record file stays read-only (0400)', async () => {
    const dataDir = openDataDir();
    const outside = join(dataDir, '..', 'outside.txt');
    writeFileSync(outside, 'x');
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(dataDir, 'link-out'));
    expect(await tightenTree(dataDir)).toBeGreaterThanOrEqual(10);
    for (const d of ['', 'secrets', 'recordings', 'recordings/h1', 'recordings/h1/record-1']) expect(mode(join(dataDir, d)), d).toBe(0o700);
    for (const f of ['secrets/jwt.key', 'recordings/h1/seg-1.mkv', 'vcourt.sqlite']) expect(mode(join(dataDir, f)), f).toBe(0o600);
    expect(mode(join(dataDir, 'recordings/h1/record-1/minutes.html'))).toBe(0o400);
    expect(mode(outside)).toBe(0o644); // a link is not followed
    expect(await tightenTree(dataDir)).toBe(0); // nothing left to change
  });
});
