// A hearing's timeline from what is stored (the index, the audit log, the participants): for a
// hearing being recorded, one already captured, or one whose record is rebuilt after a restart.
import { isTransitionEvent } from '../core/hearing/auditEvents.js';
import type { Store } from '../core/hearing/ports.js';
import type { RecordingIndex } from './ports.js';
import { buildTimeline, type StateChange } from './timeline.js';
import type { HearingTimeline } from './types.js';

/** Hearing state changes from the audit log: the transitions record `from` and `to`. */
export function stateChanges(store: Store, hearingId: string): StateChange[] {
  return store.audit
    .list(hearingId)
    .filter(isTransitionEvent)
    .map((e) => ({ atMs: Date.parse(e.at), from: e.data.from, to: e.data.to }));
}

/** The timeline of any hearing from what is stored: the index, the audit log, the participants. */
export function storedTimeline(store: Store, index: RecordingIndex, hearingId: string, nowMs: number): HearingTimeline {
  return buildTimeline({
    hearingId,
    changes: stateChanges(store, hearingId),
    participants: store.participants.listByHearing(hearingId),
    tracks: index.tracks(hearingId),
    segments: index.segments(hearingId),
    nowMs,
  });
}
