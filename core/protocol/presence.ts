// Whose presence the hearing needs, as data shared by the domain (which refuses such a departure
// without a reason: core/hearing/LobbyCommands.ts) and the client (which asks for the reason
// before leaving). Their absence can stop or postpone the hearing, so the bench must know why.
import type { HearingState, Role } from './model.js';

/**
 * The accused, the procurator and defence counsel in criminal cases; plaintiff and respondent in
 * the others. Everyone else (witnesses, observers, the bench itself…) just confirms.
 */
export const REQUIRED_PRESENCE: Readonly<Partial<Record<Role, true>>> = {
  defendant: true,
  prosecutor: true,
  counsel: true,
  plaintiff: true,
  respondent: true,
};

/** From the opening (the attendance check) until the end: before it, leaving only delays one's arrival. */
const PRESENCE_COUNTS: readonly HearingState[] = ['open', 'in_session', 'recess', 'deliberation'];

export function presenceRequired(role: Role): boolean {
  return REQUIRED_PRESENCE[role] === true;
}

/** An admitted participant leaving now must give a reason (audited with participant.left, shown to the bench). */
export function leaveNeedsReason(role: Role, state: HearingState): boolean {
  return presenceRequired(role) && PRESENCE_COUNTS.includes(state);
}
