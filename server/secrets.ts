// Server secrets kept under the data folder, created on first start with owner-only permissions,
// and the box that seals secrets the database keeps (camera URLs with their passwords).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sealer } from '../core/hearing/ports.js';

export function loadOrCreateSecret(dataDir: string, name: string): string {
  const dir = join(dataDir, 'secrets');
  const file = join(dir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

/** The file under data/secrets whose secret the credentials key is derived from. */
export const CREDENTIALS_KEY_FILE = 'credentials.key';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM: `seal` gives `v1.<iv>.<tag>.<ciphertext>` (base64url), bound to its context (the
 * device id, as additional data) so that a sealed value copied to another row does not open.
 */
export class SecretBox implements Sealer {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
    this.#key = key;
  }

  /** The box whose key is derived from data/secrets/credentials.key (created 0600 on first start). */
  static forDataDir(dataDir: string): SecretBox {
    const secret = loadOrCreateSecret(dataDir, CREDENTIALS_KEY_FILE);
    return new SecretBox(Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'vcourt credentials v1', 32)));
  }

  /** A box with a fresh key of its own, kept nowhere (tests, and values needed for this run only). */
  static withRandomKey(): SecretBox {
    return new SecretBox(randomBytes(32));
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), data].map((x) => (typeof x === 'string' ? x : x.toString('base64url'))).join('.');
  }

  /** The plain text; throws when the value was not sealed by this key for this context. */
  open(sealed: string, context: string): string {
    const [version, iv, tag, data, ...rest] = sealed.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || data === undefined || rest.length > 0) {
      throw new Error('not a sealed value');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('the sealed value does not open with this key (wrong key, or altered)');
    }
  }
}

/** Writes a secret for the court's administrator to read once (0600, under data/secrets); returns its path. */
export function writeSecretFile(dataDir: string, name: string, content: string): string {
  const dir = join(dataDir, 'secrets');
  const file = join(dir, name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600); // an older file keeps its mode through writeFileSync
  return file;
}
