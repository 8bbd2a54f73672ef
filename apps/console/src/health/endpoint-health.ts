import type { DisabledReason, EndpointHealth } from '../api/api-types';

const REASONS: Record<DisabledReason, string> = {
  manual: 'Disabled by an operator or API client',
  gone: 'The endpoint answered 410 Gone',
  'receiver-requested': 'The receiver asked to stop (webhook-delivery: disable)',
  failing: 'Disabled automatically: it kept failing without a success',
};

/** Why a disabled endpoint is disabled, and since when; null for an enabled one. */
export function disabledText(health: Pick<EndpointHealth, 'disabled' | 'disabledReason' | 'disabledAt'>): string | null {
  if (!health.disabled) return null;
  const reason = health.disabledReason ? REASONS[health.disabledReason] : 'Disabled (no reason recorded)';
  return health.disabledAt ? `${reason}, since ${new Date(health.disabledAt).toLocaleString()}` : reason;
}

/** The circuit's state with when a dispatcher last reported a change. */
export function circuitTitle(circuit: EndpointHealth['circuit']): string {
  if (!circuit.since) return 'No dispatcher has opened this circuit';
  return `Reported ${new Date(circuit.since).toLocaleString()} by dispatcher ${circuit.replicaId ?? 'unknown'}`;
}

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}
