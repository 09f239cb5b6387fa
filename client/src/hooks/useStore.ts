// Read a core store (HearingSession, MediaSession) from React.
import { useSyncExternalStore } from 'react';
import type { SnapshotStore } from '../core/SnapshotStore.js';

export function useStore<S extends object>(store: SnapshotStore<S>): S {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
