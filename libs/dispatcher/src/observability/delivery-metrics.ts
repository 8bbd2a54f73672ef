import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { CONSUMER_NAMES } from '@hookstream/contracts';
import { consumerSnapshots, registeredMetric } from '@hookstream/platform';
import { CircuitBreaker, type CircuitState } from '../health/circuit-breaker';

export type ParkReason = 'retry' | 'circuit-open' | 'endpoint-busy' | 'waiting-turn';

/** Circuit breakers of the dispatchers running in this process (one, unless tests start several). */
const liveBreakers = new Set<CircuitBreaker>();

/** The dispatcher's Prometheus metrics, served on every service's `/metrics`. */
@Injectable()
export class DeliveryMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly attempts = registeredMetric(
    'hookstream_delivery_attempts_total',
    () => new Counter({ name: 'hookstream_delivery_attempts_total', help: 'Delivery attempts by outcome', labelNames: ['outcome'] as const }),
  );
  private readonly latency = registeredMetric(
    'hookstream_delivery_attempt_duration_seconds',
    () =>
      new Histogram({
        name: 'hookstream_delivery_attempt_duration_seconds',
        help: 'Time from the start of a POST to its complete response (or failure)',
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      }),
  );
  private readonly preparing = registeredMetric(
    'hookstream_delivery_prepare_seconds',
    () =>
      new Histogram({
        name: 'hookstream_delivery_prepare_seconds',
        help: 'Time from a worker taking up a task to its POST starting: ordering, limits, signing',
        buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      }),
  );
  private readonly parked = registeredMetric(
    'hookstream_deliveries_parked_total',
    () => new Counter({ name: 'hookstream_deliveries_parked_total', help: 'Tasks parked for later, by reason', labelNames: ['reason'] as const }),
  );
  private readonly circuits = registeredMetric(
    'hookstream_circuit_transitions_total',
    () => new Counter({ name: 'hookstream_circuit_transitions_total', help: 'Endpoint circuit breaker state changes', labelNames: ['state'] as const }),
  );
  constructor(private readonly breaker: CircuitBreaker) {}

  onModuleInit(): void {
    registerStateGauges();
    liveBreakers.add(this.breaker);
  }

  onModuleDestroy(): void {
    liveBreakers.delete(this.breaker);
  }

  attempt(outcome: 'succeeded' | 'failed' | 'blocked', durationMs: number): void {
    this.attempts.inc({ outcome });
    this.latency.observe(durationMs / 1000);
  }

  /** A POST is about to start, `durationMs` after its task was taken up. */
  prepared(durationMs: number): void {
    this.preparing.observe(durationMs / 1000);
  }

  park(reason: ParkReason): void {
    this.parked.inc({ reason });
  }

  circuit(state: CircuitState): void {
    this.circuits.inc({ state });
  }
}

const PARKED_CONSUMERS = new Set<string>([CONSUMER_NAMES.dispatcherRetries, CONSUMER_NAMES.dispatcherLater]);

/** Gauges read at scrape time: circuits by state, tasks parked on the retries subject. */
function registerStateGauges(): void {
  registeredMetric(
    'hookstream_circuit_endpoints',
    () =>
      new Gauge({
        name: 'hookstream_circuit_endpoints',
        help: 'Endpoints this replica has sent to, by the state of their circuit breaker',
        labelNames: ['state'] as const,
        collect() {
          const totals: Record<CircuitState, number> = { closed: 0, open: 0, 'half-open': 0 };
          for (const breaker of liveBreakers) {
            for (const [state, count] of Object.entries(breaker.counts()) as Array<[CircuitState, number]>) totals[state] += count;
          }
          for (const [state, count] of Object.entries(totals)) this.set({ state }, count);
        },
      }),
  );
  registeredMetric(
    'hookstream_parked_tasks',
    () =>
      new Gauge({
        name: 'hookstream_parked_tasks',
        help: 'Tasks parked (retries and deferrals) not yet done: pending + ack pending of the dispatcher-retries and dispatcher-later consumers',
        labelNames: ['stream'] as const,
        async collect() {
          const parked = (await consumerSnapshots()).filter((snapshot) => PARKED_CONSUMERS.has(snapshot.consumer));
          const byStream = new Map<string, number>();
          for (const snapshot of parked) byStream.set(snapshot.stream, (byStream.get(snapshot.stream) ?? 0) + snapshot.pending + snapshot.ackPending);
          this.reset();
          for (const [stream, count] of byStream) this.set({ stream }, count);
        },
      }),
  );
}
