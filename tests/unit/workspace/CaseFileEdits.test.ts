import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../../../core/hearing/DeviceRegistry.js';
import { InvalidStateError, NotFoundError, PermissionDeniedError, ValidationError } from '../../../core/hearing/errors.js';
import { SecretBox } from '../../../server/secrets.js';
import { CLERK_ACCOUNT } from '../../support/domain.js';
import { makeWorkspace, type Workspace } from './workspaceDomain.js';

let w: Workspace;
beforeEach(async () => {
  w = await makeWorkspace();
});
afterEach(() => w.close());

const last = async (hearingId: string) => (await w.store.audit.list(hearingId)).at(-1);

describe('CaseFileEdits: the case', () => {
  it('updateCase() changes number, title and kind, and tells each hearing of the case what changed', async () => {
    const other = await w.otherHearing();
    const updated = await w.edits.updateCase(CLERK_ACCOUNT, w.kase.id, { number: 'DS-7/2025', kind: 'civil' });
    expect(updated).toMatchObject({ number: 'DS-7/2025', title: w.kase.title, kind: 'civil' });
    expect(await w.store.cases.get(w.kase.id)).toMatchObject({ number: 'DS-7/2025', kind: 'civil' });
    for (const h of [w.hearing, other.hearing]) {
      expect(await last(h.id)).toMatchObject({
        type: 'case.updated',
        actor: CLERK_ACCOUNT,
        data: { caseId: w.kase.id, changes: { number: { from: 'HS-001/2025', to: 'DS-7/2025' }, kind: { from: 'criminal', to: 'civil' } } },
      });
    }
  });

  it('updateCase() with what is already there changes nothing and writes nothing', async () => {
    const before = await w.dump();
    await w.edits.updateCase(CLERK_ACCOUNT, w.kase.id, { title: w.kase.title });
    expect(await w.dump()).toBe(before);
  });

  it('updateCase() of an unknown case is NotFound', async () => {
    await expect(w.edits.updateCase(CLERK_ACCOUNT, 'nope', { title: 'x' })).rejects.toThrow(NotFoundError);
  });
});

describe('CaseFileEdits: the hearing', () => {
  it('updateHearing() changes the title and time while scheduled, audited hearing.updated with what changed', async () => {
    const h = await w.edits.updateHearing(CLERK_ACCOUNT, w.hearing.id, {
      title: 'Phiên tòa sơ thẩm',
      scheduledAt: '2025-03-10T08:30:00+07:00',
    });
    expect(h).toMatchObject({ title: 'Phiên tòa sơ thẩm', scheduledAt: '2025-03-10T01:30:00.000Z', state: 'scheduled' });
    expect(await w.store.hearings.get(w.hearing.id)).toMatchObject({ title: 'Phiên tòa sơ thẩm', scheduledAt: '2025-03-10T01:30:00.000Z' });
    expect(await last(w.hearing.id)).toMatchObject({
      type: 'hearing.updated',
      data: {
        changes: {
          title: { from: 'First-instance hearing', to: 'Phiên tòa sơ thẩm' },
          scheduledAt: { from: w.hearing.scheduledAt, to: '2025-03-10T01:30:00.000Z' },
        },
      },
    });
  });

  it('updateHearing() is refused once the hearing has opened, and changes nothing', async () => {
    await w.seat();
    await w.bringTo('open');
    const before = await w.dump();
    await expect(w.edits.updateHearing(CLERK_ACCOUNT, w.hearing.id, { title: 'Too late' })).rejects.toThrow(InvalidStateError);
    expect(await w.dump()).toBe(before);
  });

  it('updateHearing() refuses a time already past and a courtroom that does not exist', async () => {
    const before = await w.dump();
    await expect(w.edits.updateHearing(CLERK_ACCOUNT, w.hearing.id, { scheduledAt: '2025-02-01T09:00:00Z' })).rejects.toThrow(
      ValidationError,
    );
    await expect(w.edits.updateHearing(CLERK_ACCOUNT, w.hearing.id, { courtroomSiteId: 'nope' })).rejects.toThrow(NotFoundError);
    expect(await w.dump()).toBe(before);
  });

  it("updateHearing() to another courtroom takes the old courtroom's devices out of the hearing", async () => {
    const devices = new DeviceRegistry(w.store, w.clock, SecretBox.withRandomKey());
    const room1 = await w.caseFile.createSite('Phòng xử án 1', 'courtroom');
    const room2 = await w.caseFile.createSite('Phòng xử án 2', 'courtroom');
    await devices.register({ siteId: room1.id, kind: 'display', name: 'TV' });
    const h = await w.caseFile.createHearing(CLERK_ACCOUNT, {
      caseId: w.kase.id,
      title: 'T',
      scheduledAt: '2025-03-10T09:00:00+07:00',
      courtroomSiteId: room1.id,
    });
    const [attached] = await devices.attachCourtroomDevices(CLERK_ACCOUNT, h);
    await w.edits.updateHearing(CLERK_ACCOUNT, h.id, { courtroomSiteId: room2.id });
    expect(await w.store.participants.get(attached!.id)).toBeUndefined();
    expect((await w.store.audit.list(h.id)).map((e) => e.type)).toEqual([
      'hearing.created',
      'device.attached',
      'hearing.updated',
      'participant.withdrawn',
    ]);
  });
});

describe('CaseFileEdits: the people', () => {
  it('updateParticipant() changes name, role, site and contact of someone who has not joined; the contact is masked in the log', async () => {
    const site = await w.caseFile.createSite('Trại tạm giam', 'detention');
    const p = await w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, {
      displayName: 'Nguyễn Văn A',
      siteId: site.id,
      contact: { email: 'nguyen.van.a@example.vn', phone: '+84 912 345 789' },
    });
    expect(await w.participant('witness')).toEqual(p);
    expect(p).toMatchObject({ displayName: 'Nguyễn Văn A', siteId: site.id, contact: { email: 'nguyen.van.a@example.vn' } });
    expect(await last(w.hearing.id)).toMatchObject({
      type: 'participant.updated',
      data: {
        participantId: p.id,
        invitationCleared: false,
        changes: {
          displayName: { from: 'The witness', to: 'Nguyễn Văn A' },
          contact: { from: null, to: { email: 'n***@example.vn', phone: '*** *** 789' } },
        },
      },
    });
    expect(JSON.stringify(await w.store.audit.list(w.hearing.id))).not.toContain('nguyen.van.a@');
  });

  it('updateParticipant() to another role ends their current link (the link names the role)', async () => {
    await w.caseFile.issueInvitation(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, 3600);
    const p = await w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, { role: 'expert' });
    expect(p).toMatchObject({ role: 'expert', invitationId: null });
    expect(await last(w.hearing.id)).toMatchObject({
      data: { invitationCleared: true, changes: { role: { from: 'witness', to: 'expert' } } },
    });
  });

  it('updateParticipant() is refused once the person has joined', async () => {
    await w.service.join(w.ref('witness'));
    const before = await w.dump();
    await expect(w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, { displayName: 'x' })).rejects.toThrow(
      InvalidStateError,
    );
    expect(await w.dump()).toBe(before);
  });

  it("updateParticipant() never changes the presiding judge's role (its account binding), but may rename the seat", async () => {
    await expect(w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, w.people.judge.id, { role: 'panel_judge' })).rejects.toThrow(
      PermissionDeniedError,
    );
    const judge = await w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, w.people.judge.id, { displayName: 'Thẩm phán Trần B' });
    expect(judge).toMatchObject({ role: 'judge', displayName: 'Thẩm phán Trần B', accountId: w.people.judge.accountId });
  });

  it('updateParticipant() never makes an invited seat a bench seat, nor a bench seat an invited one', async () => {
    const before = await w.dump();
    for (const role of ['clerk', 'panel_judge'] as const) {
      await expect(w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, { role })).rejects.toThrow(
        PermissionDeniedError,
      );
    }
    await expect(w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, w.people.clerk.id, { role: 'witness' })).rejects.toThrow(
      PermissionDeniedError,
    );
    expect(await w.dump()).toBe(before);
  });

  it('withdrawParticipant() takes off someone who never joined; the log keeps who they were', async () => {
    await w.edits.withdrawParticipant(CLERK_ACCOUNT, w.hearing.id, w.people.observer.id);
    expect(await w.store.participants.get(w.people.observer.id)).toBeUndefined();
    expect(await last(w.hearing.id)).toMatchObject({
      type: 'participant.withdrawn',
      data: { participantId: w.people.observer.id, displayName: 'The observer', role: 'observer' },
    });
  });

  it('withdrawParticipant() is refused for someone who joined, and once the hearing has opened', async () => {
    await w.seat('defendant');
    const before = await w.dump();
    await expect(w.edits.withdrawParticipant(CLERK_ACCOUNT, w.hearing.id, w.people.defendant.id)).rejects.toThrow(InvalidStateError);
    await w.bringTo('in_session');
    const during = await w.dump();
    await expect(w.edits.withdrawParticipant(CLERK_ACCOUNT, w.hearing.id, w.people.observer.id)).rejects.toThrow(InvalidStateError);
    expect(await w.dump()).toBe(during);
    expect(before).not.toBe(during);
  });
});
