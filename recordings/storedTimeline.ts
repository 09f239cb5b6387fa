// A hearing's timeline from what is stored (the index, the audit log, the participants): for a
// hearing being recorded, one already captured, or one whose record is rebuilt after a restart.
import { isTransitionEvent } from '../core/hearing/auditEvents.js';
import type { Store } from '../core/hearing/ports.js';
import type { RecordingIndex } from './ports.js';
import { buildTimeline, type StateChange } from './timeline.js';
import type { HearingTimeline } from './types.js';

/** Hearing state changes from the audit log: the transitions record `from` and `to`. */
export async function stateChanges(store: Store, hearingId: string): Promise<StateChange[]> {
  return (await store.audit.list(hearingId))
    .filter(isTransitionEvent)
    .map((e) => ({ atMs: Date.parse(e.at), from: e.data.from, to: e.data.to }));
}

/** The timeline of any hearing from what is stored: the index, the audit log, the participants. */
export async function storedTimeline(store: Store, index: RecordingIndex, hearingId: string, nowMs: number): Promise<HearingTimeline> {
  // One snapshot: a segment indexed between two of these reads would not match its track.
  return store.transaction(async () =>
    buildTimeline({
      hearingId,
      changes: await stateChanges(store, hearingId),
      participants: await store.participants.listByHearing(hearingId),
      tracks: await index.tracks(hearingId),
      segments: await index.segments(hearingId),
      nowMs,
    }),
  );
}
