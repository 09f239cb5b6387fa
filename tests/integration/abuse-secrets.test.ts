// No one account can hurt the court through its cameras or its files: camera URLs reach only the
// allowed networks (checked on registration and before every connection, redirects refused);
// a camera's password is never shown, logged nor stored in plain text; the data folder is the
// server user's alone; an oversized body is a clean 413; every page carries a strict CSP.
// The server runs in this process, so everything it logs goes through the console spied on here.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DeviceView, SiteView } from '../../core/protocol/model.js';
import { ffprobe } from '../../core/lib/ffmpeg.js';
import { RTSP_INPUT_ARGS } from '../../ingest/IngestPlan.js';
import { CameraSimulator } from '../support/cameraSimulator.js';
import { must } from '../support/must.js';
import {
  type ApiError,
  type CaseCreated,
  type DeviceRegistered,
  eventually,
  type HearingCreated,
  type TestServer,
} from '../support/server.js';
import { useTestServer } from '../support/useTestServer.js';

const PASSWORD = 'S3cret-Pw-7f3a';

// Everything the server writes to the console, in this process (its log output).
const output: string[] = [];
const logged = () => output.join('\n');
beforeAll(() => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void output.push(format(...args)));
  }
});
afterAll(() => {
  vi.restoreAllMocks();
});

// Fake cameras: TCP servers on loopback answering each RTSP request, counting their connections.
const servers: Server[] = [];
const sockets: Socket[] = [];
const sims: CameraSimulator[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) s.close();
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

async function fakeCamera(answer: (cseq: string) => string = () => ''): Promise<{ port: number; connections: () => number }> {
  let count = 0;
  const server = createServer((socket) => {
    count++;
    sockets.push(socket);
    socket.on('error', () => undefined);
    socket.on('data', (d) => {
      const cseq = /CSeq:\s*(\d+)/i.exec(d.toString('latin1'))?.[1] ?? '1';
      const reply = answer(cseq);
      if (reply) socket.write(reply);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, connections: () => count };
}

async function site(server: TestServer, name: string): Promise<SiteView> {
  const res = await server.api<{ site: SiteView }>('POST', '/api/sites', { name, kind: 'courtroom' });
  expect(res.status).toBe(201);
  return res.body.site;
}

/** A hearing held at the site: its cameras are attached and pulled at once. */
async function hearingAt(server: TestServer, siteId: string): Promise<string> {
  const kase = await server.api<CaseCreated>('POST', '/api/cases', {
    number: `HS-${Math.random().toString(36).slice(2, 7)}`,
    title: 'Vụ án',
  });
  const res = await server.api<HearingCreated>('POST', '/api/hearings', {
    caseId: kase.body.case.id,
    title: 'Phiên sơ thẩm',
    scheduledAt: new Date().toISOString(),
    courtroomSiteId: siteId,
  });
  expect(res.status).toBe(201);
  return res.body.hearing.id;
}

/** Every byte SQLite keeps for the server's database, as text. */
function databaseBytes(server: TestServer): string {
  const file = server.running.config.databaseFile;
  return [file, `${file}-wal`, `${file}-shm`]
    .filter(existsSync)
    .map((f) => readFileSync(f).toString('latin1'))
    .join('');
}

const mode = (path: string) => statSync(path).mode & 0o7777;

/** A data folder as an older vcourt left it: 0755 folders, a 0644 file. */
function looseDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'vcourt-it-loose-'));
  mkdirSync(join(dataDir, 'secrets'));
  mkdirSync(join(dataDir, 'recordings', 'old-hearing'), { recursive: true });
  writeFileSync(join(dataDir, 'recordings', 'old-hearing', 'notes.txt'), 'x');
  chmodSync(join(dataDir, 'recordings', 'old-hearing', 'notes.txt'), 0o644);
  for (const d of ['', 'secrets', 'recordings', 'recordings/old-hearing']) chmodSync(join(dataDir, d), 0o755);
  return dataDir;
}

/** A built client of one page: the headers are what is checked here (Chromium checks the real build). */
function tinyClient(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vcourt-it-client-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>vcourt</title><div id="root"></div>');
  return dir;
}

describe('by default: cameras on the private ranges only', () => {
  const clientDir = tinyClient();
  const ctx = useTestServer({ dataDir: looseDataDir(), clientDir });
  afterAll(() => rmSync(clientDir, { recursive: true, force: true }));

  it("refuses camera URLs to loopback, link-local and the server's own port with 400 and the reason", async () => {
    const { api, running } = ctx.server;
    const { id } = await site(ctx.server, 'Phòng xử án A');
    const cases: [string, RegExp][] = [
      ['rtsp://127.0.0.1:8554/cam1', /127\.0\.0\.1 is a loopback address, not in the camera networks/],
      ['rtsp://localhost:8554/cam1', /loopback/],
      ['rtsp://[::1]:8554/cam1', /loopback/],
      ['rtsp://2130706433:8554/cam1', /resolves to 127\.0\.0\.1; .*loopback/],
      ['rtsp://169.254.169.254:80/latest/meta-data/', /169\.254\.169\.254 is link-local/],
      ['rtsp://0.0.0.0:554/cam1', /not a unicast host address/],
      [`rtsp://127.0.0.1:${running.port}/api/accounts`, new RegExp(`port ${running.port} is vcourt's own`)],
      [`rtsp://192.168.1.20:${running.port}/api/accounts`, /vcourt's own/],
    ];
    for (const [rtspUrl, why] of cases) {
      const res = await api<ApiError>('POST', `/api/sites/${id}/devices`, { kind: 'camera', name: 'Camera', rtspUrl });
      expect(res.status, rtspUrl).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.message, rtspUrl).toMatch(why);
    }
    expect((await api<{ devices: DeviceView[] }>('GET', '/api/devices')).body.devices).toEqual([]);
    // A camera on the court's LAN is registered (no hearing here: nothing connects to it).
    const lan = await api<DeviceRegistered>('POST', `/api/sites/${id}/devices`, {
      kind: 'camera',
      name: 'Camera LAN',
      rtspUrl: `rtsp://admin:${PASSWORD}@192.168.1.20:554/stream1`,
    });
    expect(lan.status).toBe(201);
    expect(lan.body.device.rtspUrl).toBe('rtsp://admin:***@192.168.1.20:554/stream1');
  });

  it('checks a stored camera again before every connection: no connection to loopback, however it was stored', async () => {
    const { running } = ctx.server;
    const trap = await fakeCamera(() => 'RTSP/1.0 200 OK\r\n\r\n');
    const { id } = await site(ctx.server, 'Phòng xử án B');
    // Stored through the domain, past the HTTP check (as a camera registered before the fence was).
    await running.devices.register({ siteId: id, kind: 'camera', name: 'Old camera', rtspUrl: `rtsp://127.0.0.1:${trap.port}/cam1` });
    await hearingAt(ctx.server, id);
    await eventually(() => logged().includes(`[rtsp] rtsp://127.0.0.1:${trap.port}/cam1: camera URL: 127.0.0.1 is a loopback address`), {
      timeoutMs: 10_000,
    });
    expect(trap.connections()).toBe(0);
  });

  it('keeps the data folder private: folders 0700, files 0600, an older folder fixed at start', async () => {
    const { dataDir, running } = ctx.server;
    const db = running.config.databaseFile;
    expect(mode(dataDir)).toBe(0o700);
    for (const f of [db, `${db}-wal`, `${db}-shm`]) expect(mode(f), f).toBe(0o600);
    expect(mode(join(dataDir, 'secrets'))).toBe(0o700);
    const secrets = readdirSync(join(dataDir, 'secrets'));
    expect(secrets).toEqual(expect.arrayContaining(['jwt.key', 'credentials.key', 'court-ed25519.pem']));
    for (const f of secrets) expect(mode(join(dataDir, 'secrets', f)), f).toBe(0o600);
    expect(mode(join(dataDir, 'recordings'))).toBe(0o700);
    // What the older version left: made owner-only in the background after the start.
    await eventually(() => mode(join(dataDir, 'recordings', 'old-hearing', 'notes.txt')) === 0o600, { timeoutMs: 10_000 });
    expect(mode(join(dataDir, 'recordings', 'old-hearing'))).toBe(0o700);
  });

  it('refuses a JSON body over the limit with 413 and logs no stack trace', async () => {
    const before = output.length;
    const big = JSON.stringify({ number: 'HS-1', title: 'x'.repeat(100_000) });
    const res = await ctx.server.api<ApiError>('POST', '/api/cases', big);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/too large/i) as unknown });
    const since = output.slice(before).join('\n');
    expect(since).not.toMatch(/PayloadTooLargeError|entity\.too\.large|\n\s+at /);
  });

  it('sends a strict Content-Security-Policy and the other security headers on the app pages', async () => {
    for (const path of ['/', '/archive', '/tv', '/join', '/api/no-such-route']) {
      const res = await fetch(ctx.server.base + path);
      expect(res.status, path).toBe(path.startsWith('/api') ? 404 : 200);
      const csp = res.headers.get('content-security-policy') ?? '';
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        'media-src',
        'connect-src',
      ]) {
        expect(csp, `${path}: ${directive}`).toContain(directive);
      }
      expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval|upgrade-insecure-requests/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('permissions-policy')).toContain('camera=(self)');
      // Plain HTTP: no HSTS (it is sent only when the server is reached over TLS).
      expect(res.headers.get('strict-transport-security')).toBeNull();
      await res.arrayBuffer();
    }
  });
});

describe('with loopback allowed by name (127.0.0.1/32), as the camera tests need', () => {
  const ctx = useTestServer({ cameraNetworks: ['127.0.0.1/32'] });

  it("still refuses the server's own port", async () => {
    const { id } = await site(ctx.server, 'Phòng xử án C');
    const res = await ctx.server.api<ApiError>('POST', `/api/sites/${id}/devices`, {
      kind: 'camera',
      name: 'Camera',
      rtspUrl: `rtsp://127.0.0.1:${ctx.server.running.port}/`,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/vcourt's own/);
  });

  it('never shows, logs nor stores a camera password (the ffprobe error quotes the URL: masked)', async () => {
    const { api, running } = ctx.server;
    const cam = await fakeCamera((cseq) => `RTSP/1.0 404 Not Found\r\nCSeq: ${cseq}\r\n\r\n`);
    const rtspUrl = `rtsp://cam-user:${PASSWORD}@127.0.0.1:${cam.port}/cam1`;
    const masked = `rtsp://cam-user:***@127.0.0.1:${cam.port}/cam1`;
    const { id } = await site(ctx.server, 'Phòng xử án D');
    const reg = await api<DeviceRegistered>('POST', `/api/sites/${id}/devices`, { kind: 'camera', name: 'Camera toàn cảnh', rtspUrl });
    expect(reg.status).toBe(201);
    expect(reg.body.device.rtspUrl).toBe(masked);
    const hearingId = await hearingAt(ctx.server, id);

    // The server pulls it: ffprobe is refused by the camera, and says so quoting the URL.
    await eventually(() => logged().includes(`[rtsp] ${masked}: probe failed: ffprobe rtsp://cam-user:***@127.0.0.1:`), {
      timeoutMs: 15_000,
    });
    expect(cam.connections()).toBeGreaterThan(0);

    const replies = [
      reg.body,
      (await api('GET', '/api/devices')).body,
      (await api('GET', `/api/hearings/${hearingId}`)).body,
      (await api('GET', `/api/hearings/${hearingId}/audit`)).body,
      (await api('POST', `/api/devices/${reg.body.device.id}/revoke`)).body,
    ];
    expect(JSON.stringify(replies)).toContain(masked);
    expect(JSON.stringify(replies)).not.toContain(PASSWORD);
    expect(logged()).not.toContain(PASSWORD);
    expect(databaseBytes(ctx.server)).not.toContain(PASSWORD);
    expect((await running.devices.get(reg.body.device.id)).rtspSealed).not.toContain(PASSWORD);
  });

  it('a camera live through the relay, then dropped: what is logged about it carries no password', async () => {
    const sim = await CameraSimulator.start({ codec: 'h264' });
    sims.push(sim);
    const rtspUrl = `rtsp://cam-user:${PASSWORD}@127.0.0.1:${sim.port}/cam1`;
    const { id } = await site(ctx.server, 'Phòng xử án E');
    const reg = await ctx.server.api<DeviceRegistered>('POST', `/api/sites/${id}/devices`, { kind: 'camera', name: 'Camera', rtspUrl });
    expect(reg.status).toBe(201);
    await hearingAt(ctx.server, id);
    const { cameras } = ctx.server.running;
    const attachment = must(
      (await ctx.server.running.devices.activeAttachments()).find((a) => a.device.id === reg.body.device.id),
      'the camera attached to the hearing',
    );
    const ingest = must(await eventually(() => cameras.ingest(attachment.participant.id)), 'the camera ingest');
    await eventually(() => ingest.status === 'live', { timeoutMs: 20_000 });
    const before = output.length;
    await sim.stop();
    await eventually(() => ingest.status === 'down', { timeoutMs: 15_000 });
    await eventually(() => output.slice(before).some((l) => l.startsWith(`[rtsp] rtsp://cam-user:***@127.0.0.1:${sim.port}/cam1`)), {
      timeoutMs: 10_000,
    });
    expect(logged()).not.toContain(PASSWORD);
    await ctx.server.api('POST', `/api/devices/${reg.body.device.id}/revoke`);
  }, 60_000);

  it('refuses an RTSP redirect: ffmpeg never connects where it points, and never takes the password there', async () => {
    const elsewhere = await fakeCamera(() => 'RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n');
    const location = `rtsp://127.0.0.1:${elsewhere.port}/other`;
    const redirecting = await fakeCamera((cseq) => `RTSP/1.0 302 Found\r\nCSeq: ${cseq}\r\nLocation: ${location}\r\n\r\n`);
    const rtspUrl = `rtsp://cam-user:${PASSWORD}@127.0.0.1:${redirecting.port}/cam1`;

    // What the relay is for: ffmpeg on its own follows the redirect to wherever it points.
    await expect(ffprobe(rtspUrl, { inputArgs: RTSP_INPUT_ARGS(2), timeoutMs: 10_000 })).rejects.toThrow();
    expect(elsewhere.connections()).toBe(1);

    const { id } = await site(ctx.server, 'Phòng xử án F');
    const reg = await ctx.server.api<DeviceRegistered>('POST', `/api/sites/${id}/devices`, { kind: 'camera', name: 'Camera', rtspUrl });
    expect(reg.status).toBe(201);
    await hearingAt(ctx.server, id);
    await eventually(() => logged().includes('the camera answered 302, a redirect'), { timeoutMs: 15_000 });
    expect(redirecting.connections()).toBeGreaterThan(0);
    expect(elsewhere.connections()).toBe(1); // only the direct ffprobe above
    expect(logged()).not.toContain(PASSWORD);
    await ctx.server.api('POST', `/api/devices/${reg.body.device.id}/revoke`);
  });
});
