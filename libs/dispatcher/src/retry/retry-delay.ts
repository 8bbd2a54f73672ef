/** ±20 % jitter, so retries of many deliveries that failed together do not arrive together. */
export const JITTER = 0.2;
/** 429s and timeouts wait this much longer than the schedule says. */
export const PENALTY_FACTOR = 1.5;
/** A receiver's `Retry-After` may stretch a delay up to this, never beyond. */
export const MAX_RETRY_AFTER_MS = 6 * 3600 * 1000;

export interface RetryDelayInput {
  /** Delays in seconds after each failed attempt. */
  schedule: readonly number[];
  /** The attempt about to be scheduled (2 = first retry). */
  nextAttempt: number;
  retryAfterMs?: number | null;
  penalize?: boolean;
  /** Injectable for tests. */
  random?: () => number;
}

/**
 * Delay in ms before the next attempt, or null when the schedule is used up: the schedule's step, penalised
 * after 429/timeouts, ±20 % jitter, and never shorter than the receiver's Retry-After (within bounds).
 */
export function retryDelayMs({ schedule, nextAttempt, retryAfterMs, penalize, random = Math.random }: RetryDelayInput): number | null {
  const seconds = schedule[nextAttempt - 2];
  if (seconds === undefined) return null;
  const step = seconds * 1000 * (penalize ? PENALTY_FACTOR : 1);
  const jittered = step * (1 - JITTER + 2 * JITTER * random());
  const floor = Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
  return Math.round(Math.max(jittered, floor));
}
