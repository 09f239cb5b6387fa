// The relay ffmpeg reaches cameras through: it connects to the checked address only and cuts the
// connection before an RTSP redirect reaches ffmpeg. Fake cameras are plain TCP servers on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { RedirectScan, RtspRelay } from '../../../ingest/RtspRelay.js';
import type { CameraTarget } from '../../../ingest/CameraNetworks.js';

const scan = (...chunks: string[]) => {
  const s = new RedirectScan();
  for (const c of chunks) {
    const why = s.push(Buffer.from(c, 'latin1'));
    if (why) return why;
  }
  return null;
};

describe('RedirectScan', () => {
  it('lets ordinary answers and interleaved RTP through', () => {
    expect(scan('RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE\r\n\r\n')).toBeNull();
    expect(scan('RTSP/1.0 401 Unauthorized\r\nWWW-Authenticate: Basic realm="cam"\r\n\r\n')).toBeNull();
    expect(scan('$\x00\x00\x0c\x80\x60\x00\x01\x00\x00\x00\x00\x11\x22\x33\x44', 'RTSP/1.0 200 OK\r\n\r\n')).toBeNull();
    expect(scan('RTSP/1.0 3000 odd\r\n\r\n')).toBeNull(); // atoi gives 3000: not a redirect to ffmpeg
  });

  it('catches a 3xx however it is written for ffmpeg’s reader', () => {
    expect(scan('RTSP/1.0 302 Found\r\nLocation: rtsp://127.0.0.1:8080/\r\n\r\n')).toMatch(/answered 302, a redirect/);
    expect(scan('RTSP/1.0 301 Moved\nLocation: rtsp://x/\n\n')).toMatch(/301/);
    expect(scan('RT\rSP/1.0 3\r02 Found\r\n')).toMatch(/302/); // ffmpeg drops every CR
    expect(scan('RTSP/2.0\t0302 Found\r\n')).toMatch(/302/); // a tab, leading zeros
    expect(scan('RTSP/1.0 +307 Temp\r\n')).toMatch(/307/);
    expect(scan('RTSP/1.0 \v303 See\r\n')).toMatch(/303/); // atoi skips \v
    expect(scan('$\x00\x00\x02abRTSP/1.0 302 Found\r\n')).toMatch(/302/); // behind a short interleaved frame
  });

  it('catches a status line split across chunks, before its end reaches ffmpeg', () => {
    expect(scan('RTSP/1.0 200 OK\r\nCSeq: 2\r\n\r\nRTS', 'P/1.0 3', '02 Found\r\n')).toMatch(/302/);
  });
});

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) s.close();
});

/** A TCP server on loopback answering every request with `answer`; counts its connections. */
async function fakeCamera(answer: (request: string) => string): Promise<{ port: number; connections: () => number }> {
  let count = 0;
  const server = createServer((socket) => {
    count++;
    sockets.push(socket);
    socket.on('error', () => undefined);
    socket.on('data', (d) => socket.write(answer(d.toString('latin1'))));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, connections: () => count };
}

/** Sends `request` to the relay; resolves with everything received until the connection ends. */
function exchange(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const c = connect({ host: '127.0.0.1', port });
    sockets.push(c);
    c.on('data', (d) => {
      got += d.toString('latin1');
      if (got.includes('\r\n\r\n')) c.end();
    });
    c.on('error', () => undefined);
    c.on('close', () => resolve(got));
    c.write(request);
  });
}

const target = (port: number): CameraTarget => ({
  tls: false,
  host: 'cam.court.lan',
  address: '127.0.0.1',
  port,
  userinfo: 'admin:s3cret',
  rest: '/cam1?x=1',
});

describe('RtspRelay', () => {
  it('gives ffmpeg a loopback URL with the credentials and path as written', async () => {
    const relay = await RtspRelay.open(target(554));
    try {
      expect(relay.url).toBe(`rtsp://admin:s3cret@127.0.0.1:${relay.port}/cam1?x=1`);
    } finally {
      relay.close();
    }
  });

  it('relays requests and answers between ffmpeg and the checked address', async () => {
    const cam = await fakeCamera((req) => `RTSP/1.0 200 OK\r\nCSeq: 1\r\nX-Echo: ${req.split(' ')[0]}\r\n\r\n`);
    const relay = await RtspRelay.open(target(cam.port));
    try {
      const got = await exchange(relay.port, 'OPTIONS rtsp://127.0.0.1/cam1 RTSP/1.0\r\nCSeq: 1\r\n\r\n');
      expect(got).toContain('RTSP/1.0 200 OK');
      expect(got).toContain('X-Echo: OPTIONS');
      expect(relay.refusal).toBeNull();
      expect(cam.connections()).toBe(1);
    } finally {
      relay.close();
    }
  });

  it('cuts the connection at a redirect: the client never sees its Location, nothing connects there', async () => {
    const elsewhere = await fakeCamera(() => 'RTSP/1.0 200 OK\r\n\r\n');
    const cam = await fakeCamera(() => `RTSP/1.0 302 Moved\r\nCSeq: 1\r\nLocation: rtsp://127.0.0.1:${elsewhere.port}/\r\n\r\n`);
    const relay = await RtspRelay.open(target(cam.port));
    try {
      const got = await exchange(relay.port, 'DESCRIBE rtsp://127.0.0.1/cam1 RTSP/1.0\r\nCSeq: 1\r\n\r\n');
      expect(got).toBe('');
      expect(relay.refusal).toMatch(/answered 302, a redirect/);
      expect(elsewhere.connections()).toBe(0);
    } finally {
      relay.close();
    }
  });

  it('closes every connection when it closes', async () => {
    const cam = await fakeCamera(() => '');
    const relay = await RtspRelay.open(target(cam.port));
    const c = connect({ host: '127.0.0.1', port: relay.port });
    sockets.push(c);
    c.on('error', () => undefined);
    await new Promise((r) => c.once('connect', r));
    c.write('OPTIONS * RTSP/1.0\r\n\r\n');
    const closed = new Promise((r) => c.once('close', r));
    relay.close();
    await closed;
    relay.close(); // idempotent
  });
});
