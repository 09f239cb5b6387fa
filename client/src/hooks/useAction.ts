// Run a user action (admit, mute, transition…) and keep its failure, translated by code, for display.
import { useCallback, useState } from 'react';
import { describeError } from '../errorText.js';

export interface ActionRunner {
  run: (action: () => Promise<unknown>) => void;
  pending: boolean;
  error: string | null;
  clearError: () => void;
}

export function useAction(): ActionRunner {
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback((action: () => Promise<unknown>) => {
    setError(null);
    setPending((n) => n + 1);
    action()
      .catch((e: unknown) => setError(describeError(e)))
      .finally(() => setPending((n) => n - 1));
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { run, pending: pending > 0, error, clearError };
}
