import { MessageStatus, type EndpointHealthOut } from '@hookstream/contracts';
import type { AttemptProjection, EndpointCircuitProjection, EndpointProjection } from '../persistence/entities';

export type RecentAttempt = Pick<AttemptProjection, 'outcome' | 'responseStatusCode' | 'timestamp'>;

/** `recent`: the endpoint's newest attempts, newest first, at most `window` of them. */
export function toEndpointHealthOut(
  endpoint: Pick<EndpointProjection, 'disabled' | 'disabledReason' | 'disabledAt'>,
  circuit: Pick<EndpointCircuitProjection, 'state' | 'since' | 'replicaId'> | null,
  recent: RecentAttempt[],
  sizes: { window: number; listed: number },
): EndpointHealthOut {
  const succeeded = recent.filter((attempt) => attempt.outcome === 'succeeded').length;
  return {
    disabled: endpoint.disabled,
    disabledReason: endpoint.disabled ? endpoint.disabledReason : null,
    disabledAt: endpoint.disabled ? (endpoint.disabledAt?.toISOString() ?? null) : null,
    circuit: circuit
      ? { state: circuit.state, since: circuit.since.toISOString(), replicaId: circuit.replicaId }
      : { state: 'closed', since: null, replicaId: null },
    successRate: { window: sizes.window, attempts: recent.length, succeeded, rate: recent.length === 0 ? null : succeeded / recent.length },
    lastAttempts: recent.slice(0, sizes.listed).map((attempt) => ({
      status: attempt.outcome === 'succeeded' ? MessageStatus.success : MessageStatus.fail,
      responseStatusCode: attempt.responseStatusCode,
      timestamp: attempt.timestamp.toISOString(),
    })),
  };
}
