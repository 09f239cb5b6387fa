import { describe, expect, it } from 'vitest';
import { DomainError, InvalidStateError, ValidationError } from '../../../core/hearing/errors.js';
import { canTransition, legalActions, nextState } from '../../../core/hearing/transitions.js';
import { TRANSITIONS, type TransitionAction } from '../../../core/protocol/model.js';
import type { ProcedurePoint } from '../../../core/protocol/procedure.js';

// The whole procedure, written out by hand: every point a hearing can be at × every action → where
// it leads ('state' or 'state/stage', '+outcome' once ended), or nothing where the move is illegal.
// Every cell is checked against transitions.ts (which reads core/protocol/procedure.ts).
const POINTS = {
  scheduled: { state: 'scheduled', stage: null },
  open: { state: 'open', stage: null },
  'in_session/opening': { state: 'in_session', stage: 'opening' },
  'in_session/examination': { state: 'in_session', stage: 'examination' },
  'in_session/arguments': { state: 'in_session', stage: 'arguments' },
  'in_session/pronouncement': { state: 'in_session', stage: 'pronouncement' },
  'recess/opening': { state: 'recess', stage: 'opening' },
  'recess/examination': { state: 'recess', stage: 'examination' },
  'recess/arguments': { state: 'recess', stage: 'arguments' },
  'recess/pronouncement': { state: 'recess', stage: 'pronouncement' },
  'deliberation/arguments': { state: 'deliberation', stage: 'arguments' },
  adjourned: { state: 'adjourned', stage: null },
} as const satisfies Record<string, ProcedurePoint>;
type Point = keyof typeof POINTS;

const EXPECTED: Record<Point, Partial<Record<TransitionAction, string>>> = {
  scheduled: { open: 'open' },
  open: { start: 'in_session/opening', adjourn: 'adjourned+ended', postpone: 'adjourned+postponed' },
  'in_session/opening': {
    examine: 'in_session/examination',
    recess: 'recess/opening',
    adjourn: 'adjourned+ended',
    postpone: 'adjourned+postponed',
  },
  'in_session/examination': { argue: 'in_session/arguments', recess: 'recess/examination', adjourn: 'adjourned+ended' },
  'in_session/arguments': {
    examine: 'in_session/examination',
    deliberate: 'deliberation/arguments',
    recess: 'recess/arguments',
    adjourn: 'adjourned+ended',
  },
  'in_session/pronouncement': { recess: 'recess/pronouncement', adjourn: 'adjourned+concluded' },
  'recess/opening': { resume: 'in_session/opening', adjourn: 'adjourned+ended', postpone: 'adjourned+postponed' },
  'recess/examination': { resume: 'in_session/examination', adjourn: 'adjourned+ended' },
  'recess/arguments': { resume: 'in_session/arguments', adjourn: 'adjourned+ended' },
  'recess/pronouncement': { resume: 'in_session/pronouncement', adjourn: 'adjourned+ended' },
  'deliberation/arguments': { examine: 'in_session/examination', pronounce: 'in_session/pronouncement', adjourn: 'adjourned+ended' },
  adjourned: {},
};

const show = (p: ProcedurePoint & { outcome: string | null }) =>
  p.outcome ? `${p.state}+${p.outcome}` : p.stage ? `${p.state}/${p.stage}` : p.state;
const WITH_REASON: readonly TransitionAction[] = ['recess', 'postpone'];

const cells = (Object.keys(POINTS) as Point[]).flatMap((point) =>
  TRANSITIONS.map((action) => ({ point, at: POINTS[point] as ProcedurePoint, action, to: EXPECTED[point][action] ?? null })),
);
const legal = cells.filter((c) => c.to !== null);
const illegal = cells.filter((c) => c.to === null);

describe('the procedure (transitions.ts over core/protocol/procedure.ts)', () => {
  it('the expected table covers every action at every point', () => {
    expect(cells).toHaveLength(Object.keys(POINTS).length * TRANSITIONS.length);
    expect(legal).toHaveLength(29);
  });

  it.each(legal)('$point --$action--> $to', ({ at, action, to }) => {
    expect(canTransition(at, action)).toBe(true);
    expect(show(nextState(at, action, 'Vắng mặt người làm chứng quan trọng'))).toBe(to);
  });

  it.each(illegal)('$point --$action--> refused with invalid_state', ({ at, action }) => {
    expect(canTransition(at, action)).toBe(false);
    let thrown: unknown;
    try {
      nextState(at, action, 'a reason');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidStateError);
    expect((thrown as DomainError).code).toBe('invalid_state');
    expect((thrown as Error).message).toContain(action);
    expect((thrown as Error).message).toContain(at.state);
  });

  it.each(WITH_REASON)('%s needs a reason (blank is none)', (action) => {
    const at = POINTS['in_session/opening'];
    expect(() => nextState(at, action)).toThrow(ValidationError);
    expect(() => nextState(at, action, '   ')).toThrow(ValidationError);
    expect(nextState(at, action, 'Bị cáo ốm').state).not.toBe('in_session');
  });

  it.each(Object.keys(POINTS) as Point[])('legalActions(%s) lists exactly the legal cells of its row', (point) => {
    expect([...legalActions(POINTS[point])].sort()).toEqual(Object.keys(EXPECTED[point]).sort());
  });

  it('deliberation is reached only from the arguments, and the pronouncement only from deliberation', () => {
    const into = (state: string) => legal.filter((c) => c.to?.startsWith(state)).map((c) => c.point);
    expect(new Set(into('deliberation'))).toEqual(new Set(['in_session/arguments']));
    expect(new Set(legal.filter((c) => c.to === 'in_session/pronouncement' && c.action !== 'resume').map((c) => c.point))).toEqual(
      new Set(['deliberation/arguments']),
    );
  });

  it('the whole criminal hearing, from scheduling to the judgment', () => {
    let at: ProcedurePoint = POINTS.scheduled;
    const path: string[] = [];
    for (const action of ['open', 'start', 'examine', 'recess', 'resume', 'argue', 'deliberate', 'pronounce', 'adjourn'] as const) {
      const next = nextState(at, action, 'Nghỉ giải lao');
      path.push(show(next));
      at = next;
    }
    expect(path).toEqual([
      'open',
      'in_session/opening',
      'in_session/examination',
      'recess/examination',
      'in_session/examination',
      'in_session/arguments',
      'deliberation/arguments',
      'in_session/pronouncement',
      'adjourned+concluded',
    ]);
  });
});
