// The court's Ed25519 key pair: it signs every hearing record's SHA256SUMS. Generated once on first
// start (data/secrets/court-ed25519.pem, owner-only) or loaded from VCOURT_SIGNING_KEY, a PEM path,
// so a court can keep one key across servers or hold it in its own key ceremony.
//
// Ed25519 because OpenSSL 3 verifies it with one command and no parameters to get wrong, the
// signature is 64 raw bytes (no DER), and signing is deterministic: the same SHA256SUMS always has
// the same signature, which lets the server tell a modified SHA256SUMS from a modified .sig.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const COURT_KEY_FILE = 'court-ed25519.pem';

export class CourtKey {
  /** SubjectPublicKeyInfo PEM, the form `openssl pkeyutl -verify -pubin` reads. */
  readonly publicPem: string;
  /** sha256 of the public key's DER; equals `openssl pkey -pubin -in court-public-key.pem -outform DER | sha256sum`. */
  readonly fingerprint: string;
  readonly #privateKey: KeyObject;
  readonly publicKey: KeyObject;

  constructor(
    privateKey: KeyObject,
    readonly source: string,
  ) {
    if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
      throw new Error(`${source}: the court signing key must be an Ed25519 private key`);
    }
    this.#privateKey = privateKey;
    this.publicKey = createPublicKey(privateKey);
    this.publicPem = this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.fingerprint = createHash('sha256')
      .update(this.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex');
  }

  /**
   * VCOURT_SIGNING_KEY (a PEM file) when given; otherwise `<dataDir>/secrets/court-ed25519.pem`,
   * created with mode 0600 on first start. `wx` makes two starting servers never overwrite each other.
   */
  static loadOrCreate(dataDir: string, keyFile?: string): CourtKey {
    if (keyFile) return new CourtKey(createPrivateKey(readFileSync(keyFile)), keyFile);
    const dir = join(dataDir, 'secrets');
    const file = join(dir, COURT_KEY_FILE);
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const { privateKey } = generateKeyPairSync('ed25519');
      try {
        writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    return new CourtKey(createPrivateKey(readFileSync(file)), file);
  }

  /** Raw 64-byte Ed25519 signature (Ed25519 takes no digest: the algorithm argument is null). */
  sign(data: Buffer): Buffer {
    return sign(null, data, this.#privateKey);
  }

  verify(data: Buffer, signature: Buffer): boolean {
    try {
      return verify(null, data, this.publicKey, signature);
    } catch {
      return false; // a signature of the wrong length throws; for the caller it is simply invalid
    }
  }
}
