// A self-signed certificate for 127.0.0.1 (TURN over TLS in the tests), made by openssl in its own
// process group, and the SHA-256 of its public key (what Chromium's --ignore-certificate-errors-spki-list takes).
import { spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SelfSigned {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  spkiSha256: string;
}

export async function selfSignedCert(dir: string): Promise<SelfSigned> {
  const certFile = join(dir, 'turn-cert.pem');
  const keyFile = join(dir, 'turn-key.pem');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'];
  const child = spawn(
    'openssl',
    [...args, '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile],
    {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(-1));
    child.once('close', resolve);
  });
  clearTimeout(timer);
  if (code !== 0) throw new Error(`openssl failed (${code}): ${err}`);
  const cert = readFileSync(certFile);
  const der = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
  return { certFile, keyFile, cert, spkiSha256: createHash('sha256').update(der).digest('base64') };
}
