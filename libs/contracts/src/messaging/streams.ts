import { AckPolicy, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType, type ConsumerConfig, type StreamConfig } from 'nats';
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
    advisories: `${base}_ADVISORIES`,
    /** Created by ingest; its subjects are the bound platform subjects (see `bindingsStream`). */
    bindings: `${base}_BINDINGS`,
  };
}

/**
 * The three streams:
 * - EVENTS: producers' envelopes, a work queue drained by ingest. Its dedup window makes a re-publish with the
 *   same `Nats-Msg-Id` harmless; Postgres' unique (app, eventId) covers longer spans.
 * - DELIVERIES: one task per (message, endpoint), a work queue drained by the dispatcher through three consumers:
 *   fresh deliveries, parked ones due soon (deferrals, short retries) and parked ones due later, on separate
 *   subjects. A message parked with `nak(delay)` counts against its consumer's `max_ack_pending`, so
 *   fresh work never waits behind parked retries. And nats-server 2.9 walks all of a consumer's pending messages
 *   each time one of them comes due: with 100k retries parked for hours on the consumer that also holds the
 *   second-long deferrals, that walk ran many times a second and took most of a core (docs/benchmarks.md,
 *   "Isolation"); apart, the long parks are walked only as often as they come due. `max_age` covers the longest
 *   retry window (default schedule ≈ 33 h with jitter).
 * - LOG: the event log (message accepted, attempt made, config changes, ops events, rejections). Limits
 *   retention so delivery-log's projections can be dropped and rebuilt by replaying it.
 */
export function streamDefinitions(subjects: Subjects, replicas = 1, limits: StreamLimits = UNLIMITED_STREAMS): StreamDefinition[] {
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
        ...bounded(limits.events),
      },
    },
    {
      name: names.deliveries,
      config: {
        name: names.deliveries,
        subjects: [subjects.deliveriesWildcard, subjects.retriesWildcard, subjects.laterWildcard],
        retention: RetentionPolicy.Workqueue,
        storage: StorageType.File,
        max_age: 14 * DAY_NS,
        duplicate_window: 10 * 60 * SECOND_NS,
        num_replicas: replicas,
        ...bounded(limits.deliveries),
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
        ...bounded(limits.log),
      },
    },
    {
      name: names.advisories,
      config: {
        name: names.advisories,
        subjects: deadLetterAdvisorySubjects(names.deliveries),
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        max_age: 14 * DAY_NS,
        num_replicas: replicas,
      },
    },
  ];
}

/** Bytes and messages one stream may hold; -1 is unlimited (the server's own storage limits still apply). */
export interface StreamLimit {
  maxBytes: number;
  maxMsgs: number;
}

export interface StreamLimits {
  events: StreamLimit;
  deliveries: StreamLimit;
  log: StreamLimit;
}

const UNLIMITED: StreamLimit = { maxBytes: -1, maxMsgs: -1 };
export const UNLIMITED_STREAMS: StreamLimits = { events: UNLIMITED, deliveries: UNLIMITED, log: UNLIMITED };

/**
 * A full stream refuses new messages (`discard: new`): the publisher gets an error it can act on (a producer's
 * PubAck error, a REST 503, a worker's retry later) instead of the stream silently dropping old work or history.
 */
function bounded(limit: StreamLimit): Partial<StreamConfig> {
  return { max_bytes: limit.maxBytes, max_msgs: limit.maxMsgs, discard: DiscardPolicy.New };
}

/**
 * Advisories are core NATS messages, lost unless a stream captures them: the ones saying a delivery
 * task ran out of deliveries or was terminated, so the dispatcher can record it instead of losing it.
 */
export function deadLetterAdvisorySubjects(deliveriesStream: string): string[] {
  return [
    `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${deliveriesStream}.*`,
    `$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.${deliveriesStream}.*`,
  ];
}

export const CONSUMER_NAMES = {
  ingest: 'ingest',
  ingestEndpointHealth: 'ingest-endpoint-health',
  ingestBindings: 'ingest-bindings',
  dispatcher: 'dispatcher',
  dispatcherRetries: 'dispatcher-retries',
  dispatcherLater: 'dispatcher-later',
  dispatcherDeadLetters: 'dispatcher-dead-letters',
  deliveryLog: 'delivery-log',
} as const;

/** Ack deadline of a delivery task; the dispatcher extends it with `working()` while a POST is in flight. */
export const DISPATCH_ACK_WAIT_MS = 30_000;

/**
 * A durable pull consumer with what every Hookstream consumer shares: explicit acks, from the stream's start,
 * a 30 s ack deadline and unlimited deliveries (each consumer narrows what differs).
 */
function durableConsumer(stream: string, durableName: string, settings: Partial<ConsumerConfig>): ConsumerDefinition {
  return {
    stream,
    config: {
      durable_name: durableName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: 30 * SECOND_NS,
      max_deliver: -1,
      ...settings,
    },
  };
}

export function ingestConsumer(subjects: Subjects): ConsumerDefinition {
  return durableConsumer(streamNames(subjects).events, CONSUMER_NAMES.ingest, { max_ack_pending: 1000 });
}

/**
 * Deliveries are redelivered by JetStream only when a dispatcher dies mid-task or its handler fails (backing off
 * up to a minute: about 1.5 h of trouble); after `max_deliver` such tries the advisory is captured and the
 * delivery recorded as dead-lettered.
 */
export const DISPATCH_MAX_DELIVER = 100;

/** Fresh deliveries: nothing is ever parked here, so `max_ack_pending` bounds only work in progress. */
export function dispatcherConsumer(subjects: Subjects, maxDeliver = DISPATCH_MAX_DELIVER): ConsumerDefinition {
  return durableConsumer(streamNames(subjects).deliveries, CONSUMER_NAMES.dispatcher, {
    filter_subject: subjects.deliveriesWildcard,
    ack_wait: DISPATCH_ACK_WAIT_MS * 1_000_000,
    max_ack_pending: 10_000,
    max_deliver: maxDeliver,
  });
}

/** Parked deliveries due soon, held by JetStream with `nak(delay)` until due. */
export function dispatcherRetriesConsumer(subjects: Subjects, maxDeliver = DISPATCH_MAX_DELIVER): ConsumerDefinition {
  return parkedConsumer(subjects, CONSUMER_NAMES.dispatcherRetries, subjects.retriesWildcard, maxDeliver);
}

/** Parked deliveries due later, held the same way; 100k parked cost the server ~40 MB. */
export function dispatcherLaterConsumer(subjects: Subjects, maxDeliver = DISPATCH_MAX_DELIVER): ConsumerDefinition {
  return parkedConsumer(subjects, CONSUMER_NAMES.dispatcherLater, subjects.laterWildcard, maxDeliver);
}

/** The consumers of parked deliveries, due soon and due later. */
export function parkedConsumers(subjects: Subjects, maxDeliver = DISPATCH_MAX_DELIVER): ConsumerDefinition[] {
  return [dispatcherRetriesConsumer(subjects, maxDeliver), dispatcherLaterConsumer(subjects, maxDeliver)];
}

function parkedConsumer(subjects: Subjects, name: string, filter: string, maxDeliver: number): ConsumerDefinition {
  return durableConsumer(streamNames(subjects).deliveries, name, {
    filter_subject: filter,
    ack_wait: DISPATCH_ACK_WAIT_MS * 1_000_000,
    max_ack_pending: 500_000,
    max_deliver: maxDeliver,
  });
}

export function deliveryLogConsumer(subjects: Subjects): ConsumerDefinition {
  return durableConsumer(streamNames(subjects).log, CONSUMER_NAMES.deliveryLog, { max_ack_pending: 5000 });
}

/** ingest applies `endpoint.disabled` (from the dispatcher) to the endpoints it owns. */
export function ingestEndpointHealthConsumer(subjects: Subjects): ConsumerDefinition {
  return durableConsumer(streamNames(subjects).log, CONSUMER_NAMES.ingestEndpointHealth, {
    filter_subject: subjects.ops('*', 'endpoint.disabled'),
    max_ack_pending: 1000,
  });
}

export function dispatcherDeadLettersConsumer(subjects: Subjects): ConsumerDefinition {
  return durableConsumer(streamNames(subjects).advisories, CONSUMER_NAMES.dispatcherDeadLetters, { max_ack_pending: 100 });
}

/**
 * The BINDINGS stream (a work queue over the bound platform subjects, see `bindingsStream`) drained by ingest,
 * which turns each message into an envelope for the bound event type.
 */
export function ingestBindingsConsumer(subjects: Subjects): ConsumerDefinition {
  return durableConsumer(streamNames(subjects).bindings, CONSUMER_NAMES.ingestBindings, { max_ack_pending: 1000 });
}

/**
 * The BINDINGS stream for the given platform subjects (which must not overlap any other stream's). It always
 * holds `<prefix>.bindings.idle` too, so it exists, and ingest's consumer runs, even while nothing is bound.
 */
export function bindingsStream(subjects: Subjects, boundSubjects: string[], replicas = 1): StreamDefinition {
  const name = streamNames(subjects).bindings;
  return {
    name,
    config: {
      name,
      subjects: [`${subjects.prefix}.bindings.idle`, ...boundSubjects],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      max_age: 7 * DAY_NS,
      duplicate_window: 10 * 60 * SECOND_NS,
      num_replicas: replicas,
    },
  };
}
