import { Injectable } from '@nestjs/common';
import { Counter, Histogram, register } from 'prom-client';
import type { CircuitState } from '../health/circuit-breaker';

/** prom-client's registry is per process; several Nest apps in one process (tests, all-in-one) share it. */
function once<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export type ParkReason = 'retry' | 'circuit-open' | 'endpoint-busy' | 'waiting-turn';

/** The dispatcher's Prometheus metrics, served on every service's `/metrics`. */
@Injectable()
export class DeliveryMetrics {
  private readonly attempts = once(
    'hookstream_delivery_attempts_total',
    () => new Counter({ name: 'hookstream_delivery_attempts_total', help: 'Delivery attempts by outcome', labelNames: ['outcome'] as const }),
  );
  private readonly latency = once(
    'hookstream_delivery_attempt_duration_seconds',
    () =>
      new Histogram({
        name: 'hookstream_delivery_attempt_duration_seconds',
        help: 'Time from the start of a POST to its complete response (or failure)',
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      }),
  );
  private readonly parked = once(
    'hookstream_deliveries_parked_total',
    () => new Counter({ name: 'hookstream_deliveries_parked_total', help: 'Tasks parked for later, by reason', labelNames: ['reason'] as const }),
  );
  private readonly circuits = once(
    'hookstream_circuit_transitions_total',
    () => new Counter({ name: 'hookstream_circuit_transitions_total', help: 'Endpoint circuit breaker state changes', labelNames: ['state'] as const }),
  );
  attempt(outcome: 'succeeded' | 'failed' | 'blocked', durationMs: number): void {
    this.attempts.inc({ outcome });
    this.latency.observe(durationMs / 1000);
  }

  park(reason: ParkReason): void {
    this.parked.inc({ reason });
  }

  circuit(state: CircuitState): void {
    this.circuits.inc({ state });
  }
}
