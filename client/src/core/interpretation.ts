// What a participant hears: the floor (everyone at full level) or one interpreter's channel (that
// interpreter at full level, the floor ducked underneath so the original stays faintly audible, as
// in a booth headset). The choice is the listener's own and lives only in their browser: the server
// forwards every admitted microphone either way, so the choice needs no signaling and no audit.
import type { ParticipantView } from './protocol.js';

/** The floor's level under an interpretation: low enough to follow the interpreter, high enough
 *  to hear who is speaking and when they stop. */
export const DUCKED_GAIN = 0.2;

/** null: the floor; otherwise the interpreter's participant id. */
export type ListenChoice = string | null;

/** The interpretation channels a participant may choose: the hearing's other admitted interpreters. */
export function interpretationChannels(participants: readonly ParticipantView[], selfId: string): ParticipantView[] {
  return participants.filter((p) => p.role === 'interpreter' && p.id !== selfId && p.status === 'admitted');
}

/**
 * The choice in effect: the floor when nothing was chosen, when the chosen interpreter has left,
 * and always for an interpreter (who works from the floor and must not hear a colleague over it).
 */
export function effectiveChoice(choice: ListenChoice, participants: readonly ParticipantView[], self: ParticipantView): ListenChoice {
  if (choice === null || self.role === 'interpreter') return null;
  return interpretationChannels(participants, self.id).some((p) => p.id === choice) ? choice : null;
}

/** The level one remote microphone plays at, under the choice in effect. */
export function gainFor(participantId: string, choice: ListenChoice): number {
  if (choice === null || participantId === choice) return 1;
  return DUCKED_GAIN;
}

/** Levels for every remote microphone, keyed by participant id. */
export function gainsFor(participantIds: readonly string[], choice: ListenChoice): Record<string, number> {
  return Object.fromEntries(participantIds.map((id) => [id, gainFor(id, choice)]));
}
