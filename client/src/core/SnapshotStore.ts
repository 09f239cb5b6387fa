// A minimal external store: an immutable snapshot replaced on every change, plus subscribers.
// Shaped for React's useSyncExternalStore (subscribe / getSnapshot are bound arrow properties).
export class SnapshotStore<S extends object> {
  #snapshot: S;
  readonly #listeners = new Set<() => void>();

  constructor(initial: S) {
    this.#snapshot = initial;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  readonly getSnapshot = (): S => this.#snapshot;

  /** Replace the snapshot (shallow merge) and tell every listener; one throwing listener never stops the rest. */
  protected update(patch: Partial<S>): void {
    this.#snapshot = { ...this.#snapshot, ...patch };
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch (error) {
        console.error('[vcourt] store listener failed', error);
      }
    }
  }
}
