import { attemptUrl, newAttemptId, type AttemptRecord, type DeliveryTask, type OpsEvent } from '@hookstream/contracts';

export interface AttemptResult {
  succeeded: boolean;
  responseStatusCode: number;
  response: string;
  durationMs: number;
  error: string | null;
  final: boolean;
}

/** The `attempt.made` record of one attempt of a task (or of a dead letter, which made no POST). */
export function attemptRecord(task: DeliveryTask, result: AttemptResult): AttemptRecord {
  return {
    id: newAttemptId(),
    msgId: task.msgId,
    appId: task.appId,
    endpointId: task.endpointId,
    url: attemptUrl(task.url),
    attemptNumber: task.attempt,
    trigger: task.trigger,
    outcome: result.succeeded ? 'succeeded' : 'failed',
    responseStatusCode: result.responseStatusCode,
    response: result.response,
    responseDurationMs: result.durationMs,
    error: result.error,
    timestamp: new Date().toISOString(),
    final: result.final,
  };
}

/** The operational event `message.attempt.exhausted`, after the last attempt of a delivery failed. */
export function exhaustedEvent(task: DeliveryTask, last: AttemptRecord): OpsEvent {
  return {
    type: 'message.attempt.exhausted',
    timestamp: last.timestamp,
    data: {
      appId: task.appId,
      msgId: task.msgId,
      endpointId: task.endpointId,
      lastAttempt: { id: last.id, responseStatusCode: last.responseStatusCode, timestamp: last.timestamp },
    },
  };
}

/** Dedup id of a delivery's one exhaustion event. */
export const exhaustedDedupId = (task: DeliveryTask): string => `${task.msgId}:${task.endpointId}`;
