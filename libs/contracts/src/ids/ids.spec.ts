import { decodeTime } from 'ulid';
import { hasIdPrefix, ID_PREFIXES, newAttemptId } from './ids';

describe('ids', () => {
  it('issues distinct prefixed ids whose ULID part carries the creation time', () => {
    const before = Date.now();
    const ids = Array.from({ length: 10_000 }, () => newAttemptId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => hasIdPrefix(id, ID_PREFIXES.attempt))).toBe(true);
    const time = decodeTime(ids[ids.length - 1].slice(ID_PREFIXES.attempt.length + 1));
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });

  it('spreads the random part over the whole alphabet', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2_000; i += 1) {
      for (const char of newAttemptId().slice(-16)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
    expect(Math.min(...counts.values())).toBeGreaterThan(500);
  });
});
