import type { Attempt, Endpoint, EndpointStats } from '../api/api-types';

/** The dispatcher's circuit breaker (libs/dispatcher/src/health/circuit-breaker.ts): 5 unhealthy in a row open it for 30 s. */
const CIRCUIT_THRESHOLD = 5;
const CIRCUIT_COOLDOWN_MS = 30_000;

export type CircuitEstimate = 'closed' | 'open' | 'half-open';

export interface EndpointHealth {
  /** Succeeded deliveries among finished ones (succeeded + failed), or null before any finished. */
  successRate: number | null;
  /** Unhealthy attempts in a row, newest first (5xx, 429, timeouts and connection errors; not other 4xx). */
  failingStreak: number;
  /**
   * The breaker's state as the recent attempts imply it. The breaker itself lives in each dispatcher's memory;
   * the API does not expose it, so the console infers it from the same rule.
   */
  circuit: CircuitEstimate;
  disabledReason: string | null;
}

export function endpointHealth(endpoint: Endpoint, stats: EndpointStats, recent: Attempt[], now = Date.now()): EndpointHealth {
  const finished = stats.success + stats.fail;
  const failingStreak = countFailingStreak(recent);
  return {
    successRate: finished === 0 ? null : stats.success / finished,
    failingStreak,
    circuit: circuitOf(failingStreak, recent[0], now),
    disabledReason: endpoint.disabled ? disabledReasonOf(failingStreak) : null,
  };
}

function isUnhealthy(attempt: Attempt): boolean {
  const code = attempt.responseStatusCode;
  return code === 0 || code === 429 || code >= 500;
}

function countFailingStreak(recent: Attempt[]): number {
  const firstHealthy = recent.findIndex((attempt) => !isUnhealthy(attempt));
  return firstHealthy === -1 ? recent.length : firstHealthy;
}

function circuitOf(failingStreak: number, newest: Attempt | undefined, now: number): CircuitEstimate {
  if (failingStreak < CIRCUIT_THRESHOLD || !newest) return 'closed';
  return now - Date.parse(newest.timestamp) < CIRCUIT_COOLDOWN_MS ? 'open' : 'half-open';
}

function disabledReasonOf(failingStreak: number): string {
  return failingStreak > 0 ? 'Likely disabled automatically: its deliveries kept failing' : 'Likely disabled by an operator';
}

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}
