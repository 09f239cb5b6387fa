// What every SqlStore must do, whatever the database under it: the unit tests run it on an
// in-memory SQLite file, the integration tests on a real PostgreSQL. `open` is called before each
// test; the tests make their own ids, so a database shared by the tests of one run is fine.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, firstBrokenLink } from '../../core/hearing/auditChain.js';
import type {
  AttendanceRecord,
  AuditEvent,
  DeviceRecord,
  HearingRecord,
  InvitationRecord,
  ParticipantRecord,
} from '../../core/hearing/types.js';
import type { SqlStore } from '../../server/store/SqlStore.js';
import { must } from './must.js';

export interface OpenedStore {
  store: SqlStore;
  close(): Promise<void>;
}

export const chainOf = (events: AuditEvent[]) =>
  events.map((e) => ({
    prevHash: e.prevHash,
    hash: e.hash,
    fields: { hearingId: e.hearingId, at: e.at, actorJson: JSON.stringify(e.actor), type: e.type, dataJson: JSON.stringify(e.data) },
  }));

const system = { kind: 'system' } as const;

export function storeContract(open: () => Promise<OpenedStore>): void {
  let opened: OpenedStore | undefined;
  let store: SqlStore;
  /** This test's prefix: its rows never meet another test's. */
  let u: string;
  beforeEach(async () => {
    opened = await open();
    store = opened.store;
    u = randomUUID().slice(0, 8);
  });
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  /** A case, a site and a hearing with a defendant and a judge. */
  async function fixture(n = 1) {
    const caseId = `${u}-case${n}`;
    await store.cases.insert({
      id: caseId,
      number: `${u}-HS-${n}`,
      title: 'State v. Doe',
      kind: 'criminal',
      court: 'Court',
      createdAt: `2025-03-0${n}T00:00:00.000Z`,
    });
    const siteId = `${u}-site${n}`;
    await store.sites.insert({ id: siteId, name: `${u} Phòng ${n}`, kind: 'courtroom', relayOnly: false, createdAt: 't' });
    const hearing: HearingRecord = {
      id: `${u}-h${n}`,
      caseId,
      title: 'First instance',
      scheduledAt: `2025-03-0${n}T02:00:00.000Z`,
      state: 'scheduled',
      stage: null,
      outcome: null,
      courtroomSiteId: siteId,
      createdAt: 't',
      updatedAt: 't',
    };
    await store.hearings.insert(hearing);
    const person = (role: ParticipantRecord['role'], i: number): ParticipantRecord => ({
      id: `${u}-h${n}-p${i}`,
      hearingId: hearing.id,
      displayName: `The ${role}`,
      role,
      siteId: null,
      status: 'invited',
      forcedMuteAudio: false,
      forcedMuteVideo: false,
      screenAllowed: false,
      invitationId: null,
      deviceId: null,
      accountId: null,
      contact: null,
      room: null,
      languages: null,
      createdAt: `2025-03-0${n}T01:00:0${i}.000Z`,
    });
    const judge = person('judge', 1);
    const defendant = person('defendant', 2);
    await store.participants.insert(judge);
    await store.participants.insert(defendant);
    await store.audit.append({ hearingId: hearing.id, at: 't0', actor: system, type: 'hearing.created', data: { n } });
    return { caseId, siteId, hearing, judge, defendant };
  }

  const dump = async (hearingId: string) =>
    JSON.stringify({
      hearing: await store.hearings.get(hearingId),
      participants: await store.participants.listByHearing(hearingId),
      audit: await store.audit.list(hearingId),
    });

  describe('audit log', () => {
    it('is append-only: the database refuses UPDATE and DELETE', async () => {
      const { hearing } = await fixture();
      const first = must((await store.audit.list(hearing.id))[0], 'the first audit event');
      await expect(store.db.run('UPDATE audit_events SET type = ? WHERE seq = ?', ['tampered', first.seq])).rejects.toThrow(/append-only/);
      await expect(store.db.run('DELETE FROM audit_events WHERE seq = ?', [first.seq])).rejects.toThrow(/append-only/);
      expect((await store.audit.list(hearing.id))[0]).toEqual(first);
    });

    it("chains each hearing's events: each carries the previous hash, and recomputing them verifies", async () => {
      const { hearing } = await fixture();
      const other = await fixture(2);
      const appended = await store.audit.append({ hearingId: hearing.id, at: 't1', actor: system, type: 'x', data: { n: 1, s: 'Bị cáo' } });
      const events = await store.audit.list(hearing.id);
      expect(events).toHaveLength(2);
      expect(events[1]).toEqual(appended);
      expect(events[0]!.prevHash).toBe(GENESIS_HASH);
      expect(events[1]!.prevHash).toBe(events[0]!.hash);
      expect(firstBrokenLink(chainOf(events))).toBe(-1);
      // Another hearing's chain starts on its own.
      expect(must((await store.audit.list(other.hearing.id))[0], 'the other first event').prevHash).toBe(GENESIS_HASH);
    });

    it('verification finds the first edited, dropped or reordered event', async () => {
      const { hearing } = await fixture();
      await store.audit.append({ hearingId: hearing.id, at: 't1', actor: system, type: 'x', data: {} });
      await store.audit.append({ hearingId: hearing.id, at: 't2', actor: system, type: 'y', data: {} });
      const chain = chainOf(await store.audit.list(hearing.id));
      const edited = chain.map((e, i) => (i === 1 ? { ...e, fields: { ...e.fields, dataJson: '{"n":2}' } } : e));
      expect(firstBrokenLink(edited)).toBe(1);
      const e0 = must(chain[0], 'event 0');
      const e1 = must(chain[1], 'event 1');
      expect(firstBrokenLink([e0, ...chain.slice(2)])).toBe(1);
      expect(firstBrokenLink([e1, e0, ...chain.slice(2)])).toBe(0);
    });

    it('appends made at once keep one unbroken chain, in the order of their sequence numbers', async () => {
      const { hearing } = await fixture();
      const appended = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          store.audit.append({ hearingId: hearing.id, at: `t${i}`, actor: system, type: 'x', data: { i } }),
        ),
      );
      const events = await store.audit.list(hearing.id);
      expect(events).toHaveLength(13);
      expect(new Set(appended.map((e) => e.seq)).size).toBe(12);
      for (const e of appended) expect(events).toContainEqual(e);
      expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
      expect(firstBrokenLink(chainOf(events))).toBe(-1);
    });
  });

  describe('transactions', () => {
    it('roll back the whole transaction when a step fails', async () => {
      const { hearing } = await fixture();
      const before = await dump(hearing.id);
      await expect(
        store.transaction(async () => {
          await store.hearings.setState(hearing.id, 'open', '2025-01-01T00:00:00.000Z');
          await store.audit.append({ hearingId: hearing.id, at: 'x', actor: system, type: 't', data: {} });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await dump(hearing.id)).toBe(before);
    });

    it('a nested transaction joins the outer one: both commit, or neither', async () => {
      const { hearing } = await fixture();
      const before = await dump(hearing.id);
      await expect(
        store.transaction(async () => {
          const inner = await store.transaction(async () => {
            await store.hearings.setState(hearing.id, 'open', 'u1');
            return 'inner';
          });
          expect(inner).toBe('inner');
          throw new Error('outer fails');
        }),
      ).rejects.toThrow('outer fails');
      expect(await dump(hearing.id)).toBe(before);
      expect(await store.transaction(() => store.transaction(() => store.hearings.setState(hearing.id, 'open', 'u2')).then(() => 7))).toBe(
        7,
      );
      expect((await store.hearings.get(hearing.id))?.state).toBe('open');
    });

    it('work from outside never sees what a transaction wrote and then rolled back', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const failed = store.transaction(async () => {
        await store.settings.set(`${u}-k`, 'uncommitted');
        await gate;
        throw new Error('rolled back');
      });
      const outside = store.settings.get(`${u}-k`);
      release();
      await expect(failed).rejects.toThrow('rolled back');
      expect(await outside).toBeUndefined();
      expect(await store.settings.get(`${u}-k`)).toBeUndefined();
    });
  });

  describe('participants', () => {
    it('round-trip, booleans, nulls and JSON included', async () => {
      const { defendant } = await fixture();
      const changed: ParticipantRecord = {
        ...defendant,
        forcedMuteAudio: true,
        screenAllowed: true,
        invitationId: 'inv-9',
        status: 'lobby',
        contact: { email: 'bi.cao@example.vn', phone: '+84 912 345 678' },
        room: 'consultation-3',
        languages: { from: 'vi', to: 'en' },
      };
      await store.participants.update(changed);
      expect(await store.participants.get(defendant.id)).toEqual(changed);
    });

    it('update() cannot move a participant to another hearing', async () => {
      const { defendant } = await fixture();
      const other = await fixture(2);
      await store.participants.update({ ...defendant, hearingId: other.hearing.id, status: 'admitted' });
      expect(await store.participants.get(defendant.id)).toEqual(defendant);
    });

    it('list by hearing, device and account in their orders; delete withdraws one', async () => {
      const { hearing, judge, defendant, siteId } = await fixture();
      await store.devices.insert(device(`${u}-d1`, siteId));
      const camera = {
        ...defendant,
        id: `${u}-cam`,
        role: 'device',
        deviceId: `${u}-d1`,
        accountId: `${u}-acc`,
        createdAt: judge.createdAt,
      } as const;
      await store.participants.insert(camera);
      const seat = { ...judge, id: `${u}-seat`, accountId: `${u}-acc`, createdAt: '2025-03-09T00:00:00.000Z' };
      await store.participants.insert(seat);
      // Equal creation times keep insertion order.
      expect((await store.participants.listByHearing(hearing.id)).map((p) => p.id)).toEqual([judge.id, camera.id, defendant.id, seat.id]);
      expect((await store.participants.listByDevice(`${u}-d1`)).map((p) => p.id)).toEqual([camera.id]);
      expect((await store.participants.listByAccount(`${u}-acc`)).map((p) => p.id)).toEqual([seat.id, camera.id]);
      await store.participants.delete(camera.id);
      expect(await store.participants.get(camera.id)).toBeUndefined();
      expect(await store.participants.listByDevice(`${u}-d1`)).toEqual([]);
    });

    it.each(['courtroom', 'witness', 'deliberation', 'consultation-1', 'consultation-9', 'consultation-10', 'consultation-20'])(
      'keep the room %s',
      async (room) => {
        const { defendant } = await fixture();
        await store.participants.update({ ...defendant, room: room as ParticipantRecord['room'] });
        expect((await store.participants.get(defendant.id))?.room).toBe(room);
      },
    );

    it.each(['consultation', 'consultation-0', 'consultation-21', 'consultation-1x', 'kitchen', 'Courtroom'])(
      'refuse the room %s',
      async (room) => {
        const { defendant } = await fixture();
        await expect(store.participants.update({ ...defendant, room: room as ParticipantRecord['room'] })).rejects.toThrow(
          /check constraint/i,
        );
        expect((await store.participants.get(defendant.id))?.room ?? null).toBeNull();
      },
    );

    it("keep each one's invitation bookkeeping (all null before any link)", async () => {
      const { defendant } = await fixture();
      const none: InvitationRecord = { issuedAt: null, expiresAt: null, openedAt: null, sentAt: null, sentTo: null, revokedAt: null };
      expect(await store.invitations.get(defendant.id)).toEqual(none);
      expect(await store.invitations.get(`${u}-nobody`)).toEqual(none);
      const r = { ...none, issuedAt: 'a', expiresAt: 'b', sentAt: 'c', sentTo: 'b***@example.vn' };
      await store.invitations.set(defendant.id, r);
      expect(await store.invitations.get(defendant.id)).toEqual(r);
    });
  });

  describe('cases, sites and hearings', () => {
    it('search() matches number or title, ignores ASCII case, and treats % and _ literally', async () => {
      const at = (s: number) => `2025-03-01T00:00:0${s}.000Z`;
      await store.cases.insert({ id: `${u}-a`, number: `${u}-50%_OFF`, title: 'Odd number', court: 'C', createdAt: at(1) });
      await store.cases.insert({
        id: `${u}-b`,
        number: `${u}-50xyOFF`,
        title: 'Vụ án dân sự',
        kind: 'civil',
        court: 'C',
        createdAt: at(2),
      });
      const found = async (q: string | undefined) => (await store.cases.search(q, 1000)).map((c) => c.id).filter((id) => id.startsWith(u));
      expect(await found(`${u}-50%`)).toEqual([`${u}-a`]);
      expect(await found('_OFF')).toEqual([`${u}-a`]);
      expect(await found(`${u}-50%_off`)).toEqual([`${u}-a`]);
      expect(await found('dân sự')).toEqual([`${u}-b`]);
      // Newest first.
      expect(await found(undefined)).toEqual([`${u}-b`, `${u}-a`]);
      expect(await store.cases.search(u, 1)).toHaveLength(1);
      expect(await store.cases.get(`${u}-a`)).toMatchObject({ kind: 'criminal', number: `${u}-50%_OFF` });
      await store.cases.update({
        id: `${u}-a`,
        number: `${u}-HS-2`,
        title: 'Renamed',
        kind: 'administrative',
        court: 'ignored',
        createdAt: 'ignored',
      });
      expect(await store.cases.get(`${u}-a`)).toEqual({
        id: `${u}-a`,
        number: `${u}-HS-2`,
        title: 'Renamed',
        kind: 'administrative',
        court: 'C',
        createdAt: at(1),
      });
    });

    it('sites list by name and update', async () => {
      await store.sites.insert({ id: `${u}-s2`, name: `${u} B`, kind: 'remote', relayOnly: true, createdAt: 't' });
      await store.sites.insert({ id: `${u}-s1`, name: `${u} A`, kind: 'courtroom', createdAt: 't' });
      const mine = async () => (await store.sites.list()).filter((s) => s.id.startsWith(u));
      expect(await mine()).toEqual([
        { id: `${u}-s1`, name: `${u} A`, kind: 'courtroom', relayOnly: false, createdAt: 't' },
        { id: `${u}-s2`, name: `${u} B`, kind: 'remote', relayOnly: true, createdAt: 't' },
      ]);
      await store.sites.update({ id: `${u}-s2`, name: `${u} 0`, kind: 'courtroom', relayOnly: false, createdAt: 'ignored' });
      expect((await mine()).map((s) => [s.id, s.kind, s.relayOnly])).toEqual([
        [`${u}-s2`, 'courtroom', false],
        [`${u}-s1`, 'courtroom', false],
      ]);
    });

    it('hearings: by case, by states, between two instants, state and edits', async () => {
      const { hearing, caseId } = await fixture();
      const later: HearingRecord = { ...hearing, id: `${u}-h-later`, scheduledAt: '2025-03-01T05:00:00.000Z' };
      await store.hearings.insert(later);
      expect((await store.hearings.listByCase(caseId)).map((h) => h.id)).toEqual([hearing.id, later.id]);

      await store.hearings.setState(later.id, 'in_session', 'u1', 'opening');
      expect(await store.hearings.get(later.id)).toEqual({ ...later, state: 'in_session', stage: 'opening', updatedAt: 'u1' });
      await store.hearings.setState(later.id, 'adjourned', 'u2', null, 'ended');
      expect(await store.hearings.get(later.id)).toMatchObject({ state: 'adjourned', stage: null, outcome: 'ended' });

      const mine = (hs: HearingRecord[]) => hs.map((h) => h.id).filter((id) => id.startsWith(u));
      expect(mine(await store.hearings.listByStates(['scheduled', 'adjourned']))).toEqual([hearing.id, later.id]);
      expect(mine(await store.hearings.listByStates(['adjourned']))).toEqual([later.id]);
      expect(await store.hearings.listByStates([])).toEqual([]);

      // From inclusive, to exclusive.
      expect(mine(await store.hearings.listBetween('2025-03-01T02:00:00.000Z', '2025-03-01T05:00:00.000Z'))).toEqual([hearing.id]);
      await store.hearings.update({
        ...hearing,
        title: 'Moved',
        scheduledAt: '2025-03-01T06:00:00.000Z',
        courtroomSiteId: null,
        updatedAt: 'u3',
        state: 'open',
      });
      expect(await store.hearings.get(hearing.id)).toEqual({
        ...hearing,
        title: 'Moved',
        scheduledAt: '2025-03-01T06:00:00.000Z',
        courtroomSiteId: null,
        updatedAt: 'u3',
      });
      expect(mine(await store.hearings.listBetween('2025-03-01T00:00:00.000Z', '2025-03-02T00:00:00.000Z'))).toEqual([
        later.id,
        hearing.id,
      ]);
    });
  });

  const device = (id: string, siteId: string, createdAt = 't'): DeviceRecord => ({
    id,
    siteId,
    kind: 'camera',
    name: 'Cam',
    rtspUrl: 'rtsp://admin:***@10.0.0.1/s',
    rtspSealed: 'v1.sealed',
    tokenId: null,
    revokedAt: null,
    createdAt,
  });

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
