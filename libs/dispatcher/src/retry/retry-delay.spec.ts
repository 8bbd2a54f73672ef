import { MAX_RETRY_AFTER_MS, retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  const schedule = [5, 300];
  const mid = () => 0.5;

  it.each([
    [{ nextAttempt: 2 }, 5000],
    [{ nextAttempt: 3 }, 300_000],
    [{ nextAttempt: 2, penalize: true }, 7500],
    [{ nextAttempt: 2, retryAfterMs: 60_000 }, 60_000],
    [{ nextAttempt: 3, retryAfterMs: 1000 }, 300_000],
    [{ nextAttempt: 2, retryAfterMs: 10 * MAX_RETRY_AFTER_MS }, MAX_RETRY_AFTER_MS],
  ])('%o → %i ms', (input, expected) => {
    expect(retryDelayMs({ schedule, random: mid, ...input })).toBe(expected);
  });

  it('returns null once the schedule is used up, and for an empty schedule', () => {
    expect(retryDelayMs({ schedule, nextAttempt: 4 })).toBeNull();
    expect(retryDelayMs({ schedule: [], nextAttempt: 2 })).toBeNull();
  });

  it('jitters within ±20 %', () => {
    expect(retryDelayMs({ schedule, nextAttempt: 2, random: () => 0 })).toBe(4000);
    expect(retryDelayMs({ schedule, nextAttempt: 2, random: () => 1 })).toBe(6000);
  });

  it('keeps Retry-After as a floor even after jitter', () => {
    expect(retryDelayMs({ schedule: [0.2], nextAttempt: 2, retryAfterMs: 1000, random: () => 1 })).toBe(1000);
  });
});
