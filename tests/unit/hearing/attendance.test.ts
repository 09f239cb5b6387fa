// Attendance (điểm danh) and identity checks: HearingService.markAttendance / attestIdentity /
// siteHearings with the real SqliteStore(':memory:') (media faked by FakeMediaRoomPort), the
// masking of identity numbers, and the minutes' attendance list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainError } from '../../../core/hearing/errors.js';
import type { IdentityProvider, IdentitySubject } from '../../../core/hearing/ports.js';
import { IdDocument, maskIdNumber } from '../../../core/protocol/attendance.js';
import { HEARING_STATES, PERSON_ROLES, type HearingState, type PersonRole } from '../../../core/protocol/model.js';
import { makeDomain, type Domain } from '../../support/domain.js';
import { minutesOf } from '../../support/minutes.js';

const CCCD = { kind: 'cccd', number: '001203004567' } as const;
const OTHER_CCCD = { kind: 'cccd', number: '079088001234' } as const;

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
});
afterEach(() => d.close());

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    return (error as DomainError).code;
  }
  throw new Error('expected the command to be refused');
}

/** A detention facility with a site officer account bound to it; the defendant appears from there. */
async function detentionSite(name = 'Trại tạm giam Chí Hòa') {
  const siteId = `site-${name.length}-${Math.random().toString(36).slice(2, 8)}`;
  await d.store.sites.insert({ id: siteId, name, kind: 'detention', createdAt: '2025-03-01T00:00:00.000Z' });
  const accountId = `acc-${siteId}`;
  await d.store.accounts.insert({
    id: accountId,
    username: `officer.${siteId}`,
    displayName: 'Cán bộ Nguyễn Văn An',
    role: 'site_officer',
    passwordHash: 'unused',
    createdAt: '2025-03-01T00:00:00.000Z',
    siteId,
  });
  return { siteId, officer: { accountId, username: `officer.${siteId}` } };
}

async function placeAt(role: PersonRole, siteId: string): Promise<void> {
  await d.store.participants.update({ ...(await d.participant(role)), siteId });
}

const ALLOWED_STATES: readonly HearingState[] = ['open', 'in_session', 'recess', 'deliberation'];
const MARKERS: readonly PersonRole[] = ['judge', 'clerk'];

describe('attendance.mark: who may call, and when', () => {
  const cells = PERSON_ROLES.flatMap((role) => HEARING_STATES.map((state) => ({ role, state })));
  const expected = (role: PersonRole, state: HearingState) =>
    !MARKERS.includes(role) ? 'forbidden' : ALLOWED_STATES.includes(state) ? 'ok' : 'invalid_state';

  it.each(cells)('the $role in a hearing $state', async ({ role, state }) => {
    await d.seat('clerk', ...(role === 'witness' ? [] : [role]));
    await d.bringTo(state);
    const before = await d.dump();
    const mark = d.service.markAttendance(d.ref(role), { participantId: d.people.witness.id, status: 'absent', reason: 'Ốm, có giấy' });
    const want = expected(role, state);
    if (want === 'ok') {
      const view = await mark;
      expect(view).toMatchObject({ participantId: d.people.witness.id, status: 'absent', reason: 'Ốm, có giấy', markedBy: role });
      expect((await d.auditTypes()).at(-1)).toBe('attendance.marked');
    } else {
      expect(await codeOf(mark)).toBe(want);
      expect(await d.dump()).toBe(before);
    }
  });
});

describe('attendance.mark: what is refused', () => {
  beforeEach(async () => {
    await d.seat('clerk');
    await d.bringTo('open');
  });

  it.each([undefined, '', '   '])('absent without a reason (%j) is refused and changes nothing', async (reason) => {
    const before = await d.dump();
    const mark = d.service.markAttendance(d.ref('clerk'), { participantId: d.people.witness.id, status: 'absent', reason });
    expect(await codeOf(mark)).toBe('invalid_input');
    expect(await d.dump()).toBe(before);
  });

  it.each(['judge', 'panel_judge', 'assessor', 'clerk', 'observer'] as const)('the %s is not called (not summoned)', async (role) => {
    expect(await codeOf(d.service.markAttendance(d.ref('clerk'), { participantId: d.people[role].id, status: 'present' }))).toBe(
      'invalid_input',
    );
  });

  it('a participant of another hearing is not found', async () => {
    const other = await d.otherHearing();
    expect(await codeOf(d.service.markAttendance(d.ref('clerk'), { participantId: other.defendant.id, status: 'present' }))).toBe(
      'not_found',
    );
  });

  it('an identity number that is no such document is refused at the boundary', () => {
    expect(IdDocument.safeParse({ kind: 'cccd', number: '12345678901' }).success).toBe(false);
    expect(IdDocument.safeParse({ kind: 'cmnd', number: '123456789' }).success).toBe(true);
    expect(IdDocument.safeParse({ kind: 'passport', number: 'c1234567' }).data).toEqual({ kind: 'passport', number: 'C1234567' });
    expect(IdDocument.safeParse({ kind: 'cccd', number: '001 203 004 567' }).data).toEqual(CCCD);
  });
});

describe('attendance: the views, the record and the bench', () => {
  beforeEach(async () => {
    await d.seat('clerk', 'defendant');
    await d.bringTo('open');
    d.clear();
  });

  it('shows the identity number masked everywhere but the store', async () => {
    const view = await d.service.markAttendance(d.ref('clerk'), {
      participantId: d.people.defendant.id,
      status: 'present',
      idDocument: CCCD,
    });
    expect(view.idDocument).toEqual({ kind: 'cccd', number: '***4567' });
    expect(view.idChecked).toBe(true);
    const told = d.notifications.filter((n) => n.notification.type === 'attendance.updated');
    expect(told).toHaveLength(1);
    expect(told[0]!.audience).toBe('bench');
    expect(JSON.stringify(told)).not.toContain(CCCD.number);
    const audit = (await d.store.audit.list(d.hearing.id)).at(-1)!;
    expect(audit.type).toBe('attendance.marked');
    expect(audit.data).toMatchObject({
      participantId: d.people.defendant.id,
      status: 'present',
      idDocument: { kind: 'cccd', number: '***4567' },
    });
    expect(JSON.stringify(await d.store.audit.list(d.hearing.id))).not.toContain(CCCD.number);
    expect((await d.store.attendance.get(d.people.defendant.id))?.idDocument).toEqual(CCCD);
  });

  it('masks the last four digits, three of a short number', () => {
    expect(maskIdNumber('001203004567')).toBe('***4567');
    expect(maskIdNumber('B1234567')).toBe('***567');
  });

  it("gives the bench's join snapshot every summoned participant, and the parties none", async () => {
    await d.service.markAttendance(d.ref('clerk'), { participantId: d.people.witness.id, status: 'absent', reason: 'Ốm' });
    const bench = await d.service.join(d.ref('judge'));
    const roles = bench.attendance?.map((a) => a.role);
    expect(roles).toContain('defendant');
    expect(roles).toContain('witness');
    expect(roles).not.toContain('clerk');
    expect(roles).not.toContain('observer');
    expect(bench.attendance?.find((a) => a.role === 'witness')).toMatchObject({ status: 'absent', reason: 'Ốm' });
    const party = await d.service.join(d.ref('defendant'));
    expect(party.attendance).toBeUndefined();
  });

  it('a late arrival is marked present in session, after being marked absent', async () => {
    await d.service.markAttendance(d.ref('clerk'), { participantId: d.people.witness.id, status: 'absent', reason: 'Chưa đến' });
    await d.service.transition(d.ref('judge'), 'start');
    const view = await d.service.markAttendance(d.ref('clerk'), {
      participantId: d.people.witness.id,
      status: 'present',
      reason: 'Đến muộn',
    });
    expect(view).toMatchObject({ status: 'present', reason: 'Đến muộn', idChecked: false, idDocument: null });
  });
});

describe('site officer attestation', () => {
  it('attests a participant at its site: the bench is told, the clerk confirms the document after', async () => {
    const { siteId, officer } = await detentionSite();
    await placeAt('defendant', siteId);
    await d.seat('clerk');
    d.clear();
    const view = await d.service.attestIdentity(officer, d.hearing.id, d.people.defendant.id, { idDocument: CCCD, note: 'Đối chiếu CCCD' });
    expect(view.attestation).toMatchObject({
      officer: 'Cán bộ Nguyễn Văn An',
      site: 'Trại tạm giam Chí Hòa',
      idDocument: { number: '***4567' },
    });
    expect(d.notifications.map((n) => n.notification.type)).toEqual(['attendance.updated']);
    const event = (await d.store.audit.list(d.hearing.id)).at(-1)!;
    expect(event).toMatchObject({ type: 'identity.attested', actor: { kind: 'account', accountId: officer.accountId } });

    await d.bringTo('open');
    const confirmed = await d.service.markAttendance(d.ref('clerk'), { participantId: d.people.defendant.id, status: 'present' });
    expect(confirmed).toMatchObject({ status: 'present', idChecked: true, idDocument: { kind: 'cccd', number: '***4567' } });
    expect(confirmed.attestation?.officer).toBe('Cán bộ Nguyễn Văn An');
  });

  it('refuses a participant at another site (forbidden) and changes nothing', async () => {
    const { officer } = await detentionSite();
    const elsewhere = await detentionSite('Điểm cầu UBND xã');
    await placeAt('defendant', elsewhere.siteId);
    const before = await d.dump();
    expect(await codeOf(d.service.attestIdentity(officer, d.hearing.id, d.people.defendant.id, { idDocument: CCCD }))).toBe('forbidden');
    expect(await codeOf(d.service.attestIdentity(officer, d.hearing.id, d.people.witness.id, { idDocument: CCCD }))).toBe('forbidden');
    expect(await d.dump()).toBe(before);
  });

  it('refuses an account that is no site officer, and an ended hearing', async () => {
    const { siteId, officer } = await detentionSite();
    await placeAt('defendant', siteId);
    const clerk = { accountId: 'acc-judge', username: 'fixture.judge' };
    expect(await codeOf(d.service.attestIdentity(clerk, d.hearing.id, d.people.defendant.id, { idDocument: CCCD }))).toBe('forbidden');
    await d.seat();
    await d.bringTo('adjourned');
    expect(await codeOf(d.service.attestIdentity(officer, d.hearing.id, d.people.defendant.id, { idDocument: CCCD }))).toBe(
      'invalid_state',
    );
  });

  it("lists the officer's hearings of today and later with only the participants at its site", async () => {
    const { siteId, officer } = await detentionSite();
    await placeAt('defendant', siteId);
    const hearings = await d.service.siteHearings(officer);
    expect(hearings).toHaveLength(1);
    expect(hearings[0]!.participants.map((p) => p.participantId)).toEqual([d.people.defendant.id]);
    expect(hearings[0]!.site.id).toBe(siteId);
  });
});

describe('the identity provider port', () => {
  /** A fake national eID (nothing real can run here): knows one document, for one name. */
  class FakeEid implements IdentityProvider {
    readonly name = 'fake-eid';
    readonly asked: IdentitySubject[] = [];
    verify(subject: IdentitySubject) {
      this.asked.push(subject);
      return Promise.resolve({ checked: true as const, matches: subject.idDocument.number === CCCD.number });
    }
  }

  it('is asked at a mark with a document; a match is shown and audited by name, a mismatch flagged', async () => {
    await d.close();
    const eid = new FakeEid();
    d = await makeDomain({ identity: eid });
    await d.seat('clerk');
    await d.bringTo('open');
    const ok = await d.service.markAttendance(d.ref('clerk'), {
      participantId: d.people.defendant.id,
      status: 'present',
      idDocument: CCCD,
    });
    expect(ok.verifiedBy).toBe('fake-eid');
    expect(eid.asked[0]).toMatchObject({ displayName: 'The defendant', role: 'defendant' });
    const wrong = await d.service.markAttendance(d.ref('clerk'), {
      participantId: d.people.victim.id,
      status: 'present',
      idDocument: OTHER_CCCD,
    });
    expect(wrong.verifiedBy).toBeNull();
    expect((await d.store.audit.list(d.hearing.id)).at(-1)?.data).toMatchObject({ verifyMismatch: true });
  });
});

describe('the minutes', () => {
  it('list the calls and the attestations, numbers masked', async () => {
    const { siteId, officer } = await detentionSite();
    await placeAt('defendant', siteId);
    await d.seat('clerk');
    await d.service.attestIdentity(officer, d.hearing.id, d.people.defendant.id, { idDocument: CCCD });
    await d.bringTo('open');
    await d.service.markAttendance(d.ref('clerk'), { participantId: d.people.defendant.id, status: 'present' });
    await d.service.markAttendance(d.ref('clerk'), {
      participantId: d.people.witness.id,
      status: 'absent',
      reason: 'Ốm, có giấy nhập viện',
    });
    const html = await minutesOf(d);
    expect(html).toContain('Điểm danh, xác minh nhân thân');
    expect(html).toMatch(/The witness[^]*Vắng mặt<span class="en">Absent[^]*Ốm, có giấy nhập viện/);
    expect(html).toMatch(/Cán bộ điểm cầu xác nhận nhân thân[^]*Trại tạm giam Chí Hòa/);
    expect(html).toContain('***4567');
    expect(html).not.toContain(CCCD.number);
  });
});
