import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CREDENTIALS_KEY_FILE, SecretBox, writeSecretFile } from '../../../server/secrets.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'vcourt-secrets-'));
  dirs.push(d);
  return d;
};

describe('SecretBox (AES-256-GCM)', () => {
  it('round-trips, with a fresh IV each time', () => {
    const box = SecretBox.withRandomKey();
    const a = box.seal('rtsp://u:pässwörd@10.0.0.1/x', 'dev-1');
    const b = box.seal('rtsp://u:pässwörd@10.0.0.1/x', 'dev-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('pässwörd');
    expect(box.open(a, 'dev-1')).toBe('rtsp://u:pässwörd@10.0.0.1/x');
    expect(box.open(b, 'dev-1')).toBe('rtsp://u:pässwörd@10.0.0.1/x');
  });

  it('does not open with another key, another context, or once altered', () => {
    const box = SecretBox.withRandomKey();
    const sealed = box.seal('secret', 'dev-1');
    expect(() => SecretBox.withRandomKey().open(sealed, 'dev-1')).toThrow(/does not open/);
    expect(() => box.open(sealed, 'dev-2')).toThrow(/does not open/);
    const [v, iv, tag, data] = sealed.split('.');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0]! ^= 1;
    expect(() => box.open([v, iv, tag, flipped.toString('base64url')].join('.'), 'dev-1')).toThrow(/does not open/);
    expect(() => box.open('secret', 'dev-1')).toThrow(/not a sealed value/);
  });

  it('keeps its key under data/secrets, 0600 in a 0700 folder, the same on the next start', () => {
    const dataDir = tmp();
    const sealed = SecretBox.forDataDir(dataDir).seal('x', 'c');
    expect(statSync(join(dataDir, 'secrets', CREDENTIALS_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(SecretBox.forDataDir(dataDir).open(sealed, 'c')).toBe('x');
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow(/32-byte/);
  });
});

describe('writeSecretFile', () => {
  it('writes 0600 under data/secrets, and makes an older file 0600 too', () => {
    const dataDir = tmp();
    const file = writeSecretFile(dataDir, 'admin-password', 'admin pw\n');
    expect(file).toBe(join(dataDir, 'secrets', 'admin-password'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
