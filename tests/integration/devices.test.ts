// Courtroom hardware through the real server: devices registered at a site with their own token,
// attached to hearings (automatically for the courtroom's own), a device session for displays,
// rotation and revocation, judges' accounts (archive yes, case-file management no), refusals.
import { describe, expect, it } from 'vitest';
import type { DeviceSession } from '../../core/protocol/http.js';
import type { DeviceView, ParticipantView, SiteView } from '../../core/protocol/model.js';
import { must } from '../support/must.js';
import {
  type AccountView,
  type AuditLog,
  type CaseCreated,
  createHearing,
  type DeviceRegistered,
  type HearingCreated,
  type HearingDetail,
  joinWith,
  type LoggedIn,
} from '../support/server.js';
import { useTestServer } from '../support/useTestServer.js';

// The camera simulator listens on loopback: allowed here by name (the default allows only the
// private ranges; the server's own port stays refused).
const ctx = useTestServer({ cameraNetworks: ['127.0.0.1/32'] });

async function courtroom(name = 'Phòng xử án số 1') {
  const res = await ctx.server.api<{ site: SiteView }>('POST', '/api/sites', { name, kind: 'courtroom' });
  expect(res.status).toBe(201);
  return res.body.site;
}

async function register(siteId: string, body: Record<string, unknown>) {
  const res = await ctx.server.api<DeviceRegistered>('POST', `/api/sites/${siteId}/devices`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function hearingAt(siteId: string) {
  const kase = await ctx.server.api<CaseCreated>('POST', '/api/cases', {
    number: `HS-${Math.random().toString(36).slice(2, 7)}`,
    title: 'Vụ án',
  });
  const res = await ctx.server.api<HearingCreated>('POST', '/api/hearings', {
    caseId: kase.body.case.id,
    title: 'Phiên sơ thẩm',
    scheduledAt: new Date().toISOString(),
    courtroomSiteId: siteId,
  });
  expect(res.status).toBe(201);
  return res.body.hearing;
}

const session = (token: string) => ctx.server.api<DeviceSession>('POST', '/api/device/session', undefined, token);

describe('devices at a site', () => {
  it('a display registered at the courtroom is in the courtroom hearing and gets a session to join with', async () => {
    const site = await courtroom();
    const { device, token } = await register(site.id, { kind: 'display', name: 'TV 1' });
    expect(device).toMatchObject({ kind: 'display', siteName: 'Phòng xử án số 1', revoked: false });

    // Before any hearing: nowhere to be.
    expect((await session(token)).status).toBe(404);

    const hearing = await hearingAt(site.id);
    const s = await session(token);
    expect(s.status).toBe(200);
    expect(s.body.hearingId).toBe(hearing.id);

    const view = await ctx.server.api<HearingDetail>('GET', `/api/hearings/${hearing.id}`);
    const tv = view.body.participants.find((p: { id: string }) => p.id === s.body.participantId);
    expect(tv).toMatchObject({
      role: 'device',
      status: 'admitted',
      displayName: 'Phòng xử án số 1 · TV 1',
      device: { id: device.id, kind: 'display' },
    });
    // The session's invitation is issued by the case file like any other: audited, the device asking as its participant.
    const audit = await ctx.server.api<AuditLog>('GET', `/api/hearings/${hearing.id}/audit`);
    expect(audit.body.events.at(-1)).toMatchObject({
      type: 'invitation.issued',
      actor: { kind: 'participant', participantId: s.body.participantId, role: 'device' },
      data: { participantId: s.body.participantId },
    });

    // The display joins like a person would, straight into the hearing (no lobby), and may not send.
    const { client, snapshot } = await joinWith(ctx.server.base, s.body.token);
    try {
      expect(snapshot.self.status).toBe('admitted');
      expect(snapshot.self.device).toMatchObject({ kind: 'display', status: 'live' });
      const refused = await client.request({ type: 'media.createTransport', direction: 'send' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect((await client.request({ type: 'media.createTransport', direction: 'recv' })).ok).toBe(true);
    } finally {
      client.close();
    }
  });

  it('a camera needs an RTSP URL, others may not have one; bad bodies change nothing', async () => {
    const site = await courtroom('Phòng 2');
    const before = (await ctx.server.api<{ devices: DeviceView[] }>('GET', '/api/devices')).body.devices.length;
    const bad = [
      { kind: 'camera', name: 'Cam' },
      { kind: 'display', name: 'TV', rtspUrl: 'rtsp://127.0.0.1/x' },
      { kind: 'camera', name: 'Cam', rtspUrl: 'http://127.0.0.1/x' },
      { kind: 'toaster', name: 'x' },
      { kind: 'display', name: '' },
      { kind: 'display', name: 'TV', extra: 1 },
    ];
    for (const body of bad) {
      const res = await ctx.server.api('POST', `/api/sites/${site.id}/devices`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await ctx.server.api('POST', '/api/sites/no-such-site/devices', { kind: 'display', name: 'TV' })).status).toBe(404);
    expect((await ctx.server.api<{ devices: DeviceView[] }>('GET', '/api/devices')).body.devices.length).toBe(before);
    const cam = await register(site.id, { kind: 'camera', name: 'Camera toàn cảnh', rtspUrl: 'rtsp://127.0.0.1:8554/cam1' });
    expect(cam.device).toMatchObject({ kind: 'camera' });
  });

  it('rotating a token stops the old one; revoking takes the device out of the hearing in progress', async () => {
    const site = await courtroom('Phòng 3');
    const { device, token } = await register(site.id, { kind: 'display', name: 'TV' });
    const hearing = await hearingAt(site.id);
    const rotated = await ctx.server.api<{ token: string }>('POST', `/api/devices/${device.id}/token`);
    expect(rotated.status).toBe(201);
    expect((await session(token)).status).toBe(401);
    const s = await session(rotated.body.token);
    expect(s.status).toBe(200);

    // The clerk's list shows where the device is and its link there: not connected, then live.
    const attachments = async () =>
      (await ctx.server.api<{ devices: DeviceView[] }>('GET', '/api/devices')).body.devices.find((d) => d.id === device.id)?.attachments;
    expect(await attachments()).toEqual([expect.objectContaining({ hearingId: hearing.id, link: null })]);
    const { client } = await joinWith(ctx.server.base, s.body.token);
    expect(await attachments()).toEqual([expect.objectContaining({ hearingId: hearing.id, link: 'live' })]);
    const revoked = await ctx.server.api<{ device: DeviceView }>('POST', `/api/devices/${device.id}/revoke`);
    expect(revoked.body.device.revoked).toBe(true);
    await client.waitFor('removed');
    expect((await session(rotated.body.token)).status).toBe(401);
    const view = await ctx.server.api<HearingDetail>('GET', `/api/hearings/${hearing.id}`);
    expect(
      must(
        view.body.participants.find((p) => p.id === s.body.participantId),
        'the display participant',
      ).status,
    ).toBe('removed');
    const audit = await ctx.server.api<AuditLog>('GET', `/api/hearings/${hearing.id}/audit`);
    expect(audit.body.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['device.attached', 'device.revoked', 'participant.removed']),
    );
    // A revoked device cannot be attached again or get a new token.
    const other = await hearingAt(site.id);
    expect((await ctx.server.api('POST', `/api/hearings/${other.id}/devices`, { deviceId: device.id })).status).toBe(403);
    expect((await ctx.server.api('POST', `/api/devices/${device.id}/token`)).status).toBe(409);
    client.close();
  });

  it('a device from another site is attached explicitly; the same device twice is one participant', async () => {
    const room = await courtroom('Phòng 4');
    const detention = await ctx.server.api<{ site: SiteView }>('POST', '/api/sites', { name: 'Trại tạm giam Chí Hòa', kind: 'detention' });
    const { device } = await register(detention.body.site.id, { kind: 'encoder', name: 'Bộ mã hóa phòng 2' });
    const hearing = await hearingAt(room.id);
    const first = await ctx.server.api<{ participant: ParticipantView }>('POST', `/api/hearings/${hearing.id}/devices`, {
      deviceId: device.id,
    });
    expect(first.status).toBe(201);
    expect(first.body.participant).toMatchObject({ role: 'device', displayName: 'Trại tạm giam Chí Hòa · Bộ mã hóa phòng 2' });
    const again = await ctx.server.api<{ participant: ParticipantView }>('POST', `/api/hearings/${hearing.id}/devices`, {
      deviceId: device.id,
    });
    expect(again.body.participant.id).toBe(first.body.participant.id);
    expect((await ctx.server.api('POST', `/api/hearings/${hearing.id}/devices`, { deviceId: 'nope' })).status).toBe(404);
    expect((await ctx.server.api('POST', `/api/hearings/${hearing.id}/devices`, {})).status).toBe(400);
  });

  it('device tokens are not invitations or staff sessions, and the other way round', async () => {
    const site = await courtroom('Phòng 5');
    const { token } = await register(site.id, { kind: 'display', name: 'TV' });
    const { seats } = await createHearing(ctx.server, ['defendant']);
    expect((await ctx.server.api('GET', '/api/devices', undefined, token)).status).toBe(401);
    expect((await ctx.server.api('GET', '/api/invitation', undefined, token)).status).toBe(401);
    expect((await session(seats.defendant.token)).status).toBe(401);
    expect((await session(ctx.server.adminToken)).status).toBe(401);
    expect((await session('garbage')).status).toBe(401);
    // Devices are attached, never invited as participants.
    const hearing = await hearingAt(site.id);
    expect((await ctx.server.api('POST', `/api/hearings/${hearing.id}/participants`, { displayName: 'x', role: 'device' })).status).toBe(
      400,
    );
  });
});

describe('staff accounts', () => {
  it('an admin creates a judge account; the judge opens the archive but does not manage the case file', async () => {
    const created = await ctx.server.api('POST', '/api/accounts', {
      username: 'tp.nguyen',
      displayName: 'Thẩm phán Nguyễn Văn An',
      role: 'judge',
      password: 'correct horse battery',
    });
    expect(created.status).toBe(201);
    expect(
      (
        await ctx.server.api('POST', '/api/accounts', {
          username: 'tp.nguyen',
          displayName: 'x',
          role: 'clerk',
          password: 'another long password',
        })
      ).status,
    ).toBe(409);
    expect(
      (await ctx.server.api('POST', '/api/accounts', { username: 'X', displayName: 'x', role: 'clerk', password: 'short' })).status,
    ).toBe(400);

    const login = await ctx.server.api<LoggedIn>(
      'POST',
      '/api/auth/login',
      { username: 'tp.nguyen', password: 'correct horse battery' },
      null,
    );
    expect(login.status).toBe(200);
    expect(login.body.account.role).toBe('judge');
    const judge = login.body.token;
    expect((await ctx.server.api('GET', '/api/archive/hearings', undefined, judge)).status).toBe(200);
    expect((await ctx.server.api('POST', '/api/cases', { number: 'X', title: 'Y' }, judge)).status).toBe(403);
    expect((await ctx.server.api('GET', '/api/devices', undefined, judge)).status).toBe(403);
    expect((await ctx.server.api('GET', '/api/accounts', undefined, judge)).status).toBe(403);
    const list = await ctx.server.api<{ accounts: AccountView[] }>('GET', '/api/accounts');
    expect(list.body.accounts.map((a: { username: string }) => a.username)).toEqual(['admin', 'tp.nguyen']);
  });
});
