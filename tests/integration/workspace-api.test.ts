// The clerk's workspace over the real server (core/protocol/workspace.ts): cases with a kind,
// corrections, the calendar by court day, contacts, links sent (read back from the outbox file,
// or received by a real SMTP server on loopback), opened, re-issued and revoked, withdrawals, the
// day's dashboard, and the refusals (bad bodies change nothing; judge accounts are not clerks).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invitation } from '../../core/protocol/http.js';
import type { HearingView } from '../../core/protocol/model.js';
import type { CalendarHearing, CaseView, Dashboard, DeliveryView, StaffParticipantView } from '../../core/protocol/workspace.js';
import type { OutboxLine } from '../../server/notify/FileNotifier.js';
import { createJudgeAccount, startTestServer, type AuditLog, type LoggedIn, type TestServer } from '../support/server.js';
import { useTestServer } from '../support/useTestServer.js';

interface Detail {
  hearing: HearingView;
  participants: StaffParticipantView[];
}
interface Added {
  participant: StaffParticipantView;
  invitation: Invitation | null;
}
interface Sent {
  invitation: Invitation;
  delivery: DeliveryView;
}

const t = useTestServer();
const api = <T>(method: string, path: string, body?: unknown, token?: string | null) => t.server.api<T>(method, path, body, token);
const unique = () => Math.random().toString(36).slice(2, 8);

async function newCase(kind?: string): Promise<CaseView> {
  const res = await api<{ case: CaseView }>('POST', '/api/cases', {
    number: `HS-${unique()}`,
    title: 'Vụ án kiểm thử',
    ...(kind ? { kind } : {}),
  });
  expect(res.status).toBe(201);
  return res.body.case;
}

async function newHearing(scheduledAt: string, kase?: CaseView): Promise<HearingView> {
  const caseId = (kase ?? (await newCase())).id;
  const res = await api<{ hearing: HearingView }>('POST', '/api/hearings', { caseId, title: 'Phiên tòa sơ thẩm', scheduledAt });
  expect(res.status).toBe(201);
  return res.body.hearing;
}

async function addPerson(hearingId: string, body: Record<string, unknown>): Promise<Added> {
  const res = await api<Added>('POST', `/api/hearings/${hearingId}/participants`, body);
  expect(res.status).toBe(201);
  return res.body;
}

const detail = async (hearingId: string) => (await api<Detail>('GET', `/api/hearings/${hearingId}`)).body;
const person = async (hearingId: string, id: string) => (await detail(hearingId)).participants.find((p) => p.id === id);
const auditTypes = async (hearingId: string) =>
  (await api<AuditLog>('GET', `/api/hearings/${hearingId}/audit`)).body.events.map((e) => e.type);
const outbox = (server: TestServer) => join(server.dataDir, 'outbox', 'invitations.jsonl');
const outboxLines = (server: TestServer): OutboxLine[] =>
  readFileSync(outbox(server), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as OutboxLine);
/** GET /api/invitation with a link's token: what the join page does first. */
const openLink = (token: string) => api('GET', '/api/invitation', undefined, token);

describe('cases', () => {
  it('POST /api/cases takes a kind (criminal by default) and GET /api/cases shows it', async () => {
    const civil = await newCase('civil');
    const plain = await newCase();
    expect(civil).toMatchObject({ kind: 'civil' });
    expect(plain).toMatchObject({ kind: 'criminal' });
    const listed = (await api<{ cases: CaseView[] }>('GET', `/api/cases?q=${civil.number}`)).body.cases;
    expect(listed).toEqual([civil]);
  });

  it('PATCH /api/cases/:id corrects it; GET /api/cases/:id shows it with its hearings', async () => {
    const kase = await newCase();
    const hearing = await newHearing('2031-03-01T09:00:00+07:00', kase);
    const res = await api<{ case: CaseView }>('PATCH', `/api/cases/${kase.id}`, { title: 'Vụ án đã sửa', kind: 'family' });
    expect(res.status).toBe(200);
    expect(res.body.case).toMatchObject({ id: kase.id, title: 'Vụ án đã sửa', kind: 'family', number: kase.number });
    const got = await api<{ case: CaseView; hearings: HearingView[] }>('GET', `/api/cases/${kase.id}`);
    expect(got.body.case).toEqual(res.body.case);
    expect(got.body.hearings.map((h) => h.id)).toEqual([hearing.id]);
    expect(await auditTypes(hearing.id)).toContain('case.updated');
  });
});

describe('the calendar', () => {
  it('GET /api/hearings?from&to lists hearings by court day: 23:30 GMT+7 is that day, 00:30 the next', async () => {
    const late = await newHearing('2031-05-05T23:30:00+07:00');
    const early = await newHearing('2031-05-06T00:30:00+07:00');
    const day = async (from: string, to = from) =>
      (await api<{ hearings: CalendarHearing[] }>('GET', `/api/hearings?from=${from}&to=${to}`)).body.hearings.map((h) => h.id);
    expect(await day('2031-05-05')).toEqual([late.id]);
    expect(await day('2031-05-06')).toEqual([early.id]);
    expect(await day('2031-05-05', '2031-05-06')).toEqual([late.id, early.id]);
  });

  it('PATCH /api/hearings/:id moves and renames a scheduled hearing, audited hearing.updated', async () => {
    const hearing = await newHearing('2031-06-01T09:00:00+07:00');
    const res = await api<{ hearing: HearingView }>('PATCH', `/api/hearings/${hearing.id}`, {
      title: 'Phiên tòa phúc thẩm',
      scheduledAt: '2031-06-02T14:00:00+07:00',
    });
    expect(res.status).toBe(200);
    expect(res.body.hearing).toMatchObject({ title: 'Phiên tòa phúc thẩm', scheduledAt: '2031-06-02T07:00:00.000Z', state: 'scheduled' });
    expect(await auditTypes(hearing.id)).toContain('hearing.updated');
  });
});

describe('people and their links', () => {
  it('a participant added with a contact is sent a new link through the outbox file (0600); the old link stops', async () => {
    const hearing = await newHearing('2031-07-01T09:00:00+07:00');
    const added = await addPerson(hearing.id, {
      displayName: 'Nguyễn Văn A',
      role: 'witness',
      contact: { email: 'nguyen.van.a@example.vn', phone: '+84 912 345 789' },
    });
    expect(added.participant).toMatchObject({
      contact: { email: 'nguyen.van.a@example.vn' },
      invitation: { sentAt: null, openedAt: null },
    });

    const sent = await api<Sent>('POST', `/api/hearings/${hearing.id}/participants/${added.participant.id}/invitation/send`, {});
    expect(sent.status).toBe(201);
    expect(sent.body.delivery).toMatchObject({ channel: 'email', to: 'n***@example.vn', notifier: 'file' });
    expect(statSync(outbox(t.server)).mode & 0o777).toBe(0o600);
    const line = outboxLines(t.server).find((l) => l.participantId === added.participant.id);
    expect(line).toMatchObject({ to: 'nguyen.van.a@example.vn', link: sent.body.invitation.url, channel: 'email' });
    expect(line!.text).toContain('09:00 01/07/2031 (GMT+7)');

    expect((await openLink(added.invitation!.token)).status).toBe(401);
    expect(await person(hearing.id, added.participant.id)).toMatchObject({
      invitation: { sentTo: 'n***@example.vn', openedAt: null, revoked: false },
    });
    expect((await auditTypes(hearing.id)).slice(-2)).toEqual(['invitation.issued', 'invitation.sent']);
  });

  it('opening the current link is noted once; a re-issued link starts unopened; a revoked link is refused', async () => {
    const hearing = await newHearing('2031-07-02T09:00:00+07:00');
    const added = await addPerson(hearing.id, { displayName: 'Trần Thị B', role: 'defendant' });
    const pid = added.participant.id;
    expect((await openLink(added.invitation!.token)).status).toBe(200);
    const opened = (await person(hearing.id, pid))!.invitation.openedAt;
    expect(opened).not.toBeNull();
    await openLink(added.invitation!.token);
    expect((await auditTypes(hearing.id)).filter((e) => e === 'invitation.opened')).toHaveLength(1);

    const again = await api<{ invitation: Invitation }>('POST', `/api/hearings/${hearing.id}/participants/${pid}/invitation`, {});
    expect(again.status).toBe(201);
    expect((await person(hearing.id, pid))!.invitation).toMatchObject({ openedAt: null, revoked: false });

    const revoked = await api('POST', `/api/hearings/${hearing.id}/participants/${pid}/invitation/revoke`);
    expect(revoked.status).toBe(204);
    expect(await openLink(again.body.invitation.token)).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect((await person(hearing.id, pid))!.invitation).toMatchObject({ revoked: true, issuedAt: null });
    expect(await auditTypes(hearing.id)).toContain('invitation.revoked');
    // Nothing left to revoke.
    expect((await api('POST', `/api/hearings/${hearing.id}/participants/${pid}/invitation/revoke`)).status).toBe(409);
  });

  it('PATCH a participant who has not joined; DELETE withdraws them; both refused once they joined', async () => {
    const hearing = await newHearing('2031-07-03T09:00:00+07:00');
    const a = await addPerson(hearing.id, { displayName: 'Lê Văn C', role: 'witness' });
    const b = await addPerson(hearing.id, { displayName: 'Phạm Thị D', role: 'victim' });
    const patched = await api<{ participant: StaffParticipantView }>(
      'PATCH',
      `/api/hearings/${hearing.id}/participants/${a.participant.id}`,
      {
        displayName: 'Lê Văn Cường',
        contact: { phone: '0912 345 678' },
      },
    );
    expect(patched.status).toBe(200);
    expect(patched.body.participant).toMatchObject({ displayName: 'Lê Văn Cường', contact: { phone: '0912 345 678' } });

    expect((await api('DELETE', `/api/hearings/${hearing.id}/participants/${a.participant.id}`)).status).toBe(204);
    expect(await person(hearing.id, a.participant.id)).toBeUndefined();
    expect(await openLink(a.invitation!.token)).toMatchObject({ status: 401 });

    await t.join(b.invitation!.token); // waits in the lobby
    const refused = await api('DELETE', `/api/hearings/${hearing.id}/participants/${b.participant.id}`);
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'invalid_state' } } });
    const edit = await api('PATCH', `/api/hearings/${hearing.id}/participants/${b.participant.id}`, { displayName: 'x' });
    expect(edit.status).toBe(409);
    expect(await person(hearing.id, b.participant.id)).toMatchObject({ displayName: 'Phạm Thị D', status: 'lobby' });
  });

  it('sending is refused without a contact, and for the presiding judge', async () => {
    const hearing = await newHearing('2031-07-04T09:00:00+07:00');
    const a = await addPerson(hearing.id, { displayName: 'Không liên lạc', role: 'witness' });
    const before = await auditTypes(hearing.id);
    const res = await api('POST', `/api/hearings/${hearing.id}/participants/${a.participant.id}/invitation/send`, {});
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
    expect(await auditTypes(hearing.id)).toEqual(before);
    const judge = await createJudgeAccount(t.server);
    const seat = await addPerson(hearing.id, { displayName: 'Thẩm phán', role: 'judge', accountId: judge.id });
    const judgeSend = await api('POST', `/api/hearings/${hearing.id}/participants/${seat.participant.id}/invitation/send`, {
      channel: 'email',
    });
    expect(judgeSend.status).toBe(403);
  });
});

describe('the dashboard', () => {
  it("GET /api/dashboard?day lists the day's hearings with counts and everyone's link and connection", async () => {
    const hearing = await newHearing('2031-08-08T08:00:00+07:00');
    const waiting = await addPerson(hearing.id, { displayName: 'Người chờ', role: 'defendant' });
    await addPerson(hearing.id, { displayName: 'Người chưa vào', role: 'witness' });
    await openLink(waiting.invitation!.token); // the join page reads its invitation first
    await t.join(waiting.invitation!.token);
    const board = await api<Dashboard>('GET', '/api/dashboard?day=2031-08-08');
    expect(board.status).toBe(200);
    expect(board.body.day).toBe('2031-08-08');
    const entry = board.body.hearings.find((h) => h.hearing.id === hearing.id);
    expect(entry?.hearing.counts).toEqual({ participants: 2, invited: 1, waiting: 1, present: 0 });
    expect(entry?.participants.find((p) => p.id === waiting.participant.id)).toMatchObject({
      status: 'lobby',
      connected: true,
      invitation: { openedAt: expect.any(String) },
    });
  });
});

describe('refusals', () => {
  it.each([
    ['PATCH', '/api/cases/CASE', {}],
    ['PATCH', '/api/cases/CASE', { title: '' }],
    ['PATCH', '/api/cases/CASE', { kind: 'maritime' }],
    ['PATCH', '/api/cases/CASE', { court: 'Supreme' }],
    ['PATCH', '/api/hearings/HEARING', { scheduledAt: 'next Tuesday' }],
    ['PATCH', '/api/hearings/HEARING', { scheduledAt: '2020-01-01T09:00:00+07:00' }],
    ['PATCH', '/api/hearings/HEARING', { state: 'adjourned' }],
    ['PATCH', '/api/hearings/HEARING/participants/PERSON', { role: 'judge' }],
    ['PATCH', '/api/hearings/HEARING/participants/PERSON', { contact: { email: 'not an address' } }],
    ['PATCH', '/api/hearings/HEARING/participants/PERSON', { contact: { phone: 'call me' } }],
    ['POST', '/api/hearings/HEARING/participants/PERSON/invitation/send', { channel: 'fax' }],
    ['POST', '/api/hearings/HEARING/participants', { displayName: 'X', role: 'witness', contact: { email: 'x' } }],
    ['POST', '/api/cases', { number: 'HS-9', title: 'T', kind: 'maritime' }],
    ['GET', '/api/hearings?from=2031-01-01', undefined],
    ['GET', '/api/hearings?from=2031-01-01&to=2031-12-31', undefined],
    ['GET', '/api/hearings?from=yesterday&to=today', undefined],
    ['GET', '/api/dashboard?day=31/12/2031', undefined],
  ])('%s %s with %j is 400 and changes nothing', async (method, path, body) => {
    const hearing = await newHearing('2031-09-01T09:00:00+07:00');
    const p = await addPerson(hearing.id, { displayName: 'Người làm chứng', role: 'witness' });
    const url = path.replace('CASE', hearing.caseId).replace('HEARING', hearing.id).replace('PERSON', p.participant.id);
    const before = { detail: await detail(hearing.id), audit: await auditTypes(hearing.id) };
    const res = await api(method, url, body);
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
    expect({ detail: await detail(hearing.id), audit: await auditTypes(hearing.id) }).toEqual(before);
  });

  it('judge accounts are refused every workspace route (403)', async () => {
    const judge = await createJudgeAccount(t.server);
    const login = await api<LoggedIn>('POST', '/api/auth/login', { username: judge.username, password: judge.password }, null);
    const token = login.body.token;
    for (const [method, path] of [
      ['GET', '/api/hearings?from=2031-01-01&to=2031-01-02'],
      ['GET', '/api/dashboard'],
      ['GET', '/api/cases/x'],
      ['PATCH', '/api/cases/x'],
      ['PATCH', '/api/hearings/x'],
      ['PATCH', '/api/hearings/x/participants/y'],
      ['DELETE', '/api/hearings/x/participants/y'],
      ['POST', '/api/hearings/x/participants/y/invitation/send'],
      ['POST', '/api/hearings/x/participants/y/invitation/revoke'],
      ['PATCH', '/api/sites/x'],
      ['GET', '/api/judges'],
    ] as const) {
      const res = await api(method, path, method === 'GET' || method === 'DELETE' ? undefined : { title: 'x' }, token);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
    }
  });

  it('a hearing that has ended cannot be changed (409)', async () => {
    const hearing = await newHearing('2031-09-02T09:00:00+07:00');
    await t.server.running.store.hearings.setState(hearing.id, 'adjourned', new Date().toISOString(), null, 'ended');
    const res = await api('PATCH', `/api/hearings/${hearing.id}`, { title: 'Too late' });
    expect(res).toMatchObject({ status: 409, body: { error: { code: 'invalid_state' } } });
  });
});

/** The body of a single-part message as sent (quoted-printable or base64), decoded. */
function decodeBody(raw: string): string {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** A header's value, unfolded, with its RFC 2047 encoded words decoded. */
function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const value = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? '';
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

describe('sending by email through SMTP (VCOURT_NOTIFIER=smtp)', () => {
  const received: { to: string[]; raw: string }[] = [];
  let smtp: SMTPServer;
  let server: TestServer;

  beforeAll(async () => {
    // A real SMTP server on loopback, plain (no STARTTLS, no sign-in): it keeps what it receives.
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('latin1') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    server = await startTestServer({
      notifier: { kinds: ['smtp'], smtp: { url: `smtp://127.0.0.1:${port}`, from: 'Tòa án <no-reply@toaan.example.vn>' } },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('the invitation arrives at the person’s address with the case in the subject and the link in the text', async () => {
    const kase = await server.api<{ case: CaseView }>('POST', '/api/cases', {
      number: `DS-${unique()}`,
      title: 'Tranh chấp hợp đồng',
      kind: 'civil',
    });
    const hearing = await server.api<{ hearing: HearingView }>('POST', '/api/hearings', {
      caseId: kase.body.case.id,
      title: 'Phiên tòa sơ thẩm',
      scheduledAt: '2031-10-10T08:00:00+07:00',
    });
    const added = await server.api<Added>('POST', `/api/hearings/${hearing.body.hearing.id}/participants`, {
      displayName: 'Nguyễn Thị Nguyên Đơn',
      role: 'plaintiff',
      contact: { email: 'nguyen.don@example.vn' },
    });
    const sent = await server.api<Sent>(
      'POST',
      `/api/hearings/${hearing.body.hearing.id}/participants/${added.body.participant.id}/invitation/send`,
      {
        channel: 'email',
      },
    );
    expect(sent.status).toBe(201);
    expect(sent.body.delivery).toMatchObject({ notifier: 'smtp', to: 'n***@example.vn' });
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(1);
    const [mail] = received;
    expect(mail!.to).toEqual(['nguyen.don@example.vn']);
    expect(header(mail!.raw, 'subject')).toContain(kase.body.case.number);
    const text = decodeBody(mail!.raw);
    expect(text).toContain(sent.body.invitation.url);
    expect(text).toContain('Nguyên đơn');
    expect(text).toContain('08:00 10/10/2031 (GMT+7)');
  });

  it('an SMS with only SMTP configured is refused (503) and the link is unchanged', async () => {
    const kase = await server.api<{ case: CaseView }>('POST', '/api/cases', { number: `DS-${unique()}`, title: 'T' });
    const hearing = await server.api<{ hearing: HearingView }>('POST', '/api/hearings', {
      caseId: kase.body.case.id,
      title: 'T',
      scheduledAt: '2031-10-11T08:00:00+07:00',
    });
    const added = await server.api<Added>('POST', `/api/hearings/${hearing.body.hearing.id}/participants`, {
      displayName: 'Bị đơn',
      role: 'respondent',
      contact: { phone: '0912345678' },
    });
    const res = await server.api(
      'POST',
      `/api/hearings/${hearing.body.hearing.id}/participants/${added.body.participant.id}/invitation/send`,
      {},
    );
    expect(res).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    expect((await server.api('GET', '/api/invitation', undefined, added.body.invitation!.token)).status).toBe(200);
  });
});
