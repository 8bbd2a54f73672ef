import { retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  const schedule = [5, 300];

  it('takes the step for the attempt about to be made', () => {
    expect(retryDelayMs(schedule, 2, () => 0.5)).toBe(5000);
    expect(retryDelayMs(schedule, 3, () => 0.5)).toBe(300_000);
  });

  it('returns null once the schedule is used up', () => {
    expect(retryDelayMs(schedule, 4)).toBeNull();
    expect(retryDelayMs([], 2)).toBeNull();
  });

  it('jitters within ±20 %', () => {
    expect(retryDelayMs(schedule, 2, () => 0)).toBe(4000);
    expect(retryDelayMs(schedule, 2, () => 1)).toBe(6000);
  });
});
