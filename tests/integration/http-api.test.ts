// The HTTP API of the real server: authentication, validation and the clerk's flow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvitationInfo } from '../../core/protocol/http.js';
import type { HearingView, SiteView } from '../../core/protocol/model.js';
import type { CaseRecord } from '../../core/hearing/types.js';
import { must } from '../support/must.js';
import {
  ADMIN_PASSWORD,
  type ApiError,
  type AuditLog,
  type CaseCreated,
  type HearingCreated,
  type LoggedIn,
  type ParticipantAdded,
  startTestServer,
  type TestServer,
} from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const expectError = (res: { status: number; body: unknown }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ error: { code, message: expect.any(String) } });
};

async function newCase() {
  const res = await server.api<CaseCreated>('POST', '/api/cases', {
    number: `HS-${Math.random().toString(36).slice(2, 8)}`,
    title: 'A case',
  });
  expect(res.status).toBe(201);
  return res.body.case;
}

async function newHearing() {
  const kase = await newCase();
  const res = await server.api<HearingCreated>('POST', '/api/hearings', {
    caseId: kase.id,
    title: 'Hearing',
    scheduledAt: '2025-03-01T09:00:00+07:00',
  });
  expect(res.status).toBe(201);
  return res.body.hearing;
}

describe('HTTP API over the real server', () => {
  it('GET /healthz answers with the live worker count', async () => {
    const res = await server.api('GET', '/healthz', undefined, null);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, workers: 1 });
  });

  describe('authentication', () => {
    it('POST /api/auth/login returns a staff token for the right password, 401 otherwise', async () => {
      const ok = await server.api<LoggedIn>('POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD }, null);
      expect(ok.status).toBe(200);
      expect(ok.body.account).toMatchObject({ username: 'admin', role: 'admin' });
      expect(ok.body.account).not.toHaveProperty('passwordHash');
      expectError(await server.api('POST', '/api/auth/login', { username: 'admin', password: 'wrong' }, null), 401, 'unauthorized');
      expectError(await server.api('POST', '/api/auth/login', { username: 'ghost', password: ADMIN_PASSWORD }, null), 401, 'unauthorized');
    });

    it.each([
      ['GET', '/api/sites'],
      ['POST', '/api/sites'],
      ['GET', '/api/cases'],
      ['POST', '/api/cases'],
      ['GET', '/api/cases/x/hearings'],
      ['POST', '/api/hearings'],
      ['GET', '/api/hearings/x'],
      ['POST', '/api/hearings/x/participants'],
      ['POST', '/api/hearings/x/participants/y/invitation'],
      ['GET', '/api/hearings/x/audit'],
      ['GET', '/api/invitation'],
    ])('%s %s without a token is 401 unauthorized', async (method, path) => {
      const body = method === 'POST' ? {} : undefined;
      expectError(await server.api(method, path, body, null), 401, 'unauthorized');
    });

    it('staff routes refuse a garbage or tampered token with 401', async () => {
      expectError(await server.api('GET', '/api/cases', undefined, 'garbage'), 401, 'unauthorized');
      const [h, p, s] = server.adminToken.split('.');
      const claims = JSON.parse(Buffer.from(must(p, 'the token payload'), 'base64url').toString());
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, username: 'root' })).toString('base64url')}.${s}`;
      expectError(await server.api('GET', '/api/cases', undefined, tampered), 401, 'unauthorized');
    });

    it('an Authorization header that is not a bearer token is 401', async () => {
      const res = await fetch(`${server.base}/api/cases`, { headers: { authorization: `Basic ${btoa('admin:' + ADMIN_PASSWORD)}` } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as ApiError).error.code).toBe('unauthorized');
    });
  });

  describe('validation', () => {
    it.each([
      ['POST', '/api/auth/login', { username: 'admin' }],
      ['POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD, remember: true }],
      ['POST', '/api/sites', { name: 'Room', kind: 'castle' }],
      ['POST', '/api/sites', { name: '', kind: 'courtroom' }],
      ['POST', '/api/cases', { number: 'HS-1' }],
      ['POST', '/api/cases', { number: 42, title: 'T' }],
      ['POST', '/api/cases', { number: 'N'.repeat(65), title: 'T' }],
      ['POST', '/api/cases', { number: 'HS-1', title: 'T', court: 'Supreme' }],
      ['POST', '/api/cases', ['HS-1', 'T']],
      ['POST', '/api/cases', 'just a string'],
      ['POST', '/api/hearings', { caseId: 'c', title: 'T', scheduledAt: 'next Tuesday' }],
      ['POST', '/api/hearings', { caseId: 'c', title: 'T' }],
      ['POST', '/api/hearings/x/participants', { displayName: 'A', role: 'president' }],
      ['POST', '/api/hearings/x/participants', { displayName: 'A', role: 'witness', expiresInSeconds: 5 }],
      ['POST', '/api/hearings/x/participants', { displayName: 'A'.repeat(201), role: 'witness' }],
      ['GET', `/api/cases?q=${'q'.repeat(201)}`, undefined],
    ])('%s %s with %j is 400 invalid_input', async (method, path, body) => {
      const token = path === '/api/auth/login' ? null : undefined;
      const res = await server.api(method, path, body, token);
      expectError(res, 400, 'invalid_input');
    });

    it('a body that is not JSON is 400 invalid_input', async () => {
      expectError(await server.api('POST', '/api/cases', '{"number": "HS-1", ', undefined), 400, 'invalid_input');
    });

    it('a refused body creates nothing', async () => {
      const before = (await server.api<{ cases: CaseRecord[] }>('GET', '/api/cases')).body.cases.length;
      await server.api('POST', '/api/cases', { number: 'HS-X', title: 'T', id: 'mine' });
      await server.api('POST', '/api/cases', { number: '   ', title: 'T' });
      expect((await server.api<{ cases: CaseRecord[] }>('GET', '/api/cases')).body.cases.length).toBe(before);
    });
  });

  describe('not found and invalid state', () => {
    it('unknown hearings, cases, participants and routes are 404 not_found', async () => {
      expectError(await server.api('GET', '/api/hearings/no-such-hearing'), 404, 'not_found');
      expectError(await server.api('GET', '/api/hearings/no-such-hearing/audit'), 404, 'not_found');
      expectError(await server.api('GET', '/api/cases/no-such-case/hearings'), 404, 'not_found');
      expectError(
        await server.api('POST', '/api/hearings', { caseId: 'no-such-case', title: 'T', scheduledAt: '2025-03-01T09:00:00Z' }),
        404,
        'not_found',
      );
      const hearing = await newHearing();
      expectError(await server.api('POST', `/api/hearings/${hearing.id}/participants/nobody/invitation`), 404, 'not_found');
      expectError(
        await server.api('POST', `/api/hearings/${hearing.id}/participants`, { displayName: 'A', role: 'witness', siteId: 'nowhere' }),
        404,
        'not_found',
      );
      expectError(await server.api('GET', '/api/nothing-here'), 404, 'not_found');
    });
  });

  describe('the clerk’s flow', () => {
    it('creates a site, a case, a hearing and participants, each with a working invitation', async () => {
      const site = await server.api<{ site: SiteView }>('POST', '/api/sites', { name: 'Courtroom 1', kind: 'courtroom' });
      expect(site.status).toBe(201);
      expect((await server.api<{ sites: SiteView[] }>('GET', '/api/sites')).body.sites.map((s: { id: string }) => s.id)).toContain(
        site.body.site.id,
      );

      const kase = await newCase();
      expect(
        (await server.api<{ cases: CaseRecord[] }>('GET', `/api/cases?q=${encodeURIComponent(kase.number)}`)).body.cases,
      ).toMatchObject([{ id: kase.id }]);

      const created = await server.api<HearingCreated>('POST', '/api/hearings', {
        caseId: kase.id,
        title: 'First-instance hearing',
        scheduledAt: '2025-03-01T09:00:00+07:00',
        courtroomSiteId: site.body.site.id,
      });
      expect(created.status).toBe(201);
      const hearing = created.body.hearing;
      expect(hearing).toMatchObject({ state: 'scheduled', caseNumber: kase.number, scheduledAt: '2025-03-01T02:00:00.000Z' });
      expect(hearing.courtroom).toMatchObject({ name: 'Courtroom 1', kind: 'courtroom' });
      expect((await server.api<{ hearings: HearingView[] }>('GET', `/api/cases/${kase.id}/hearings`)).body.hearings).toMatchObject([
        { id: hearing.id },
      ]);

      const added = await server.api<ParticipantAdded>('POST', `/api/hearings/${hearing.id}/participants`, {
        displayName: 'Jane Doe',
        role: 'defendant',
        siteId: site.body.site.id,
        expiresInSeconds: 3600,
      });
      expect(added.status).toBe(201);
      expect(added.body.participant).toMatchObject({ role: 'defendant', status: 'invited', connected: false, site: { kind: 'courtroom' } });
      const invitation = must(added.body.invitation, "the defendant's invitation");
      expect(Math.abs(Date.parse(invitation.expiresAt) - (Date.now() + 3600_000))).toBeLessThan(5000);
      // The link points at this server, on the port it actually listens on.
      expect(invitation.url).toBe(`${server.running.url}/join#${invitation.token}`);
      expect(server.running.url).toMatch(new RegExp(`:${server.running.port}$`));

      const info = await server.api<InvitationInfo>('GET', '/api/invitation', undefined, invitation.token);
      expect(info.status).toBe(200);
      expect(info.body).toMatchObject({
        participant: { id: added.body.participant.id, role: 'defendant' },
        hearing: { id: hearing.id, caseNumber: kase.number },
        expiresAt: invitation.expiresAt,
      });

      const events = (await server.api<AuditLog>('GET', `/api/hearings/${hearing.id}/audit`)).body.events;
      // Reading the invitation is the link's first opening (the clerk's workspace shows it).
      expect(events.map((e: { type: string }) => e.type)).toEqual([
        'hearing.created',
        'participant.invited',
        'invitation.issued',
        'invitation.opened',
      ]);
      expect(must(events[0], 'the first audit event').actor).toMatchObject({ kind: 'account', username: 'admin' });
    });

    it('sets security headers and hides the framework', async () => {
      const res = await fetch(`${server.base}/healthz`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-powered-by')).toBeNull();
    });
  });
});
