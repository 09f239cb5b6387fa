// Which hearing transitions are legal from which state, mirrored from the domain rule
// (scheduled → open → in_session ⇄ recess → adjourned) so the judge only sees buttons that can work.
// The server stays the authority: it refuses anything illegal with `invalid_state`.
import type { HearingState, TransitionAction } from './protocol.js';

export const TRANSITION_ORDER: readonly TransitionAction[] = ['open', 'start', 'recess', 'resume', 'adjourn'];

const LEGAL_FROM: Record<TransitionAction, readonly HearingState[]> = {
  open: ['scheduled'],
  start: ['open'],
  recess: ['in_session'],
  resume: ['recess'],
  adjourn: ['open', 'in_session', 'recess'],
};

export function canTransition(state: HearingState, action: TransitionAction): boolean {
  return LEGAL_FROM[action].includes(state);
}
