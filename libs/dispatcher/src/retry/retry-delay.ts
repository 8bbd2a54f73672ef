/** ±20 % jitter, so retries of many deliveries that failed together do not arrive together. */
export const JITTER = 0.2;

/**
 * Delay in ms before attempt `nextAttempt` (2 = first retry), or null when the schedule is used up.
 * `random` is injectable so the jitter can be tested.
 */
export function retryDelayMs(schedule: readonly number[], nextAttempt: number, random: () => number = Math.random): number | null {
  const seconds = schedule[nextAttempt - 2];
  if (seconds === undefined) return null;
  const factor = 1 - JITTER + 2 * JITTER * random();
  return Math.round(seconds * 1000 * factor);
}
