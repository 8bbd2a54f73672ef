import { toEndpointHealthOut, type RecentAttempt } from './endpoint-health.mapper';

const at = (iso: string) => new Date(iso);
const attempt = (outcome: 'succeeded' | 'failed', code: number, iso: string): RecentAttempt => ({ outcome, responseStatusCode: code, timestamp: at(iso) });
const sizes = { window: 100, listed: 2 };

describe('toEndpointHealthOut', () => {
  it('rates successes among the recent attempts and lists the newest few with Svix statuses', () => {
    const recent = [attempt('failed', 500, '2026-01-01T00:00:03Z'), attempt('succeeded', 200, '2026-01-01T00:00:02Z'), attempt('failed', 0, '2026-01-01T00:00:01Z'), attempt('succeeded', 204, '2026-01-01T00:00:00Z')];
    const out = toEndpointHealthOut({ disabled: false, disabledReason: null, disabledAt: null }, null, recent, sizes);
    expect(out.successRate).toEqual({ window: 100, attempts: 4, succeeded: 2, rate: 0.5 });
    expect(out.lastAttempts).toEqual([
      { status: 2, responseStatusCode: 500, timestamp: '2026-01-01T00:00:03.000Z' },
      { status: 0, responseStatusCode: 200, timestamp: '2026-01-01T00:00:02.000Z' },
    ]);
  });

  it('has no rate before any attempt, and a closed circuit without a since when none was ever reported', () => {
    const out = toEndpointHealthOut({ disabled: false, disabledReason: null, disabledAt: null }, null, [], sizes);
    expect(out.successRate.rate).toBeNull();
    expect(out.circuit).toEqual({ state: 'closed', since: null, replicaId: null });
  });

  it('gives the reason and time of a disable, and the latest circuit change', () => {
    const out = toEndpointHealthOut(
      { disabled: true, disabledReason: 'gone', disabledAt: at('2026-01-01T10:00:00Z') },
      { state: 'open', since: at('2026-01-01T09:59:00Z'), replicaId: 'pod-a/1' },
      [],
      sizes,
    );
    expect(out).toMatchObject({ disabled: true, disabledReason: 'gone', disabledAt: '2026-01-01T10:00:00.000Z' });
    expect(out.circuit).toEqual({ state: 'open', since: '2026-01-01T09:59:00.000Z', replicaId: 'pod-a/1' });
  });

  it('shows no reason for an enabled endpoint even if a stale one is stored', () => {
    const out = toEndpointHealthOut({ disabled: false, disabledReason: 'manual', disabledAt: at('2026-01-01T10:00:00Z') }, null, [], sizes);
    expect(out).toMatchObject({ disabled: false, disabledReason: null, disabledAt: null });
  });
});
