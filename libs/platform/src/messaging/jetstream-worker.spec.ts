import { errorBackoffMs } from './jetstream-worker';

describe('errorBackoffMs', () => {
  it('doubles with each delivery, from the first delay up to a minute', () => {
    expect([1, 2, 3, 4].map((n) => errorBackoffMs(1000, n))).toEqual([1000, 2000, 4000, 8000]);
    expect(errorBackoffMs(1000, 30)).toBe(60_000);
  });
});
