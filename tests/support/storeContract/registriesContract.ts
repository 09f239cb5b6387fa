// The store contract's registries: devices, accounts, settings and attendance.
import { beforeEach, expect, it } from 'vitest';
import type { AttendanceRecord } from '../../../core/hearing/types.js';
import type { SqlStore } from '../../../server/store/SqlStore.js';
import { device, type StoreContext } from './context.js';

export function registriesContract(t: StoreContext): void {
  let store: SqlStore;
  let u: string;
  // storeContract's own beforeEach, declared first, has opened this test's store by now.
  beforeEach(() => {
    ({ store, u } = t);
  });
  const { fixture } = t;

  it('devices: list in creation order, by site, and update what may change', async () => {
    const { siteId } = await fixture();
    const other = await fixture(2);
    await store.devices.insert(device(`${u}-d2`, siteId, 't2'));
    await store.devices.insert(device(`${u}-d1`, other.siteId, 't1'));
    await store.devices.insert(device(`${u}-d3`, siteId, 't2'));
    expect((await store.devices.list()).map((d) => d.id).filter((id) => id.startsWith(u))).toEqual([`${u}-d1`, `${u}-d2`, `${u}-d3`]);
    expect((await store.devices.listBySite(siteId)).map((d) => d.id)).toEqual([`${u}-d2`, `${u}-d3`]);
    const revoked = {
      ...device(`${u}-d2`, siteId, 't2'),
      name: 'Renamed',
      rtspUrl: null,
      rtspSealed: null,
      tokenId: 'tok',
      revokedAt: 'r',
    };
    await store.devices.update(revoked);
    expect(await store.devices.get(`${u}-d2`)).toEqual(revoked);
    // Site, kind and creation time are fixed: an update naming others changes nothing.
    await store.devices.update({ ...revoked, siteId: other.siteId, name: 'Moved' });
    expect(await store.devices.get(`${u}-d2`)).toEqual(revoked);
  });

  it('accounts: by id and username, listed by username, counted', async () => {
    const before = await store.accounts.count();
    const account = (id: string, username: string, role: 'clerk' | 'judge') =>
      ({
        id: `${u}-${id}`,
        username: `${u}-${username}`,
        displayName: username,
        role,
        passwordHash: 'h',
        createdAt: 't',
        siteId: null,
      }) as const;
    await store.accounts.insert(account('2', 'b', 'judge'));
    await store.accounts.insert(account('1', 'a', 'clerk'));
    expect(await store.accounts.count()).toBe(before + 2);
    expect(await store.accounts.get(`${u}-2`)).toEqual(account('2', 'b', 'judge'));
    expect(await store.accounts.getByUsername(`${u}-a`)).toEqual(account('1', 'a', 'clerk'));
    expect(await store.accounts.getByUsername(`${u}-nobody`)).toBeUndefined();
    expect((await store.accounts.list()).map((a) => a.id).filter((id) => id.startsWith(u))).toEqual([`${u}-1`, `${u}-2`]);
    await expect(store.accounts.insert({ ...account('3', 'a', 'clerk') })).rejects.toThrow();
  });

  it('settings: set replaces, get of a missing key is undefined', async () => {
    expect(await store.settings.get(`${u}-k`)).toBeUndefined();
    await store.settings.set(`${u}-k`, 'v1');
    await store.settings.set(`${u}-k`, 'v2');
    expect(await store.settings.get(`${u}-k`)).toBe('v2');
  });

  it('attendance: put replaces the whole row; listed per hearing', async () => {
    const { hearing, judge, defendant, siteId } = await fixture();
    const marked: AttendanceRecord = {
      participantId: defendant.id,
      hearingId: hearing.id,
      status: 'present',
      reason: null,
      idDocument: { kind: 'cccd', number: '001099012345' },
      idChecked: true,
      markedBy: 'clerk',
      markedAt: 'm1',
      attestation: {
        accountId: `${u}-officer`,
        officer: 'Cán bộ',
        siteId,
        idDocument: { kind: 'cccd', number: '001099012345' },
        note: null,
        at: 'a1',
      },
      verifiedBy: 'clerk',
    };
    await store.attendance.put(marked);
    expect(await store.attendance.get(defendant.id)).toEqual(marked);
    const absent: AttendanceRecord = {
      ...marked,
      status: 'absent',
      reason: 'Ốm',
      idDocument: null,
      idChecked: false,
      attestation: null,
      verifiedBy: null,
    };
    await store.attendance.put(absent);
    expect(await store.attendance.get(defendant.id)).toEqual(absent);
    expect(await store.attendance.get(judge.id)).toBeUndefined();
    await store.attendance.put({ ...absent, participantId: judge.id, status: 'present', reason: null });
    expect((await store.attendance.listByHearing(hearing.id)).map((r) => [r.participantId, r.status]).sort()).toEqual(
      [
        [defendant.id, 'absent'],
        [judge.id, 'present'],
      ].sort(),
    );
  });
}
