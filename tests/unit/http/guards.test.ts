// The HTTP guards (server/http/guards.ts) against a real Access, TokenService and SqliteStore:
// who gets through each guard, what it leaves on the request, and the error each refusal is.
import type { Request } from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Access } from '../../../server/auth/Access.js';
import { TokenService } from '../../../server/auth/tokens.js';
import { SqlStaffSessions } from '../../../server/store/SqlStaffSessions.js';
import {
  bearer,
  bearerToken,
  deviceOf,
  deviceToken,
  invitationOf,
  invited,
  recordReader,
  ROLES,
  staff,
  staffActor,
  staffOf,
  type Guard,
} from '../../../server/http/guards.js';
import { CaseFile } from '../../../core/hearing/CaseFile.js';
import { DeviceRegistry } from '../../../core/hearing/DeviceRegistry.js';
import { SecretBox } from '../../../server/secrets.js';
import { PermissionDeniedError, UnauthorizedError } from '../../../core/hearing/errors.js';
import type { AccountRole } from '../../../core/hearing/types.js';
import { makeDomain, type Domain } from '../../support/domain.js';

const SECRET = 'test-secret-that-is-long-enough-0123456789';

/** Just what the guards read of an express request. */
function request(
  args: { token?: string | null; authorization?: string; query?: Record<string, unknown>; params?: Record<string, string> } = {},
): Request {
  const authorization = args.authorization ?? (args.token ? `Bearer ${args.token}` : undefined);
  return {
    get: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined),
    query: args.query ?? {},
    params: args.params ?? {},
  } as unknown as Request;
}

/** Runs a guard: 'next' when it let the request through, or what it threw. */
async function run(guard: Guard, req: Request): Promise<'next' | unknown> {
  let passed = false;
  try {
    await guard(req, {} as never, () => (passed = true));
  } catch (error) {
    return error;
  }
  return passed ? 'next' : 'nothing';
}

let d: Domain;
let tokens: TokenService;
let access: Access;
const staffTokens = {} as Record<AccountRole, string>;

beforeEach(async () => {
  d = await makeDomain();
  tokens = new TokenService(SECRET);
  access = new Access(d.store, tokens, new SqlStaffSessions(d.store.db), { info: () => {}, warn: () => {} });
  for (const role of ['admin', 'clerk', 'judge'] as const) {
    await access.createAccount({ username: role, displayName: role, role, password: 'guard-test-pass-9' });
    staffTokens[role] = (await access.login(role, 'guard-test-pass-9')).token;
  }
});
afterEach(() => d.close());

describe('bearer', () => {
  it('reads "Authorization: Bearer <token>" in any case, and nothing else', () => {
    expect(bearerToken(request({ authorization: 'Bearer abc.def' }))).toBe('abc.def');
    expect(bearerToken(request({ authorization: 'bearer abc' }))).toBe('abc');
    expect(bearerToken(request({ authorization: 'Basic abc' }))).toBeNull();
    expect(bearerToken(request({ authorization: 'Bearer a b' }))).toBeNull();
    expect(bearerToken(request())).toBeNull();
  });

  it('refuses a missing token with 401 saying how to send it', () => {
    expect(() => bearer(request())).toThrow(new UnauthorizedError('Send the token as "Authorization: Bearer <token>"'));
    expect(() => bearer(request(), 'the device token')).toThrow(/Send the device token as/);
  });
});

describe('staff(access, roles)', () => {
  it('the role sets: administration is admins and clerks, accounts are admins’, the archive the court’s staff', () => {
    expect([...ROLES.administration].sort()).toEqual(['admin', 'clerk']);
    expect([...ROLES.admins]).toEqual(['admin']);
    // Site officers sign out and change their password like everyone; they read no record.
    expect([...ROLES.anyStaff].sort()).toEqual(['admin', 'clerk', 'judge', 'site_officer']);
    expect([...ROLES.archive].sort()).toEqual(['admin', 'clerk', 'judge']);
  });

  it.each([
    ['administration', ROLES.administration, { admin: true, clerk: true, judge: false }],
    ['admins', ROLES.admins, { admin: true, clerk: false, judge: false }],
    ['anyStaff', ROLES.anyStaff, { admin: true, clerk: true, judge: true }],
  ] as const)('%s lets in exactly its roles, with their claims on the request', async (_name, roles, allowed) => {
    const guard = staff(access, roles, 'Only some may');
    for (const role of ['admin', 'clerk', 'judge'] as const) {
      const req = request({ token: staffTokens[role] });
      const outcome = await run(guard, req);
      if (allowed[role]) {
        expect(outcome, role).toBe('next');
        expect(staffOf(req)).toMatchObject({ username: role, role });
        expect(staffActor(req)).toEqual({ kind: 'account', accountId: staffOf(req).accountId, username: role });
      } else {
        expect(outcome, role).toEqual(new PermissionDeniedError('Only some may'));
      }
    }
  });

  it('refuses (401) no token, a forged one, an invitation or device token, and a deleted account', async () => {
    const guard = staff(access, ROLES.anyStaff);
    const ghost = tokens.issueStaff({ accountId: 'gone', sessionId: 'gone' });
    const device = tokens.issueDevice({ deviceId: 'd', tokenId: 't' });
    for (const token of [null, 'garbage', ghost, device, staffTokens.admin + 'x']) {
      expect(await run(guard, request({ token })), String(token)).toBeInstanceOf(UnauthorizedError);
    }
  });
});

describe('recordReader(access): the archive’s rule for a record’s files', () => {
  const params = (hearingId: string) => ({ id: hearingId });

  it('lets in any staff session, a judge’s included', async () => {
    for (const role of ['admin', 'clerk', 'judge'] as const) {
      const req = request({ token: staffTokens[role], params: params(d.hearing.id) });
      expect(await run(recordReader(access), req)).toBe('next');
      expect(staffOf(req).role).toBe(role);
    }
  });

  it('lets in a record link for this very hearing, and refuses one for another hearing', async () => {
    const { accountId, sessionId } = await access.staff(staffTokens.judge);
    const link = tokens.issueRecordAccess({ accountId, sessionId, hearingId: d.hearing.id });
    expect(await run(recordReader(access), request({ query: { access: link }, params: params(d.hearing.id) }))).toBe('next');
    const other = await d.otherHearing();
    const refused = await run(recordReader(access), request({ query: { access: link }, params: params(other.hearing.id) }));
    expect(refused).toEqual(new UnauthorizedError('This link is for another hearing'));
  });

  it('refuses neither header nor link, a staff token as link, and a bad header even with a good link', async () => {
    const { accountId, sessionId } = await access.staff(staffTokens.clerk);
    const link = tokens.issueRecordAccess({ accountId, sessionId, hearingId: d.hearing.id });
    const none = await run(recordReader(access), request({ params: params(d.hearing.id) }));
    expect(none).toEqual(new UnauthorizedError('Sign in to the archive, or open the file from its record page'));
    expect(await run(recordReader(access), request({ query: { access: staffTokens.admin }, params: params(d.hearing.id) }))).toBeInstanceOf(
      UnauthorizedError,
    );
    expect(
      await run(recordReader(access), request({ token: 'garbage', query: { access: link }, params: params(d.hearing.id) })),
    ).toBeInstanceOf(UnauthorizedError);
  });
});

describe('deviceToken(access)', () => {
  let devices: DeviceRegistry;
  let deviceId: string;
  let token: string;
  beforeEach(async () => {
    devices = new DeviceRegistry(d.store, d.clock, SecretBox.withRandomKey());
    const site = await d.caseFile.createSite('Phòng xử án số 1', 'courtroom');
    deviceId = (await devices.register({ siteId: site.id, kind: 'encoder', name: 'Bộ mã hoá' })).id;
    token = tokens.issueDevice({ deviceId, tokenId: await devices.rotateToken(deviceId) });
  });

  it('lets in the device’s current token and leaves the device on the request', async () => {
    const req = request({ token });
    expect(await run(deviceToken(access), req)).toBe('next');
    expect(deviceOf(req).id).toBe(deviceId);
  });

  it('refuses (401) no token, a replaced or revoked token, and a staff token', async () => {
    expect(await run(deviceToken(access), request())).toEqual(
      new UnauthorizedError('Send the device token as "Authorization: Bearer <token>"'),
    );
    expect(await run(deviceToken(access), request({ token: staffTokens.admin }))).toBeInstanceOf(UnauthorizedError);
    const replaced = token;
    token = tokens.issueDevice({ deviceId, tokenId: await devices.rotateToken(deviceId) });
    expect(await run(deviceToken(access), request({ token: replaced }))).toEqual(new UnauthorizedError('This device token was replaced'));
    await devices.revoke({ kind: 'system' }, deviceId);
    expect(await run(deviceToken(access), request({ token }))).toBeInstanceOf(UnauthorizedError);
  });
});

describe('invited(access)', () => {
  it('lets in the participant’s current invitation (signed by the TokenService as the case file’s issuer)', async () => {
    const caseFile = new CaseFile(d.store, d.clock, 'Test District Court', undefined, tokens);
    const issued = await caseFile.issueInvitation({ kind: 'system' }, d.hearing.id, d.people.witness.id, 3600);
    const req = request({ token: issued.token });
    expect(await run(invited(access), req)).toBe('next');
    expect(invitationOf(req).participant.id).toBe(d.people.witness.id);
    const again = await caseFile.issueInvitation({ kind: 'system' }, d.hearing.id, d.people.witness.id, 3600);
    expect(again.invitationId).not.toBe(issued.invitationId);
    expect(await run(invited(access), request({ token: issued.token }))).toEqual(
      new UnauthorizedError('This invitation was replaced or revoked'),
    );
  });
});

describe('accessors', () => {
  it('asking for what no guard left is a bug, not a refusal', () => {
    expect(() => staffOf(request())).toThrow('The route has no staff guard');
    expect(() => staffOf(request())).not.toThrow(UnauthorizedError);
    expect(() => deviceOf(request())).toThrow('The route has no device guard');
  });
});
