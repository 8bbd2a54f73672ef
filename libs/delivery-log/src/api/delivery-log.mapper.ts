import { AttemptTriggerType, MessageStatus, type MessageAttemptOut, type MessageOut } from '@hookstream/contracts';
import type { AttemptProjection, MessageProjection } from '../persistence/entities';

export function toMessageOut(message: MessageProjection): MessageOut {
  return {
    id: message.id,
    eventType: message.eventType,
    eventId: message.eventId,
    payload: message.payload ?? {},
    channels: message.channels,
    tags: message.tags,
    timestamp: message.timestamp.toISOString(),
  };
}

export function toAttemptOut(attempt: AttemptProjection): MessageAttemptOut {
  const statusText = attempt.outcome === 'succeeded' ? 'success' : 'fail';
  return {
    id: attempt.id,
    msgId: attempt.msgId,
    endpointId: attempt.endpointId,
    url: attempt.url,
    response: attempt.error ?? attempt.response,
    responseStatusCode: attempt.responseStatusCode,
    responseDurationMs: attempt.responseDurationMs,
    status: MessageStatus[statusText],
    statusText,
    triggerType: AttemptTriggerType[attempt.trigger],
    timestamp: attempt.timestamp.toISOString(),
  };
}
