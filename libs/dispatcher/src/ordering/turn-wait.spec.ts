import { turnWaitMs } from './turn-wait';

describe('turnWaitMs', () => {
  it('waits 100 ms per message ahead, at most 30 s', () => {
    expect([1, 2, 10].map(turnWaitMs)).toEqual([100, 200, 1000]);
    expect(turnWaitMs(10_000)).toBe(30_000);
  });
});
