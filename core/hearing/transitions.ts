// The hearing state machine: the only place that decides whether a hearing may change state.
//   scheduled --open--> open --start--> in_session --recess--> recess --resume--> in_session
//   open | in_session | recess --adjourn--> adjourned (final)
import type { HearingState, TransitionAction } from '../protocol/model.js';
import { InvalidStateError } from './errors.js';

const TABLE: Readonly<Record<TransitionAction, { from: readonly HearingState[]; to: HearingState }>> = {
  open: { from: ['scheduled'], to: 'open' },
  start: { from: ['open'], to: 'in_session' },
  recess: { from: ['in_session'], to: 'recess' },
  resume: { from: ['recess'], to: 'in_session' },
  adjourn: { from: ['open', 'in_session', 'recess'], to: 'adjourned' },
};

export function canTransition(from: HearingState, action: TransitionAction): boolean {
  return TABLE[action].from.includes(from);
}

/** The state `action` leads to from `from`; throws InvalidStateError when the move is illegal. */
export function nextState(from: HearingState, action: TransitionAction): HearingState {
  if (!canTransition(from, action)) {
    throw new InvalidStateError(`Cannot ${action} a hearing that is ${from}`);
  }
  return TABLE[action].to;
}

export function legalActions(from: HearingState): TransitionAction[] {
  return (Object.keys(TABLE) as TransitionAction[]).filter((a) => canTransition(from, a));
}
