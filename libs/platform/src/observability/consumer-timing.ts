import { Histogram } from 'prom-client';
import { registeredMetric } from './registered-metric';

/** From 1 ms to a minute: a healthy pipeline sits in the first buckets, a backlog or a parked retry in the last. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

function histogram(name: string, help: string): Histogram<'consumer'> {
  return registeredMetric(name, () => new Histogram({ name, help, labelNames: ['consumer'], buckets: BUCKETS }));
}

export interface ConsumerTimer {
  /** The message was first stored in its stream at `storedAtMs` and its handler starts now. */
  started(storedAtMs: number): void;
  /** Its handler ran for `durationMs`. */
  handled(durationMs: number): void;
}

/**
 * Where a message's time goes on one durable consumer: waiting in the stream (stored → a worker starts on it,
 * which includes waiting for a free handler slot) and being handled. Together over the consumers of a pipeline they
 * show which hop adds the latency (docs/benchmarks.md). Clocks: the stream's timestamp is the NATS server's.
 */
export function consumerTimer(consumer: string): ConsumerTimer {
  const waited = histogram(
    'hookstream_consumer_wait_seconds',
    'Time from a message being stored in its stream to a worker starting to handle it, first deliveries only',
  ).labels(consumer);
  const handled = histogram('hookstream_consumer_handle_seconds', 'Time a worker spent handling one message, per durable consumer').labels(consumer);
  return {
    started: (storedAtMs) => waited.observe(Math.max(0, Date.now() - storedAtMs) / 1000),
    handled: (durationMs) => handled.observe(durationMs / 1000),
  };
}
