import { AckPolicy, DeliverPolicy, RetentionPolicy, StorageType, type ConsumerConfig, type StreamConfig } from 'nats';
import { Subjects } from './subjects';

const SECOND_NS = 1_000_000_000;
const DAY_NS = 24 * 3600 * SECOND_NS;

export interface StreamDefinition {
  name: string;
  config: Partial<StreamConfig> & { name: string; subjects: string[] };
}

export interface ConsumerDefinition {
  stream: string;
  config: Partial<ConsumerConfig> & { durable_name: string };
}

/** Stream names derive from the prefix too; NATS stream names may not contain dots. */
export function streamNames(subjects: Subjects) {
  const base = subjects.prefix.toUpperCase();
  return {
    events: `${base}_EVENTS`,
    deliveries: `${base}_DELIVERIES`,
    log: `${base}_LOG`,
  };
}

/**
 * The three streams:
 * - EVENTS: producers' envelopes, a work queue drained by ingest. Its dedup window makes a re-publish with the
 *   same `Nats-Msg-Id` harmless; Postgres' unique (app, eventId) covers longer spans.
 * - DELIVERIES: one task per (message, endpoint), a work queue drained by the dispatcher. `max_age` must cover
 *   the longest retry window (default schedule ≈ 33 h with jitter) so nothing expires while parked.
 * - LOG: the event log (message accepted, attempt made, config changes, ops events, rejections). Limits
 *   retention so delivery-log's projections can be dropped and rebuilt by replaying it.
 */
export function streamDefinitions(subjects: Subjects, replicas = 1): StreamDefinition[] {
  const names = streamNames(subjects);
  return [
    {
      name: names.events,
      config: {
        name: names.events,
        subjects: [subjects.eventsWildcard],
        retention: RetentionPolicy.Workqueue,
        storage: StorageType.File,
        max_age: 7 * DAY_NS,
        duplicate_window: 10 * 60 * SECOND_NS,
        num_replicas: replicas,
      },
    },
    {
      name: names.deliveries,
      config: {
        name: names.deliveries,
        subjects: [subjects.deliveriesWildcard],
        retention: RetentionPolicy.Workqueue,
        storage: StorageType.File,
        max_age: 14 * DAY_NS,
        duplicate_window: 10 * 60 * SECOND_NS,
        num_replicas: replicas,
      },
    },
    {
      name: names.log,
      config: {
        name: names.log,
        subjects: [subjects.logWildcard, subjects.opsWildcard, subjects.rejectedWildcard],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        max_age: 30 * DAY_NS,
        duplicate_window: 10 * 60 * SECOND_NS,
        num_replicas: replicas,
      },
    },
  ];
}

export const CONSUMER_NAMES = {
  ingest: 'ingest',
  dispatcher: 'dispatcher',
  deliveryLog: 'delivery-log',
} as const;

/** Ack deadline of a delivery task; the dispatcher extends it with `working()` while a POST is in flight. */
export const DISPATCH_ACK_WAIT_MS = 30_000;

export function ingestConsumer(subjects: Subjects): ConsumerDefinition {
  return {
    stream: streamNames(subjects).events,
    config: {
      durable_name: CONSUMER_NAMES.ingest,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: 30 * SECOND_NS,
      max_ack_pending: 1000,
      max_deliver: -1,
    },
  };
}

export function dispatcherConsumer(subjects: Subjects): ConsumerDefinition {
  return {
    stream: streamNames(subjects).deliveries,
    config: {
      durable_name: CONSUMER_NAMES.dispatcher,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: DISPATCH_ACK_WAIT_MS * 1_000_000,
      max_ack_pending: 10_000,
      max_deliver: -1,
    },
  };
}

export function deliveryLogConsumer(subjects: Subjects): ConsumerDefinition {
  return {
    stream: streamNames(subjects).log,
    config: {
      durable_name: CONSUMER_NAMES.deliveryLog,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: 30 * SECOND_NS,
      max_ack_pending: 5000,
      max_deliver: -1,
    },
  };
}
