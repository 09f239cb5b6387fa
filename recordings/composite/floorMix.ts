// Which captured audio goes into the composite's mix: the floor only. An interpreter's microphone
// is an interpretation channel (core issue 14, item 5): listeners choose it in their browser, and
// the record keeps it as its own track files, but mixed into the composite it would double every
// sentence in a second language over the original. Interpreters stay on screen (their video tile);
// only their audio is left out of the mix.
import type { Role } from '../../core/protocol/model.js';
import type { HearingTimeline, TrackTimeline } from '../types.js';

/** Roles whose microphones are interpretation channels, not the floor. */
export const INTERPRETATION_ROLES: readonly Role[] = ['interpreter'];

/** The audio tracks the composite mixes: every captured microphone except interpreters'. */
export function floorAudioTracks(timeline: HearingTimeline): TrackTimeline[] {
  const interpreters = new Set(timeline.participants.filter((p) => INTERPRETATION_ROLES.includes(p.role)).map((p) => p.participantId));
  return timeline.tracks.filter((t) => t.kind === 'audio' && !interpreters.has(t.participantId));
}
