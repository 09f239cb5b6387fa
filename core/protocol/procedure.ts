// The procedure of a Vietnamese first-instance hearing as data, shared by the domain (which
// enforces it: core/hearing/transitions.ts) and the client (which shows only the moves that can
// work). Types only from model.ts: nothing here reaches the client bundle but this table.
//
//   scheduled --open--> open (preparing: the clerk checks attendance, the rules are read)
//   open --start--> in_session/opening (khai mạc: identity and rights; recording starts)
//   opening|arguments --examine--> examination (xét hỏi; from arguments: back to questioning)
//   examination --argue--> arguments (tranh luận)
//   arguments --deliberate--> deliberation (nghị án: the panel withdraws, nothing is recorded)
//   deliberation --pronounce--> in_session/pronouncement (tuyên án)   | --examine--> examination
//   in_session --recess--> recess (tạm ngừng, with a reason) --resume--> in_session, same stage
//   any but ended --adjourn--> adjourned (concluded after the pronouncement, else ended)
//   open, or in the opening --postpone--> adjourned/postponed (hoãn, with a reason; no judgment)
import type { HearingOutcome, HearingStage, HearingState, TransitionAction } from './model.js';

export interface Move {
  /** The states the move starts from. */
  from: readonly HearingState[];
  /** When given, the stage it must start from too (null: no stage yet). */
  stages?: readonly (HearingStage | null)[];
  to: HearingState;
  /** The stage it leads to; 'keep' stays at the current one. */
  stage: HearingStage | null | 'keep';
  /** Suspension and postponement are decided with a reason, read out and put in the minutes. */
  needsReason: boolean;
}

const ACTIVE: readonly HearingState[] = ['open', 'in_session', 'recess', 'deliberation'];

export const PROCEDURE: Readonly<Record<TransitionAction, Move>> = {
  open: { from: ['scheduled'], to: 'open', stage: null, needsReason: false },
  start: { from: ['open'], to: 'in_session', stage: 'opening', needsReason: false },
  examine: {
    from: ['in_session', 'deliberation'],
    stages: ['opening', 'arguments'],
    to: 'in_session',
    stage: 'examination',
    needsReason: false,
  },
  argue: { from: ['in_session'], stages: ['examination'], to: 'in_session', stage: 'arguments', needsReason: false },
  deliberate: { from: ['in_session'], stages: ['arguments'], to: 'deliberation', stage: 'keep', needsReason: false },
  pronounce: { from: ['deliberation'], to: 'in_session', stage: 'pronouncement', needsReason: false },
  recess: { from: ['in_session'], to: 'recess', stage: 'keep', needsReason: true },
  resume: { from: ['recess'], to: 'in_session', stage: 'keep', needsReason: false },
  adjourn: { from: ACTIVE, to: 'adjourned', stage: null, needsReason: false },
  postpone: { from: ['open', 'in_session', 'recess'], stages: [null, 'opening'], to: 'adjourned', stage: null, needsReason: true },
};

/** The order the judge's buttons follow. */
export const PROCEDURE_ORDER: readonly TransitionAction[] = [
  'open',
  'start',
  'examine',
  'argue',
  'deliberate',
  'pronounce',
  'recess',
  'resume',
  'postpone',
  'adjourn',
];

/** Where a hearing is: its state and, in session or suspended, its stage. */
export interface ProcedurePoint {
  state: HearingState;
  stage: HearingStage | null;
}

export function canMove(at: ProcedurePoint, action: TransitionAction): boolean {
  const move = PROCEDURE[action];
  return move.from.includes(at.state) && (!move.stages || move.stages.includes(at.stage));
}

/** Where `action` leads from `at` (call canMove first), and how an ended hearing ended. */
export function moveTo(at: ProcedurePoint, action: TransitionAction): ProcedurePoint & { outcome: HearingOutcome | null } {
  const move = PROCEDURE[action];
  const stage = move.stage === 'keep' ? at.stage : move.stage;
  const outcome: HearingOutcome | null =
    move.to !== 'adjourned'
      ? null
      : action === 'postpone'
        ? 'postponed'
        : at.state === 'in_session' && at.stage === 'pronouncement'
          ? 'concluded'
          : 'ended';
  return { state: move.to, stage, outcome };
}

/** Every move that can work from `at`, in the judge's button order. */
export function legalMoves(at: ProcedurePoint): TransitionAction[] {
  return PROCEDURE_ORDER.filter((a) => canMove(at, a));
}
