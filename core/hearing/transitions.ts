// The hearing's procedure, enforced: the only place that decides whether a hearing may move. The
// table itself is core/protocol/procedure.ts (the client shows the same moves).
import { canMove, legalMoves, moveTo, PROCEDURE, type ProcedurePoint } from '../protocol/procedure.js';
import type { HearingOutcome, TransitionAction } from '../protocol/model.js';
import { InvalidStateError, ValidationError } from './errors.js';

export function canTransition(at: ProcedurePoint, action: TransitionAction): boolean {
  return canMove(at, action);
}

/**
 * Where `action` leads from `at`; throws InvalidStateError when the move is illegal there, and
 * ValidationError when it needs a reason (suspension, postponement) and has none.
 */
export function nextState(
  at: ProcedurePoint,
  action: TransitionAction,
  reason?: string,
): ProcedurePoint & { outcome: HearingOutcome | null } {
  if (!canMove(at, action)) {
    const where = at.stage ? `${at.state} (${at.stage})` : at.state;
    throw new InvalidStateError(`Cannot ${action} a hearing that is ${where}`);
  }
  if (PROCEDURE[action].needsReason && !reason?.trim()) throw new ValidationError(`To ${action} the hearing, give the reason`);
  return moveTo(at, action);
}

export function legalActions(at: ProcedurePoint): TransitionAction[] {
  return legalMoves(at);
}
