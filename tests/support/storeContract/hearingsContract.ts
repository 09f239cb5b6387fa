// The store contract's case file: participants (round-trips, invitations) and cases, sites and
// hearings (search, listings and their order).
import { beforeEach, describe, expect, it } from 'vitest';
import type { HearingRecord, InvitationRecord, ParticipantRecord } from '../../../core/hearing/types.js';
import type { SqlStore } from '../../../server/store/SqlStore.js';
import { device, type StoreContext } from './context.js';

export function hearingsContract(t: StoreContext): void {
  let store: SqlStore;
  let u: string;
  // storeContract's own beforeEach, declared first, has opened this test's store by now.
  beforeEach(() => {
    ({ store, u } = t);
  });
  const { fixture } = t;

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
}
