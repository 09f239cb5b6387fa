// An interpreter's language pair (core/protocol/interpretation.ts): set by the clerk when adding or
// correcting an interpreter, stored with the participant, audited, shown in their ParticipantView;
// refused for anyone else, and dropped when an interpreter becomes another role.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/hearing/errors.js';
import { participantView } from '../../../core/hearing/views.js';
import { CLERK_ACCOUNT } from '../../support/domain.js';
import { makeWorkspace, type Workspace } from './workspaceDomain.js';

let w: Workspace;
beforeEach(async () => {
  w = await makeWorkspace();
});
afterEach(() => w.close());

const last = async (hearingId: string) => (await w.store.audit.list(hearingId)).at(-1);
const viewOf = async (id: string) => participantView(w.store, (await w.store.participants.get(id))!, false);
const languagesOf = async (id: string) => (await w.store.participants.get(id))?.languages;

describe('CaseFile.addParticipant(): an interpreter with a language pair', () => {
  it('stores the pair, audits it with the invitation, and shows it as `interprets`', async () => {
    const p = await w.caseFile.addParticipant(CLERK_ACCOUNT, w.hearing.id, {
      displayName: 'Phiên dịch Đỗ Thị Hoa',
      role: 'interpreter',
      languages: { from: 'vi', to: 'km' },
    });
    expect(await languagesOf(p.id)).toEqual({ from: 'vi', to: 'km' });
    expect((await viewOf(p.id)).interprets).toEqual({ from: 'vi', to: 'km' });
    expect(await last(w.hearing.id)).toMatchObject({
      type: 'participant.invited',
      data: { participantId: p.id, languages: { from: 'vi', to: 'km' } },
    });
  });

  it('an interpreter without one interprets nothing yet; nobody else ever does', async () => {
    expect((await viewOf(w.people.interpreter.id)).interprets).toBeNull();
    expect((await viewOf(w.people.defendant.id)).interprets).toBeNull();
  });

  it('refuses a pair for anyone but an interpreter, and adds nobody', async () => {
    const before = await w.dump();
    await expect(
      w.caseFile.addParticipant(CLERK_ACCOUNT, w.hearing.id, {
        displayName: 'Bị cáo',
        role: 'defendant',
        languages: { from: 'vi', to: 'en' },
      }),
    ).rejects.toThrow(ValidationError);
    expect(await w.dump()).toBe(before);
  });
});

describe('CaseFileEdits.updateParticipant(): the pair', () => {
  it('sets and changes an interpreter’s pair, audited participant.updated', async () => {
    const id = w.people.interpreter.id;
    await w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, id, { languages: { from: 'vi', to: 'en' } });
    expect((await viewOf(id)).interprets).toEqual({ from: 'vi', to: 'en' });
    await w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, id, { languages: { from: 'vi', to: 'zh' } });
    expect(await languagesOf(id)).toEqual({ from: 'vi', to: 'zh' });
    expect(await last(w.hearing.id)).toMatchObject({
      type: 'participant.updated',
      data: { participantId: id, changes: { languages: { from: { from: 'vi', to: 'en' }, to: { from: 'vi', to: 'zh' } } } },
    });
  });

  it('refuses a pair for another role and changes nothing', async () => {
    const before = await w.dump();
    await expect(
      w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, { languages: { from: 'vi', to: 'en' } }),
    ).rejects.toThrow(ValidationError);
    expect(await w.dump()).toBe(before);
  });

  it('drops the pair when an interpreter becomes another role', async () => {
    const id = w.people.interpreter.id;
    await w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, id, { languages: { from: 'vi', to: 'en' } });
    await w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, id, { role: 'witness' });
    expect(await languagesOf(id)).toBeNull();
    expect((await viewOf(id)).interprets).toBeNull();
  });
});

describe('CaseFile.reschedule(): the pair', () => {
  it('goes with the interpreter to the hearing held again', async () => {
    await w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, w.people.interpreter.id, { languages: { from: 'vi', to: 'en' } });
    await w.seat('defendant');
    await w.bringTo('open');
    await w.service.transition(w.ref('judge'), 'postpone', 'Người phiên dịch vắng mặt');
    const { hearing, participants } = await w.caseFile.reschedule(CLERK_ACCOUNT, w.hearing.id, '2099-04-01T08:00:00+07:00');
    const again = participants.find((p) => p.role === 'interpreter');
    expect(again?.languages).toEqual({ from: 'vi', to: 'en' });
    expect(await w.store.audit.list(hearing.id)).toContainEqual(
      expect.objectContaining({ type: 'participant.invited', data: expect.objectContaining({ languages: { from: 'vi', to: 'en' } }) }),
    );
  });
});
