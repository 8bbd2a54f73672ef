import type { AppId, AttemptId, EndpointId, MessageId } from '../ids/ids';
import type { CircuitChange, DisabledReason } from '../health/endpoint-health';
import type { AttemptTrigger } from '../tasks/delivery-task';

export interface AppRecord {
  id: AppId;
  uid: string | null;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface EndpointRecord {
  id: EndpointId;
  appId: AppId;
  uid: string | null;
  url: string;
  disabled: boolean;
  /** Why and since when it is disabled; null while enabled (absent in events published before they existed). */
  disabledReason?: DisabledReason | null;
  disabledAt?: string | null;
  createdAt: string;
  updatedAt: string;
  /** True for the pseudo-endpoint of a per-request `callbackUrl` (not an endpoint of the API). */
  callback?: boolean;
}

export interface MessageRecord {
  id: MessageId;
  appId: AppId;
  eventType: string;
  eventId: string | null;
  payload: Record<string, unknown>;
  channels: string[] | null;
  tags: string[] | null;
  timestamp: string;
}

export type AttemptOutcome = 'succeeded' | 'failed';

export interface AttemptRecord {
  id: AttemptId;
  msgId: MessageId;
  appId: AppId;
  endpointId: EndpointId;
  /** The endpoint URL POSTed to, without its credentials (`attemptUrl`). */
  url: string;
  /** 1-based number of this attempt within its delivery. */
  attemptNumber: number;
  trigger: AttemptTrigger;
  outcome: AttemptOutcome;
  /** HTTP status, or 0 when no response came (timeout, connection error, blocked address). */
  responseStatusCode: number;
  response: string;
  responseDurationMs: number;
  /** Human-readable reason for a failure without an HTTP response. */
  error: string | null;
  timestamp: string;
  /** True when no further attempt will be made for this delivery (succeeded, or failed with no retries left). */
  final: boolean;
  /** W3C trace id the POST carried in `traceparent` (absent for attempts without a POST, e.g. dead letters). */
  traceId?: string;
}

/** Events on the LOG stream, keyed by `type` (also the last subject token). */
export type LogEvent =
  | { type: 'app.upserted'; app: AppRecord }
  | { type: 'endpoint.upserted'; endpoint: EndpointRecord }
  | { type: 'message.accepted'; message: MessageRecord; endpointIds: EndpointId[] }
  | { type: 'attempt.made'; attempt: AttemptRecord }
  /** No further attempt will be made: the endpoint was disabled, or the task was dead-lettered. */
  | { type: 'delivery.cancelled'; delivery: CancelledDelivery }
  /** An attempt is about to be POSTed (status `sending` until its `attempt.made`). */
  | { type: 'delivery.sending'; delivery: SendingDelivery }
  /** The stored payload of a message was removed (Svix expunge, or its retention period ended). */
  | { type: 'message.content.expunged'; content: ExpungedContent }
  /** The stored response body of one attempt was removed. */
  | { type: 'attempt.content.expunged'; content: ExpungedContent & { attemptId: AttemptId } }
  /** A dispatcher replica's circuit breaker for an endpoint opened, went half-open (probing) or closed. */
  | { type: 'endpoint.circuit.changed'; circuit: CircuitChange }
  /** A consumer gave up on a message that kept failing for a reason of its own, and moved past it. */
  | { type: 'dead_letter.recorded'; deadLetter: DeadLetterRecord };

/**
 * A message a consumer terminated after it failed `deliveries` times for a reason other than an outage. Every
 * text field is storable (NUL and lone surrogates escaped); `excerpt` is the message's first kilobyte.
 */
export interface DeadLetterRecord {
  id: string;
  consumer: string;
  stream: string;
  streamSeq: number;
  subject: string;
  /** The app the message was addressed to, when its subject names one that looks like an app id. */
  appId: AppId | null;
  deliveries: number;
  reason: string;
  excerpt: string;
  timestamp: string;
}

export interface SendingDelivery {
  msgId: MessageId;
  appId: AppId;
  endpointId: EndpointId;
  attemptNumber: number;
  timestamp: string;
}

export interface ExpungedContent {
  msgId: MessageId;
  appId: AppId;
  timestamp: string;
}

export interface CancelledDelivery {
  msgId: MessageId;
  appId: AppId;
  endpointId: EndpointId;
  reason: string;
  timestamp: string;
}

export type LogEventType = LogEvent['type'];

export function logEventDedupId(event: LogEvent): string {
  switch (event.type) {
    case 'app.upserted':
      return `app:${event.app.id}:${event.app.updatedAt}`;
    case 'endpoint.upserted':
      return `ep:${event.endpoint.id}:${event.endpoint.updatedAt}`;
    case 'message.accepted':
      return `msg:${event.message.id}`;
    case 'attempt.made':
      return `atmpt:${event.attempt.id}`;
    case 'delivery.cancelled':
      return `cancel:${event.delivery.msgId}:${event.delivery.endpointId}`;
    case 'delivery.sending':
      return `sending:${event.delivery.msgId}:${event.delivery.endpointId}:${event.delivery.attemptNumber}`;
    case 'message.content.expunged':
      return `expunge:${event.content.msgId}`;
    case 'attempt.content.expunged':
      return `expunge:${event.content.attemptId}`;
    case 'endpoint.circuit.changed':
      return `circuit:${event.circuit.endpointId}:${event.circuit.replicaId}:${event.circuit.state}:${event.circuit.timestamp}`;
    case 'dead_letter.recorded':
      return `dead:${event.deadLetter.stream}:${event.deadLetter.consumer}:${event.deadLetter.streamSeq}`;
  }
}

/** The ids a log line about this event carries (`msgId`, `appId`, `endpointId`, …); never payloads or secrets. */
export function logEventIds(event: LogEvent): Record<string, string> {
  switch (event.type) {
    case 'app.upserted':
      return { appId: event.app.id };
    case 'endpoint.upserted':
      return { appId: event.endpoint.appId, endpointId: event.endpoint.id };
    case 'message.accepted':
      return { appId: event.message.appId, msgId: event.message.id };
    case 'attempt.made': {
      const { appId, msgId, endpointId, id, traceId } = event.attempt;
      return { appId, msgId, endpointId, attemptId: id, ...(traceId ? { traceId } : {}) };
    }
    case 'delivery.cancelled':
    case 'delivery.sending':
      return { appId: event.delivery.appId, msgId: event.delivery.msgId, endpointId: event.delivery.endpointId };
    case 'message.content.expunged':
      return { appId: event.content.appId, msgId: event.content.msgId };
    case 'attempt.content.expunged':
      return { appId: event.content.appId, msgId: event.content.msgId, attemptId: event.content.attemptId };
    case 'endpoint.circuit.changed':
      return { appId: event.circuit.appId, endpointId: event.circuit.endpointId };
    case 'dead_letter.recorded':
      return { ...(event.deadLetter.appId ? { appId: event.deadLetter.appId } : {}), consumer: event.deadLetter.consumer, deadLetterId: event.deadLetter.id };
  }
}
