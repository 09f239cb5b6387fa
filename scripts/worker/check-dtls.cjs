// Smoke test for the worker binary: one real DTLS handshake against a
// WebRtcTransport, with `openssl s_client` as the DTLS client. The worker built
// without the kTLS fix (see scripts/build-worker.sh) dies with SIGSEGV here.
//
//   node scripts/worker/check-dtls.cjs      (needs the openssl CLI)
//
// The mediasoup transport only accepts DTLS from an ICE-validated address, so
// this script sends the STUN Binding request itself and then relays UDP between
// s_client and the worker. Exit code 0 means the handshake completed.
'use strict';

const mediasoup = require('mediasoup');
const crypto = require('node:crypto');
const dgram = require('node:dgram');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { execFileSync, spawn } = require('node:child_process');

// ICE connectivity check: USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE,
// MESSAGE-INTEGRITY, FINGERPRINT (RFC 8445 / RFC 5389).
function stunBindingRequest(username, password) {
  const attrs = [];
  const attr = (type, value) => {
    const b = Buffer.alloc(4 + value.length + ((4 - (value.length % 4)) % 4));
    b.writeUInt16BE(type, 0);
    b.writeUInt16BE(value.length, 2);
    value.copy(b, 4);
    attrs.push(b);
  };
  const header = Buffer.alloc(20);
  header.writeUInt16BE(0x0001, 0);
  header.writeUInt32BE(0x2112a442, 4);
  crypto.randomBytes(12).copy(header, 8);

  attr(0x0006, Buffer.from(username));
  const priority = Buffer.alloc(4);
  priority.writeUInt32BE(0x6e7f1eff);
  attr(0x0024, priority);
  attr(0x802a, crypto.randomBytes(8));
  attr(0x0025, Buffer.alloc(0));

  // The length field must already count the attribute being computed.
  header.writeUInt16BE(Buffer.concat(attrs).length + 24, 2);
  attr(0x0008, crypto.createHmac('sha1', password).update(Buffer.concat([header, ...attrs])).digest());
  header.writeUInt16BE(Buffer.concat(attrs).length + 8, 2);
  const fingerprint = Buffer.alloc(4);
  fingerprint.writeUInt32BE((zlib.crc32(Buffer.concat([header, ...attrs])) ^ 0x5354554e) >>> 0);
  attr(0x8028, fingerprint);

  return Buffer.concat([header, ...attrs]);
}

const withTimeout = (promise, ms, what) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`timeout: ${what}`)), ms))]);

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vcourt-dtls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=vcourt-dtls-check'], { stdio: 'ignore' });
  const fingerprint = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-fingerprint', '-sha256'])
    .toString().trim().split('=')[1];

  const worker = await mediasoup.createWorker({ logLevel: 'warn' });
  let died = null;
  worker.on('died', (error) => { died = error; });
  const router = await worker.createRouter({ mediaCodecs: [] });
  const transport = await router.createWebRtcTransport({ listenInfos: [{ protocol: 'udp', ip: '127.0.0.1' }] });
  const workerPort = transport.iceCandidates[0].port;

  const toWorker = dgram.createSocket('udp4');
  const toClient = dgram.createSocket('udp4');
  await new Promise((resolve) => toWorker.bind(0, '127.0.0.1', resolve));
  await new Promise((resolve) => toClient.bind(0, '127.0.0.1', resolve));

  let client = null;
  const stunAnswered = new Promise((resolve) => {
    toWorker.on('message', (msg) => {
      if (msg.length >= 20 && msg.readUInt32BE(4) === 0x2112a442) {
        if (msg.readUInt16BE(0) === 0x0101) resolve();
      } else if (client) {
        toClient.send(msg, client.port, client.address);
      }
    });
  });
  toClient.on('message', (msg, rinfo) => {
    client = rinfo;
    toWorker.send(msg, workerPort, '127.0.0.1');
  });

  const { usernameFragment, password } = transport.iceParameters;
  toWorker.send(stunBindingRequest(`${usernameFragment}:check`, password), workerPort, '127.0.0.1');
  await withTimeout(stunAnswered, 3000, 'STUN binding response');

  // We are the DTLS client, so the worker acts as the DTLS server.
  await transport.connect({ dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: fingerprint }] } });
  const dtlsDone = new Promise((resolve) => transport.on('dtlsstatechange', (state) => {
    if (state !== 'connecting') resolve(state);
  }));
  const sClient = spawn('openssl', ['s_client', '-dtls1_2', '-connect', `127.0.0.1:${toClient.address().port}`,
    '-cert', cert, '-key', key, '-use_srtp', 'SRTP_AES128_CM_SHA1_80', '-quiet'], { stdio: ['pipe', 'ignore', 'ignore'] });

  let state;
  try {
    state = await withTimeout(dtlsDone, 10000, 'DTLS handshake');
  } catch (error) {
    state = String(error.message);
  }
  await new Promise((resolve) => setTimeout(resolve, 300)); // let a crash surface
  sClient.kill();
  toWorker.close();
  toClient.close();
  if (!worker.closed) worker.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const ok = state === 'connected' && !died;
  console.log(`dtls-check: ${ok ? 'ok' : 'FAILED'} (dtls state: ${state}${died ? `, worker died: ${died.message}` : ''})`);
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  console.error('dtls-check: error:', error);
  process.exit(2);
});
