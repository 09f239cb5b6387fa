// How the client keeps the end of a hearing: a postponement (hoãn) is read out with its reason, which
// stays for the end screen; a hearing closed after the judgment has none.
import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, applyNotification, type SessionState } from '../../../client/src/core/sessionState.js';
import type { HearingView } from '../../../client/src/core/protocol.js';

const hearing: HearingView = {
  id: 'h1',
  caseId: 'c1',
  caseNumber: 'HS-001/2025',
  caseTitle: 'Vụ án',
  title: 'Phiên tòa',
  court: 'Tòa án nhân dân',
  scheduledAt: '2026-01-01T02:00:00Z',
  state: 'in_session',
  stage: 'opening',
  outcome: null,
  courtroom: null,
};
const inHearing: SessionState = { ...INITIAL_STATE, phase: 'in_hearing', hearing };
const AT = '2026-01-01T02:30:00Z';

describe('hearing.state to adjourned', () => {
  it('a postponement ends the session with its reason, kept when hearing.ended follows', () => {
    let s = applyNotification(inHearing, {
      type: 'hearing.state',
      state: 'adjourned',
      stage: null,
      outcome: 'postponed',
      action: 'postpone',
      at: AT,
      reason: 'Người bào chữa vắng mặt',
    });
    s = applyNotification(s, { type: 'hearing.ended', at: AT });
    expect(s.phase).toBe('ended');
    expect(s.hearing).toMatchObject({ state: 'adjourned', outcome: 'postponed' });
    expect(s.reason).toBe('Người bào chữa vắng mặt');
  });

  it('closing the hearing after the judgment ends it without a reason', () => {
    const s = applyNotification(
      { ...inHearing, hearing: { ...hearing, stage: 'pronouncement' } },
      { type: 'hearing.state', state: 'adjourned', stage: null, outcome: 'concluded', action: 'adjourn', at: AT },
    );
    expect(s).toMatchObject({ phase: 'ended', reason: null, hearing: { outcome: 'concluded' } });
  });

  it('a suspension keeps the session going (its reason is not an ending)', () => {
    const s = applyNotification(inHearing, {
      type: 'hearing.state',
      state: 'recess',
      stage: 'opening',
      outcome: null,
      action: 'recess',
      at: AT,
      reason: 'Nghỉ giải lao',
    });
    expect(s).toMatchObject({ phase: 'in_hearing', reason: null, hearing: { state: 'recess', stage: 'opening' } });
  });
});
