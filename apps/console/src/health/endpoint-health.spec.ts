import { describe, expect, it } from 'vitest';
import type { Attempt, Endpoint, EndpointStats } from '../api/api-types';
import { endpointHealth, formatRate } from './endpoint-health';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const endpoint: Endpoint = { id: 'ep_1', uid: null, url: 'http://x', description: '', disabled: false, filterTypes: null, channels: null, createdAt: '' };
const stats = (success: number, fail: number): EndpointStats => ({ success, fail, pending: 3, sending: 1, canceled: 2 });

function attempts(codes: number[], newestAt = NOW - 1000): Attempt[] {
  return codes.map((code, i) => ({
    id: `atmpt_${i}`, msgId: 'msg_1', endpointId: 'ep_1', url: 'http://x', response: '', responseStatusCode: code, responseDurationMs: 5,
    status: code >= 200 && code < 300 ? 0 : 2, statusText: code >= 200 && code < 300 ? 'success' : 'fail', triggerType: 0,
    timestamp: new Date(newestAt - i * 1000).toISOString(),
  }));
}

describe('endpointHealth', () => {
  it('rates successes among finished deliveries only, and has no rate before any finished', () => {
    expect(endpointHealth(endpoint, stats(3, 1), [], NOW).successRate).toBe(0.75);
    expect(endpointHealth(endpoint, stats(0, 0), [], NOW).successRate).toBeNull();
    expect(formatRate(0.75)).toBe('75%');
    expect(formatRate(null)).toBe('—');
  });

  it('counts unhealthy attempts in a row from the newest (5xx, 429, no response), stopping at a healthy one or a plain 4xx', () => {
    expect(endpointHealth(endpoint, stats(1, 1), attempts([500, 0, 429, 200, 500]), NOW).failingStreak).toBe(3);
    expect(endpointHealth(endpoint, stats(1, 1), attempts([503, 404, 500]), NOW).failingStreak).toBe(1);
  });

  it('infers the circuit: closed under 5 unhealthy, open within the 30 s cooldown, half-open after it', () => {
    expect(endpointHealth(endpoint, stats(0, 1), attempts([500, 500, 500, 500]), NOW).circuit).toBe('closed');
    expect(endpointHealth(endpoint, stats(0, 1), attempts([500, 500, 500, 500, 500]), NOW).circuit).toBe('open');
    expect(endpointHealth(endpoint, stats(0, 1), attempts([500, 500, 500, 500, 500], NOW - 60_000), NOW).circuit).toBe('half-open');
  });

  it('gives a disabled endpoint a reason and an enabled one none', () => {
    expect(endpointHealth({ ...endpoint, disabled: true }, stats(0, 4), attempts([500]), NOW).disabledReason).toMatch(/failing/);
    expect(endpointHealth({ ...endpoint, disabled: true }, stats(4, 0), attempts([200]), NOW).disabledReason).toMatch(/operator/);
    expect(endpointHealth(endpoint, stats(0, 4), attempts([500]), NOW).disabledReason).toBeNull();
  });
});
