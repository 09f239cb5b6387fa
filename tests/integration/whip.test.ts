// WHIP ingest (RFC 9725) through the real server: Debian's simple-whip-client (a real third-party
// client: GStreamer webrtcbin + libnice) publishes a GStreamer test source with the encoder's
// device token; mediasoup (real worker) receives it as the device participant's producers; the
// client's own DELETE ends it. Refusals (bad token, malformed offer, unsupported codec, wrong
// content type, a display, no hearing) are 4xx with a reason and change nothing.
//
// Loopback only: libnice skips loopback interfaces, so whip-client runs with a small preloaded
// shim that lets it gather 127.0.0.1 (and keeps libsoup 3 out of the process, which would abort
// Debian 12's binary). Why and what else was tried: tests/support/whipClient.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WhipSessionInfo } from '../../ingest/whip/WhipSessions.js';
import type { ParticipantView, SiteView } from '../../core/protocol/model.js';
import { must } from '../support/must.js';
import {
  type ApiError,
  type AuditLog,
  type CaseCreated,
  type DeviceRegistered,
  eventually,
  type HearingCreated,
  type HearingDetail,
  benchSeat,
  type TestClient,
} from '../support/server.js';
import { useTestServer } from '../support/useTestServer.js';
import { WhipClient } from '../support/whipClient.js';

const ctx = useTestServer();
const clients: WhipClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.kill()));
});

const OFFER = readFileSync(join(import.meta.dirname, '../unit/ingest/whip/fixtures/whip-client-vp8-opus.sdp'), 'utf8');

let sites = 0;
/** A courtroom with an encoder (and a TV), a hearing held there, and the judge in it. */
async function courtroom() {
  const { api } = ctx.server;
  const site = (await api<{ site: SiteView }>('POST', '/api/sites', { name: `Phòng xử án WHIP ${++sites}`, kind: 'courtroom' })).body.site;
  const encoder = await api<DeviceRegistered>('POST', `/api/sites/${site.id}/devices`, { kind: 'encoder', name: 'Bộ mã hoá' });
  const display = await api<DeviceRegistered>('POST', `/api/sites/${site.id}/devices`, { kind: 'display', name: 'TV' });
  expect(encoder.status, JSON.stringify(encoder.body)).toBe(201);
  const kase = await api<CaseCreated>('POST', '/api/cases', { number: `HS-${Math.random().toString(36).slice(2, 7)}`, title: 'Vụ án' });
  const created = await api<HearingCreated>('POST', '/api/hearings', {
    caseId: kase.body.case.id,
    title: 'Phiên sơ thẩm',
    scheduledAt: new Date().toISOString(),
    courtroomSiteId: site.id,
  });
  expect(created.status).toBe(201);
  const hearingId: string = created.body.hearing.id;
  const view = await api<HearingDetail>('GET', `/api/hearings/${hearingId}`);
  const participantId: string = must(
    view.body.participants.find((p: ParticipantView) => p.device?.id === encoder.body.device.id),
    'the encoder participant',
  ).id;
  const judgeSeat = await benchSeat(ctx.server, hearingId, 'Thẩm phán');
  const judge = await ctx.join(judgeSeat.token);
  return {
    hearingId,
    participantId,
    deviceId: encoder.body.device.id,
    token: encoder.body.token,
    displayToken: display.body.token,
    judge: judge.client,
  };
}

const whipUrl = () => `${ctx.server.base}/api/whip`;

function post(body: string, token: string | null, contentType = 'application/sdp') {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(whipUrl(), { method: 'POST', headers, body });
}

/** Everything a refusal must leave alone. */
async function footprint(hearingId: string, participantId: string) {
  const { running, api } = ctx.server;
  const room = running.media.existingRoom(hearingId);
  const view = await api<HearingDetail>('GET', `/api/hearings/${hearingId}`);
  return {
    participant: view.body.participants.find((p: ParticipantView) => p.id === participantId),
    producers: running.media.listProducers(hearingId).length,
    transports: room ? (await room.router.dump()).transportIds.length : 0,
    sessions: running.whip.size,
    audit: (await api<AuditLog>('GET', `/api/hearings/${hearingId}/audit`)).body.events.length,
  };
}

const lastUpdate = (judge: TestClient, participantId: string) =>
  judge.notifications
    .filter(
      (n): n is Extract<typeof n, { type: 'participant.updated' }> =>
        n.type === 'participant.updated' && n.participant.id === participantId,
    )
    .at(-1)?.participant;

describe('WHIP with simple-whip-client', () => {
  it('VP8 + Opus: the encoder becomes the device participant, live with two producers, and its DELETE removes them', async () => {
    const c = await courtroom();
    const { whip } = ctx.server.running;
    const connected = new Promise<WhipSessionInfo>((resolve) => whip.once('connected', resolve));
    const client = WhipClient.start({ url: whipUrl(), token: c.token, video: 'vp8', audio: true });
    clients.push(client);

    const session = await connected;
    expect(session).toMatchObject({ deviceId: c.deviceId, hearingId: c.hearingId, participantId: c.participantId });
    expect(session.tracks.map((t) => [t.kind, t.mimeType])).toEqual([
      ['video', 'video/VP8'],
      ['audio', 'audio/opus'],
    ]);
    // The judge is told about both producers, and sees the encoder connected and live.
    for (const t of session.tracks) {
      const added = await c.judge.waitFor('media.producerAdded', (n) => n.producer.id === t.producerId);
      expect(added.producer).toMatchObject({ participantId: c.participantId, kind: t.kind, source: t.kind === 'video' ? 'camera' : 'mic' });
    }
    await eventually(() => lastUpdate(c.judge, c.participantId)?.device?.status === 'live');
    expect(lastUpdate(c.judge, c.participantId)).toMatchObject({ connected: true, role: 'device' });
    // Real RTP arrives.
    await eventually(async () => (await whip.rtpBytesReceived(session.id)) > 5000, { timeoutMs: 15_000 });

    // Ctrl+C: whip-client sends DELETE to the Location it was given.
    const closed = new Promise<string>((resolve) => whip.once('closed', (_s, reason) => resolve(reason)));
    expect(await client.stop()).toBe(0);
    expect(await closed).toMatch(/DELETE/);
    for (const t of session.tracks) await c.judge.waitFor('media.producerClosed', (n) => n.producerId === t.producerId);
    await eventually(() => lastUpdate(c.judge, c.participantId)?.connected === false);
    expect(ctx.server.running.media.listProducers(c.hearingId)).toEqual([]);
    expect(whip.size).toBe(0);
    const audit = (await ctx.server.api<AuditLog>('GET', `/api/hearings/${c.hearingId}/audit`)).body.events.map(
      (e: { type: string }) => e.type,
    );
    expect(audit).toEqual(expect.arrayContaining(['participant.connected', 'participant.disconnected']));
  });

  it('H.264 from x264: accepted as H264; a second POST replaces the session; PATCH 405; DELETE only by its own device', async () => {
    const c = await courtroom();
    const { whip } = ctx.server.running;
    const connected = new Promise<WhipSessionInfo>((resolve) => whip.once('connected', resolve));
    const client = WhipClient.start({ url: whipUrl(), token: c.token, video: 'h264' });
    clients.push(client);
    const session = await connected;
    expect(session.tracks.map((t) => t.mimeType)).toEqual(['video/H264']);
    await eventually(async () => (await whip.rtpBytesReceived(session.id)) > 5000, { timeoutMs: 15_000 });

    // A second POST from the same device replaces the first session (one session per device).
    const replaced = new Promise<string>((resolve) => whip.once('closed', (s, reason) => s.id === session.id && resolve(reason)));
    const again = await post(OFFER, c.token);
    expect(again.status).toBe(201);
    expect(await replaced).toMatch(/replaced/);
    const location = again.headers.get('location')!;
    expect(location).toMatch(/^\/api\/whip\/[0-9a-f-]{36}$/);
    expect(again.headers.get('content-type')).toMatch(/^application\/sdp/);
    const answer = await again.text();
    expect(answer).toMatch(/^v=0\r\n/);
    expect(answer).toContain('a=ice-lite');
    expect(ctx.server.running.media.listProducers(c.hearingId)).toHaveLength(2);

    // Not trickle: PATCH is 405. DELETE with another device's token is not found; with its own, 200.
    const patch = await fetch(ctx.server.base + location, { method: 'PATCH', headers: { authorization: `Bearer ${c.token}` } });
    expect(patch.status).toBe(405);
    const other = await courtroom();
    const foreign = await fetch(ctx.server.base + location, { method: 'DELETE', headers: { authorization: `Bearer ${other.token}` } });
    expect(foreign.status).toBe(404);
    const del = await fetch(ctx.server.base + location, { method: 'DELETE', headers: { authorization: `Bearer ${c.token}` } });
    expect(del.status).toBe(200);
    expect(ctx.server.running.media.listProducers(c.hearingId)).toEqual([]);
    expect((await fetch(ctx.server.base + location, { method: 'DELETE', headers: { authorization: `Bearer ${c.token}` } })).status).toBe(
      404,
    );
  });

  it('revoking the encoder ends its WHIP session at once: transport, producers and presence go', async () => {
    const c = await courtroom();
    const { whip } = ctx.server.running;
    const client = WhipClient.start({ url: whipUrl(), token: c.token, video: 'vp8', audio: true });
    clients.push(client);
    const session = await new Promise<WhipSessionInfo>((resolve) => whip.once('connected', resolve));
    const closed = new Promise<string>((resolve) => whip.once('closed', (s, reason) => s.id === session.id && resolve(reason)));
    expect((await ctx.server.api('POST', `/api/devices/${c.deviceId}/revoke`)).status).toBe(200);
    expect(await closed).toMatch(/transport closed/);
    expect(ctx.server.running.media.listProducers(c.hearingId)).toEqual([]);
    expect(whip.size).toBe(0);
  });

  it('a codec vcourt does not take (VP9): whip-client gets a 4xx with the reason and nothing is created', async () => {
    const c = await courtroom();
    const before = await footprint(c.hearingId, c.participantId);
    const client = WhipClient.start({ url: whipUrl(), token: c.token, video: 'vp9' });
    clients.push(client);
    await client.exited;
    expect(client.output).toMatch(/\[400\]/);
    expect(await footprint(c.hearingId, c.participantId)).toEqual(before);
  });
});

describe('WHIP refusals change nothing', () => {
  it('bad or revoked tokens → 401; wrong content type → 415; malformed or unusable offers → 400; a display → 403', async () => {
    const c = await courtroom();
    // The room exists (the judge may have media), so "no new transport" is a real check.
    await ctx.server.running.media.room(c.hearingId);
    const before = await footprint(c.hearingId, c.participantId);
    const cases: [Promise<Response>, number, RegExp][] = [
      [post(OFFER, null), 401, /Bearer/],
      [post(OFFER, 'not-a-token'), 401, /./],
      [post(OFFER, ctx.server.adminToken), 401, /./], // a staff token is not a device token
      [post(OFFER, c.token, 'text/plain'), 415, /application\/sdp/],
      [post('v=0\r\nthis is not sdp', c.token), 400, /./],
      [post('hello', c.token), 400, /not an SDP offer/],
      [post(OFFER.replace(/^a=fingerprint.*\r?\n/gm, ''), c.token), 400, /fingerprint/],
      [post(OFFER.replace('a=rtpmap:96 VP8/90000', 'a=rtpmap:96 H265/90000'), c.token), 400, /No supported codec.*H265/],
      [post(OFFER.replace(/a=sendonly/g, 'a=recvonly'), c.token), 400, /must send/],
      [post(OFFER, c.displayToken), 403, /display/],
    ];
    for (const [pending, status, reason] of cases) {
      const res = await pending;
      const body = (await res.json()) as ApiError;
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(body.error.message).toMatch(reason);
    }
    expect(await footprint(c.hearingId, c.participantId)).toEqual(before);

    // A rotated token stops working at once.
    const rotated = await ctx.server.api('POST', `/api/devices/${c.deviceId}/token`);
    expect(rotated.status).toBe(201);
    expect((await post(OFFER, c.token)).status).toBe(401);
    expect(await footprint(c.hearingId, c.participantId)).toEqual(before);
  });

  it('an encoder not attached to any hearing in progress → 404; OPTIONS advertises application/sdp', async () => {
    const site = (await ctx.server.api<{ site: SiteView }>('POST', '/api/sites', { name: 'Phòng trống', kind: 'courtroom' })).body.site;
    const reg = await ctx.server.api<DeviceRegistered>('POST', `/api/sites/${site.id}/devices`, {
      kind: 'encoder',
      name: 'Bộ mã hoá rảnh',
    });
    const res = await post(OFFER, reg.body.token);
    expect(res.status).toBe(404);
    expect(ctx.server.running.whip.size).toBe(0);

    const options = await fetch(whipUrl(), { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('accept-post')).toBe('application/sdp');
    expect(options.headers.get('access-control-expose-headers')).toMatch(/Location/);
  });
});
