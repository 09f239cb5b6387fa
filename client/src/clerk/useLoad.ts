// Loading one screen's data: the value, the error in the reader's language, and a reload. With
// `pollMs` it refreshes itself while the tab is visible (Poller.ts) and stops when hidden.
import { useCallback, useEffect, useRef, useState } from 'react';
import { clerkErrorText } from './errors.js';
import { Poller } from './Poller.js';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** When the data was last fetched. */
  at: number | null;
  reload: () => void;
}

/** `load` and `onError` should be stable (useCallback): a new one starts over. */
export function useLoad<T>(load: () => Promise<T>, onError: (error: unknown) => void, pollMs?: number): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; at: number | null }>({ data: null, error: null, at: null });
  const [version, setVersion] = useState(0);
  const poller = useRef<Poller | null>(null);

  useEffect(() => {
    let live = true;
    const task = () =>
      load().then(
        (data) => live && setState({ data, error: null, at: Date.now() }),
        (error: unknown) => {
          if (!live) return;
          setState((s) => ({ ...s, error: clerkErrorText(error) }));
          onError(error);
        },
      );
    if (!pollMs) {
      void task();
      return () => {
        live = false;
      };
    }
    const next = new Poller(task, pollMs);
    poller.current = next;
    next.start();
    return () => {
      live = false;
      next.stop();
      poller.current = null;
    };
  }, [load, onError, pollMs, version]);

  const reload = useCallback(() => {
    if (poller.current) poller.current.refresh();
    else setVersion((v) => v + 1);
  }, []);

  return { ...state, reload };
}
