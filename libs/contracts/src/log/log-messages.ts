import { createHash } from 'node:crypto';
import type { LogEvent } from './log-events';

/**
 * Several events of one app and type in one LOG message. Under load a service publishes the events of one event-loop
 * turn together (`LogPublisher`): one stored message, one PubAck and one ack instead of one each per event.
 */
export interface LogEventBatch {
  type: 'batch';
  events: LogEvent[];
}

/** The body of a LOG message: one event, or a batch. Its subject names the app and the events' type either way. */
export type LogMessageBody = LogEvent | LogEventBatch;

/** The events a LOG message holds, in the order they were published. */
export function logEventsOf(body: LogMessageBody): LogEvent[] {
  if (body.type !== 'batch') return [body];
  if (!Array.isArray(body.events)) throw new Error('LOG batch without an events array');
  return body.events;
}

/** A batch's body from its events' JSON texts, so nothing is serialised twice. */
export function logBatchJson(eventsJson: readonly string[]): string {
  return `{"type":"batch","events":[${eventsJson.join(',')}]}`;
}

/**
 * A batch's `Nats-Msg-Id` from its events' own ids (`logEventDedupId`): publishing the same batch again is a
 * duplicate, and a batch that shares some events with an earlier one is not (it holds others). An event published
 * again in another batch is recorded twice; the projections apply it once (every statement is idempotent).
 */
export function logBatchDedupId(eventDedupIds: readonly string[]): string {
  const digest = createHash('sha256').update(eventDedupIds.join('\n')).digest('base64url');
  return `batch:${eventDedupIds.length}:${digest}`;
}
