import { pooledRandomBytes } from './random-pool';

describe('pooledRandomBytes', () => {
  it('gives the bytes asked for, different each time, across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i += 1) {
      const bytes = pooledRandomBytes(16);
      expect(bytes).toHaveLength(16);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(2000);
  });

  it('serves a request larger than the pool', () => {
    expect(pooledRandomBytes(10_000)).toHaveLength(10_000);
  });

  it('draws evenly distributed bytes', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 1000; i += 1) for (const byte of pooledRandomBytes(64)) counts[byte] += 1;
    // 64,000 draws, 250 expected per value: a broken pool (zeros, repeats) is far outside these bounds.
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(360);
  });
});
