// How often and how soon a record's build is tried again after it fails: pure, so the back-off is
// tested without waiting for it. A series of attempts starts after adjournment, at start-up or on
// an admin's rebuild; each failed attempt but the last schedules the next one.

export interface RetryPolicy {
  /** The wait after each failed attempt before the next: a series makes `delaysMs.length + 1` attempts. */
  readonly delaysMs: readonly number[];
}

/** At once, then 5 s, 30 s and 2 min after each failure: four attempts over about two and a half minutes. */
export const DEFAULT_RETRY: RetryPolicy = { delaysMs: [5_000, 30_000, 120_000] };

export function maxAttempts(policy: RetryPolicy): number {
  return policy.delaysMs.length + 1;
}

/** The wait after attempt `failed` (1-based) failed, or null when it was the series' last. */
export function retryDelay(policy: RetryPolicy, failed: number): number | null {
  if (!Number.isInteger(failed) || failed < 1) return null;
  return policy.delaysMs[failed - 1] ?? null;
}

/** When the attempt after `failed` is due, or null when none is. */
export function nextAttemptAt(policy: RetryPolicy, failed: number, now: Date): Date | null {
  const delay = retryDelay(policy, failed);
  return delay === null ? null : new Date(now.getTime() + delay);
}
