// An interpreter's language pair (core/protocol/interpretation.ts): set by the clerk when adding or
// correcting an interpreter, stored with the participant, audited, shown in their ParticipantView;
// refused for anyone else, and dropped when an interpreter becomes another role.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/hearing/errors.js';
import { participantView } from '../../../core/hearing/views.js';
import { CLERK_ACCOUNT } from '../../support/domain.js';
import { makeWorkspace, type Workspace } from './workspaceDomain.js';

let w: Workspace;
beforeEach(() => {
  w = makeWorkspace();
});
afterEach(() => w.close());

const last = (hearingId: string) => w.store.audit.list(hearingId).at(-1);
const viewOf = (id: string) => participantView(w.store, w.store.participants.get(id)!, false);

describe('CaseFile.addParticipant(): an interpreter with a language pair', () => {
  it('stores the pair, audits it with the invitation, and shows it as `interprets`', () => {
    const p = w.caseFile.addParticipant(CLERK_ACCOUNT, w.hearing.id, {
      displayName: 'Phiên dịch Đỗ Thị Hoa',
      role: 'interpreter',
      languages: { from: 'vi', to: 'km' },
    });
    expect(w.store.participants.get(p.id)?.languages).toEqual({ from: 'vi', to: 'km' });
    expect(viewOf(p.id).interprets).toEqual({ from: 'vi', to: 'km' });
    expect(last(w.hearing.id)).toMatchObject({
      type: 'participant.invited',
      data: { participantId: p.id, languages: { from: 'vi', to: 'km' } },
    });
  });

  it('an interpreter without one interprets nothing yet; nobody else ever does', () => {
    expect(viewOf(w.people.interpreter.id).interprets).toBeNull();
    expect(viewOf(w.people.defendant.id).interprets).toBeNull();
  });

  it('refuses a pair for anyone but an interpreter, and adds nobody', () => {
    const before = w.dump();
    expect(() =>
      w.caseFile.addParticipant(CLERK_ACCOUNT, w.hearing.id, {
        displayName: 'Bị cáo',
        role: 'defendant',
        languages: { from: 'vi', to: 'en' },
      }),
    ).toThrow(ValidationError);
    expect(w.dump()).toBe(before);
  });
});

describe('CaseFileEdits.updateParticipant(): the pair', () => {
  it('sets and changes an interpreter’s pair, audited participant.updated', () => {
    const id = w.people.interpreter.id;
    w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, id, { languages: { from: 'vi', to: 'en' } });
    expect(viewOf(id).interprets).toEqual({ from: 'vi', to: 'en' });
    w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, id, { languages: { from: 'vi', to: 'zh' } });
    expect(w.store.participants.get(id)?.languages).toEqual({ from: 'vi', to: 'zh' });
    expect(last(w.hearing.id)).toMatchObject({
      type: 'participant.updated',
      data: { participantId: id, changes: { languages: { from: { from: 'vi', to: 'en' }, to: { from: 'vi', to: 'zh' } } } },
    });
  });

  it('refuses a pair for another role and changes nothing', () => {
    const before = w.dump();
    expect(() =>
      w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, w.people.witness.id, { languages: { from: 'vi', to: 'en' } }),
    ).toThrow(ValidationError);
    expect(w.dump()).toBe(before);
  });

  it('drops the pair when an interpreter becomes another role', () => {
    const id = w.people.interpreter.id;
    w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, id, { languages: { from: 'vi', to: 'en' } });
    w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, id, { role: 'witness' });
    expect(w.store.participants.get(id)?.languages).toBeNull();
    expect(viewOf(id).interprets).toBeNull();
  });
});

describe('CaseFile.reschedule(): the pair', () => {
  it('goes with the interpreter to the hearing held again', async () => {
    w.edits.updateParticipant(CLERK_ACCOUNT, w.hearing.id, w.people.interpreter.id, { languages: { from: 'vi', to: 'en' } });
    await w.seat('defendant');
    await w.bringTo('open');
    await w.service.transition(w.ref('judge'), 'postpone', 'Người phiên dịch vắng mặt');
    const { hearing, participants } = w.caseFile.reschedule(CLERK_ACCOUNT, w.hearing.id, '2099-04-01T08:00:00+07:00');
    const again = participants.find((p) => p.role === 'interpreter');
    expect(again?.languages).toEqual({ from: 'vi', to: 'en' });
    expect(w.store.audit.list(hearing.id)).toContainEqual(
      expect.objectContaining({ type: 'participant.invited', data: expect.objectContaining({ languages: { from: 'vi', to: 'en' } }) }),
    );
  });
});
