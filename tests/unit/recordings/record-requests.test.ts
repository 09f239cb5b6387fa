// The rules that keep one account from destroying a record (RecordArchive: Retention and
// RecordRequests): the legal minimum, four eyes on shortening and deletion, deletion by the sweep
// alone, and who may read a record.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConflictError, PermissionDeniedError, ValidationError } from '../../../core/hearing/errors.js';
import { minimumRetention } from '../../../recordings/archive/Retention.js';
import { makeFixture, T0, type Fixture } from './bundleFixture.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const DAY = 24 * 3600 * 1000;
const clerk = { accountId: 'acc-clerk', username: 'thuky', role: 'clerk' as const };
const admin = { accountId: 'acc-admin', username: 'admin', role: 'admin' as const };
const admin2 = { accountId: 'acc-admin-2', username: 'admin2', role: 'admin' as const };
const judge = { accountId: 'acc-judge', username: 'thamphan', role: 'judge' as const };
const otherJudge = { accountId: 'acc-judge-2', username: 'thamphan2', role: 'judge' as const };

let f: Fixture | undefined;
afterEach(async () => {
  await f?.cleanup();
  f = undefined;
});

async function built(): Promise<Fixture> {
  f = await makeFixture();
  await f.archive.build(f.hid, f.timeline);
  return f;
}

const types = async (fx: Fixture) => (await fx.store.audit.list(fx.hid)).map((e) => e.type);
// The fixture adjourns at T0 + 40 min with a legal minimum of 20 days.
const adjourned = T0 + 40 * 60_000;

describe('the legal minimum', () => {
  it('is adjournment + the minimum, and never in the past', () => {
    const at = new Date(adjourned).toISOString();
    expect(minimumRetention(at, 20, new Date(T0))).toBe(new Date(adjourned + 20 * DAY).toISOString());
    expect(minimumRetention(at, 20, new Date(T0 + 100 * DAY))).toBe(new Date(T0 + 100 * DAY).toISOString());
  });

  it('refuses a retention date before it or in the past (400), directly or by request; the view shows it', async () => {
    const fx = await built();
    const before = (await fx.records.get(fx.hid))!.retainUntil;
    await expect(fx.archive.setRetention(fx.hid, '2020-01-01', admin)).rejects.toThrow(ValidationError);
    await expect(fx.archive.setRetention(fx.hid, new Date(adjourned + 10 * DAY).toISOString(), admin)).rejects.toThrow(/at least until/);
    await expect(fx.archive.fileRequest(fx.hid, { kind: 'shorten', retainUntil: '2020-01-01', reason: 'cleanup' }, admin)).rejects.toThrow(
      ValidationError,
    );
    expect((await fx.records.get(fx.hid))!.retainUntil).toBe(before);
    expect((await fx.archive.view(fx.hid, () => '')).record).toMatchObject({
      minRetainUntil: new Date(adjourned + 20 * DAY).toISOString(),
      pendingRequest: null,
    });
  });
});

describe('four eyes', () => {
  it('a shortening is filed by one and approved by a different admin, each step audited', async () => {
    const fx = await built();
    const to = new Date(adjourned + 25 * DAY).toISOString();
    const request = await fx.archive.fileRequest(fx.hid, { kind: 'shorten', retainUntil: to, reason: 'Quyết định của chánh án' }, clerk);
    expect((await fx.archive.view(fx.hid, () => '')).record!.pendingRequest).toMatchObject({
      id: request.id,
      kind: 'shorten',
      retainUntil: to,
    });
    await expect(fx.archive.fileRequest(fx.hid, { kind: 'delete', reason: 'again' }, admin)).rejects.toThrow(ConflictError);
    await expect(fx.archive.approveRequest(fx.hid, request.id, clerk)).rejects.toThrow(PermissionDeniedError);
    expect((await fx.records.get(fx.hid))!.retainUntil).toBe(new Date(T0 + 30 * DAY).toISOString());

    const approved = await fx.archive.approveRequest(fx.hid, request.id, admin);
    expect(approved).toMatchObject({ status: 'approved', decidedBy: { username: 'admin' } });
    expect((await fx.records.get(fx.hid))!.retainUntil).toBe(to);
    expect((await types(fx)).slice(-3)).toEqual(['record.change_requested', 'record.change_approved', 'record.retention']);
    await expect(fx.archive.approveRequest(fx.hid, request.id, admin2)).rejects.toThrow(ConflictError);
  });

  it('no one approves or refuses their own request; the requester withdraws it; another admin refuses one with a reason', async () => {
    const fx = await built();
    const mine = await fx.archive.fileRequest(fx.hid, { kind: 'delete', reason: 'Bản ghi nhầm phiên' }, admin);
    await expect(fx.archive.approveRequest(fx.hid, mine.id, admin)).rejects.toThrow(/second person/);
    await expect(fx.archive.refuseRequest(fx.hid, mine.id, admin, 'no')).rejects.toThrow(PermissionDeniedError);
    await expect(fx.archive.withdrawRequest(fx.hid, mine.id, admin2)).rejects.toThrow(PermissionDeniedError);
    expect((await fx.archive.withdrawRequest(fx.hid, mine.id, admin)).status).toBe('withdrawn');

    const next = await fx.archive.fileRequest(fx.hid, { kind: 'delete', reason: 'Bản ghi nhầm phiên' }, admin);
    expect((await fx.archive.refuseRequest(fx.hid, next.id, admin2, 'Chưa có quyết định')).decisionReason).toBe('Chưa có quyết định');
    expect((await fx.records.get(fx.hid))!.status).toBe('ready');
    expect((await types(fx)).slice(-4)).toEqual([
      'record.change_requested',
      'record.change_withdrawn',
      'record.change_requested',
      'record.change_refused',
    ]);
  });

  it('an approved deletion sets the retention to now; the sweep alone deletes, and audits it', async () => {
    const fx = await built();
    fx.setNow(T0 + DAY);
    const request = await fx.archive.fileRequest(fx.hid, { kind: 'delete', reason: 'Quyết định hủy số 7' }, admin);
    await fx.archive.approveRequest(fx.hid, request.id, admin2);
    expect(await fx.records.get(fx.hid)).toMatchObject({ status: 'ready', retainUntil: new Date(T0 + DAY).toISOString() });
    expect(await fx.archive.sweep()).toEqual([fx.hid]);
    expect(existsSync(fx.hearingDir)).toBe(false);
    expect((await fx.store.audit.list(fx.hid)).at(-1)).toMatchObject({ type: 'record.deleted', actor: { kind: 'system' } });
  });

  it('a request needs a reason, and a shortening a shorter date', async () => {
    const fx = await built();
    await expect(fx.archive.fileRequest(fx.hid, { kind: 'delete', reason: '  ' }, admin)).rejects.toThrow(ValidationError);
    await expect(fx.archive.fileRequest(fx.hid, { kind: 'shorten', retainUntil: '2099-01-01', reason: 'longer' }, admin)).rejects.toThrow(
      /does not shorten/,
    );
  });
});

describe('who reads a record', () => {
  it('clerks and admins; a judge account only for a hearing it presided or was granted, in the search as in reading', async () => {
    const fx = await built();
    const listed = async (by: typeof judge | typeof clerk | typeof admin) =>
      (await fx.archive.search(undefined, by)).map((h) => h.hearingId);
    await expect(fx.archive.assertReader(fx.hid, clerk)).resolves.toBeUndefined();
    await expect(fx.archive.assertReader(fx.hid, admin)).resolves.toBeUndefined();
    expect(await listed(clerk)).toEqual([fx.hid]);
    expect(await listed(admin)).toEqual([fx.hid]);
    await expect(fx.archive.assertReader(fx.hid, judge)).rejects.toThrow(PermissionDeniedError);
    expect(await listed(judge)).toEqual([]);
    await fx.store.db.run('UPDATE participants SET account_id = ? WHERE id = ?', [judge.accountId, fx.judge.id]);
    await expect(fx.archive.assertReader(fx.hid, judge)).resolves.toBeUndefined();
    expect(await listed(judge)).toEqual([fx.hid]);
    await expect(fx.archive.assertReader(fx.hid, otherJudge)).rejects.toThrow(PermissionDeniedError);
    expect(await listed(otherJudge)).toEqual([]);

    await expect(fx.archive.grant(fx.hid, otherJudge, judge)).rejects.toThrow(PermissionDeniedError);
    await fx.archive.grant(fx.hid, otherJudge, clerk);
    await expect(fx.archive.assertReader(fx.hid, otherJudge)).resolves.toBeUndefined();
    expect(await listed(otherJudge)).toEqual([fx.hid]);
    expect((await fx.store.audit.list(fx.hid)).at(-1)).toMatchObject({ type: 'record.access_granted', data: { username: 'thamphan2' } });
  });
});
