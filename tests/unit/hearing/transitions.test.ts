import { describe, expect, it } from 'vitest';
import { DomainError, InvalidStateError } from '../../../core/hearing/errors.js';
import { canTransition, legalActions, nextState } from '../../../core/hearing/transitions.js';
import { HEARING_STATES, TRANSITIONS, type HearingState, type TransitionAction } from '../../../core/protocol/model.js';

// The whole state machine, written out by hand: state × action → the state it leads to, or null
// where the move is illegal. Every cell is checked against transitions.ts.
const EXPECTED: Record<HearingState, Record<TransitionAction, HearingState | null>> = {
  scheduled: { open: 'open', start: null, recess: null, resume: null, adjourn: null },
  open: { open: null, start: 'in_session', recess: null, resume: null, adjourn: 'adjourned' },
  in_session: { open: null, start: null, recess: 'recess', resume: null, adjourn: 'adjourned' },
  recess: { open: null, start: null, recess: null, resume: 'in_session', adjourn: 'adjourned' },
  adjourned: { open: null, start: null, recess: null, resume: null, adjourn: null },
};

const cells = HEARING_STATES.flatMap((from) => TRANSITIONS.map((action) => ({ from, action, to: EXPECTED[from][action] })));
const legal = cells.filter((c) => c.to !== null);
const illegal = cells.filter((c) => c.to === null);

describe('hearing state machine (transitions.ts)', () => {
  it('the expected table covers every state and every action of the protocol', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...HEARING_STATES].sort());
    for (const state of HEARING_STATES) expect(Object.keys(EXPECTED[state]).sort()).toEqual([...TRANSITIONS].sort());
    expect(cells).toHaveLength(HEARING_STATES.length * TRANSITIONS.length);
    expect(legal).toHaveLength(7);
    expect(illegal).toHaveLength(18);
  });

  it.each(legal)('nextState($from, $action) leads to $to', ({ from, action, to }) => {
    expect(canTransition(from, action)).toBe(true);
    expect(nextState(from, action)).toBe(to);
  });

  it.each(illegal)('nextState($from, $action) is refused with invalid_state', ({ from, action }) => {
    expect(canTransition(from, action)).toBe(false);
    let thrown: unknown;
    try {
      nextState(from, action);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidStateError);
    expect((thrown as DomainError).code).toBe('invalid_state');
    expect((thrown as Error).message).toContain(action);
    expect((thrown as Error).message).toContain(from);
  });

  it.each(HEARING_STATES)('legalActions(%s) lists exactly the legal cells of its row', (state) => {
    const expected = TRANSITIONS.filter((a) => EXPECTED[state][a] !== null);
    expect([...legalActions(state)].sort()).toEqual([...expected].sort());
  });

  it('adjourned is final: no action leaves it', () => {
    expect(legalActions('adjourned')).toEqual([]);
  });

  it('every state but scheduled can be reached from scheduled', () => {
    const reached = new Set<HearingState>(['scheduled']);
    let frontier: HearingState[] = ['scheduled'];
    while (frontier.length > 0) {
      frontier = frontier.flatMap((s) => legalActions(s).map((a) => nextState(s, a))).filter((s) => !reached.has(s));
      frontier.forEach((s) => reached.add(s));
    }
    expect([...reached].sort()).toEqual([...HEARING_STATES].sort());
  });
});
