// The judge's procedural moves: the domain's own table (core/protocol/procedure.ts), so the judge
// sees only buttons that can work. The server stays the authority: it refuses anything illegal
// with `invalid_state`, and a suspension or postponement without a reason with `invalid_input`.
export { canMove, legalMoves, moveTo, PROCEDURE, PROCEDURE_ORDER, type ProcedurePoint } from '../../../core/protocol/procedure.js';
