import { turnWaitMs } from './turn-wait';

describe('turnWaitMs', () => {
  it('starts at 100 ms and doubles up to 30 s', () => {
    expect([0, 1, 2, 3].map(turnWaitMs)).toEqual([100, 200, 400, 800]);
    expect(turnWaitMs(50)).toBe(30_000);
  });
});
