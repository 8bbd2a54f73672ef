import type { OnModuleDestroy, OnModuleInit, Provider } from '@nestjs/common';
import type { ConsumerInfo, JetStreamManager } from 'nats';
import { Gauge, register } from 'prom-client';
import type { ConsumerDefinition, Subjects } from '@hookstream/contracts';
import { NatsClients } from '../messaging/nats-clients';

/** A durable consumer this process pulls from, as /metrics reports it. */
export interface WatchedConsumer {
  stream: string;
  consumer: string;
  info(): Promise<ConsumerInfo>;
}

export interface ConsumerSnapshot {
  stream: string;
  consumer: string;
  /** In the stream, matching the filter, not yet delivered. */
  pending: number;
  /** Delivered and not yet acked (in progress, or handed back with a delay). */
  ackPending: number;
  redelivered: number;
}

/** One consumer's info may take this long before the scrape goes on without it. */
export const CONSUMER_INFO_TIMEOUT_MS = 1000;
/** The gauges of one scrape share one round of consumer info requests. */
const SNAPSHOT_REUSE_MS = 1000;

const watched = new Set<WatchedConsumer>();
let lastRound: { at: number; snapshots: Promise<ConsumerSnapshot[]> } | null = null;

/** Reports this consumer on /metrics until the returned function is called. */
export function watchConsumer(consumer: WatchedConsumer): () => void {
  watched.add(consumer);
  return () => watched.delete(consumer);
}

/**
 * A service module's provider: reports the durable consumers it pulls from on /metrics while the module runs.
 * `definitions` are the contracts' definitions its workers start from (`dispatcherConsumer`, …).
 */
export function reportConsumerLag(definitions: (subjects: Subjects) => ConsumerDefinition[]): Provider {
  return {
    provide: Symbol('ReportedConsumers'),
    inject: [NatsClients],
    useFactory: (nats: NatsClients) => new ReportedConsumers(nats.jsm, definitions(nats.subjects)),
  };
}

class ReportedConsumers implements OnModuleInit, OnModuleDestroy {
  private unwatch: Array<() => void> = [];

  constructor(
    private readonly jsm: JetStreamManager,
    private readonly definitions: ConsumerDefinition[],
  ) {}

  onModuleInit(): void {
    this.unwatch = this.definitions.map(({ stream, config: { durable_name: consumer } }) =>
      watchConsumer({ stream, consumer, info: () => this.jsm.consumers.info(stream, consumer) }),
    );
  }

  onModuleDestroy(): void {
    for (const unwatch of this.unwatch) unwatch();
  }
}

/**
 * The state of every watched consumer (once per stream and consumer, however many workers pull from it).
 * Requests run in parallel, each bounded by CONSUMER_INFO_TIMEOUT_MS; a consumer that does not answer in time
 * (NATS down, server busy) is left out of this scrape rather than holding it up.
 */
export function consumerSnapshots(now = Date.now()): Promise<ConsumerSnapshot[]> {
  if (lastRound && now - lastRound.at < SNAPSHOT_REUSE_MS) return lastRound.snapshots;
  lastRound = { at: now, snapshots: takeSnapshots() };
  return lastRound.snapshots;
}

async function takeSnapshots(): Promise<ConsumerSnapshot[]> {
  const unique = new Map<string, WatchedConsumer>();
  for (const consumer of watched) unique.set(`${consumer.stream}\u0000${consumer.consumer}`, consumer);
  const answers = await Promise.all([...unique.values()].map((consumer) => snapshotOf(consumer)));
  return answers.filter((snapshot): snapshot is ConsumerSnapshot => snapshot !== null);
}

async function snapshotOf(consumer: WatchedConsumer): Promise<ConsumerSnapshot | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), CONSUMER_INFO_TIMEOUT_MS);
  });
  try {
    const info = await Promise.race([consumer.info(), timeout]);
    if (!info) return null;
    return { stream: consumer.stream, consumer: consumer.consumer, pending: info.num_pending, ackPending: info.num_ack_pending, redelivered: info.num_redelivered };
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

type ConsumerLabels = 'stream' | 'consumer';

function consumerGauge(name: string, help: string, value: (snapshot: ConsumerSnapshot) => number): void {
  if (register.getSingleMetric(name)) return;
  const gauge: Gauge<ConsumerLabels> = new Gauge({
    name,
    help,
    labelNames: ['stream', 'consumer'],
    async collect() {
      const snapshots = await consumerSnapshots();
      gauge.reset();
      for (const snapshot of snapshots) gauge.set({ stream: snapshot.stream, consumer: snapshot.consumer }, value(snapshot));
    },
  });
}

/** Consumer lag gauges on the process's registry (once per process: several Nest apps may share it). */
export function registerConsumerLagMetrics(): void {
  consumerGauge(
    'hookstream_consumer_lag_messages',
    'Messages of a durable consumer not yet acked (num_pending + num_ack_pending), per consumer this process pulls from',
    (s) => s.pending + s.ackPending,
  );
  consumerGauge('hookstream_consumer_ack_pending_messages', 'Messages delivered to a durable consumer and not yet acked', (s) => s.ackPending);
  consumerGauge('hookstream_consumer_redelivered_messages', 'Messages of a durable consumer delivered more than once and not yet acked', (s) => s.redelivered);
}
