// Sets up hearings through the real HTTP API, as a clerk would. The presiding judge's link is not
// the clerk's to make: a judge seat is bound to a judge's staff account, and its link comes from
// that judge's own sign-in (POST /api/bench/hearings/:id/join), as it does at /bench.
import type { APIRequestContext } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { isStaffSeat } from '../../../core/protocol/staffSeats.js';
import type { Role } from '../../../core/protocol/model.js';
import { E2E_ADMIN_PASSWORD } from '../../../playwright.config.js';
import { Authenticator } from './authenticator.js';

/** A judge's staff account made for a test: what the judge types at /bench, and their authenticator app. */
export interface JudgeAccount {
  id: string;
  username: string;
  password: string;
  authenticator: Authenticator;
}

export interface Invitee {
  id: string;
  role: Role;
  displayName: string;
  /** The invitation link exactly as the clerk would send it (the judge's: from the judge's own sign-in). */
  url: string;
  /** The bench's seats only (judges, the clerk): the account the seat is bound to. */
  judge?: JudgeAccount;
}

/** One JSON request; `body` is null for 204 or a body that is not JSON. */
async function send<T>(
  request: APIRequestContext,
  method: 'GET' | 'POST',
  path: string,
  token: string | null,
  data?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await request.fetch(path, { method, data, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: res.status(), body: body as T };
}

async function expectStatus<T>(what: string, status: number, reply: Promise<{ status: number; body: T }>): Promise<T> {
  const res = await reply;
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The judge signs in with their own account and authenticator code; their staff token. */
export async function judgeSignIn(request: APIRequestContext, judge: JudgeAccount): Promise<string> {
  const body = { username: judge.username, password: judge.password, code: await judge.authenticator.code() };
  return (await expectStatus<{ token: string }>('judge sign-in', 200, send(request, 'POST', '/api/auth/login', null, body))).token;
}

/** The presiding judge's courtroom link, asked for by the judge's own sign-in (as /bench does). */
export async function benchLink(request: APIRequestContext, judge: JudgeAccount, hearingId: string): Promise<string> {
  const token = await judgeSignIn(request, judge);
  const path = `/api/bench/hearings/${hearingId}/join`;
  return (await expectStatus<{ invitation: { url: string } }>('bench link', 201, send(request, 'POST', path, token))).invitation.url;
}

export class ClerkApi {
  private constructor(
    private readonly request: APIRequestContext,
    private readonly token: string,
  ) {}

  static async login(request: APIRequestContext): Promise<ClerkApi> {
    const res = await request.post('/api/auth/login', { data: { username: 'admin', password: E2E_ADMIN_PASSWORD } });
    if (!res.ok()) throw new Error(`login failed: ${res.status()} ${await res.text()}`);
    return new ClerkApi(request, (await res.json()).token);
  }

  async post<T>(path: string, data: unknown): Promise<T> {
    const res = await this.request.post(path, { data, headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok()) throw new Error(`POST ${path}: ${res.status()} ${await res.text()}`);
    return res.json() as Promise<T>;
  }

  async get<T>(path: string): Promise<T> {
    const res = await this.request.get(path, { headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok()) throw new Error(`GET ${path}: ${res.status()} ${await res.text()}`);
    return res.json() as Promise<T>;
  }

  /** As the clerk (admin): any request, with its status, for the refusals a test expects. */
  raw<T = unknown>(method: 'GET' | 'POST', path: string, data?: unknown): Promise<{ status: number; body: T }> {
    return send<T>(this.request, method, path, this.token, data);
  }

  /**
   * A judge's staff account, as the court's administrator makes it (a strong random password), with
   * its authenticator enrolled by the judge's own first sign-in.
   */
  async createJudgeAccount(displayName: string, role: 'judge' | 'clerk' = 'judge'): Promise<JudgeAccount> {
    const username = `${role}-${randomBytes(5).toString('hex')}`;
    const password = `Tp-${randomBytes(18).toString('base64url')}`;
    const { account } = await this.post<{ account: { id: string } }>('/api/accounts', { username, displayName, role, password });
    const token = (
      await expectStatus<{ token: string }>(
        'judge first sign-in',
        200,
        send(this.request, 'POST', '/api/auth/login', null, { username, password }),
      )
    ).token;
    const setup = await expectStatus<{ secret: string }>('TOTP setup', 200, send(this.request, 'POST', '/api/auth/totp/setup', token, {}));
    const authenticator = new Authenticator(setup.secret);
    await expectStatus(
      'TOTP enable',
      204,
      send(this.request, 'POST', '/api/auth/totp/enable', token, { code: await authenticator.code() }),
    );
    await send(this.request, 'POST', '/api/auth/logout', token);
    return { id: account.id, username, password, authenticator };
  }

  /**
   * One participant and their link. The bench's seats (the presiding judge, a panel judge, the clerk
   * of the hearing: core/hearing/staffSeats.ts) get an account of their own, a seat bound to it (the
   * clerk gets no link for it), and the link from that account's own sign-in.
   */
  async addParticipant(hearingId: string, person: { displayName: string; role: Role }): Promise<Invitee> {
    if (!isStaffSeat(person.role)) {
      const { participant, invitation } = await this.post<{ participant: { id: string }; invitation: { url: string } }>(
        `/api/hearings/${hearingId}/participants`,
        person,
      );
      return { id: participant.id, ...person, url: invitation.url };
    }
    const judge = await this.createJudgeAccount(person.displayName, person.role === 'clerk' ? 'clerk' : 'judge');
    const { participant } = await this.post<{ participant: { id: string } }>(`/api/hearings/${hearingId}/participants`, {
      ...person,
      accountId: judge.id,
    });
    return { id: participant.id, ...person, url: await benchLink(this.request, judge, hearingId), judge };
  }

  /**
   * A new case and hearing with one participant per entry; returns their invitation links, one per
   * entry and in the same order (for a literal list, typed as a tuple of the same length).
   */
  async createHearing<const P extends readonly { displayName: string; role: Role }[]>(
    people: P,
  ): Promise<{ hearingId: string; invitees: { [K in keyof P]: Invitee } }> {
    const stamp = Date.now().toString(36);
    const { case: kase } = await this.post<{ case: { id: string } }>('/api/cases', {
      number: `E2E-${stamp}/HS-ST`,
      title: 'Vụ án kiểm thử',
    });
    const { hearing } = await this.post<{ hearing: { id: string } }>('/api/hearings', {
      caseId: kase.id,
      title: 'Phiên tòa kiểm thử',
      scheduledAt: new Date().toISOString(),
    });
    const invitees: Invitee[] = [];
    for (const person of people) invitees.push(await this.addParticipant(hearing.id, person));
    return { hearingId: hearing.id, invitees: invitees as { [K in keyof P]: Invitee } };
  }
}
