// Whose presence the hearing needs: the domain's own rule (core/protocol/presence.ts), so the client
// asks for the reason before the server would refuse a departure without one (invalid_input).
export { leaveNeedsReason, presenceRequired, REQUIRED_PRESENCE } from '../../../core/protocol/presence.js';
