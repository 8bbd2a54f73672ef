import { AttemptTriggerType, MessageStatus, type MessageAttemptOut, type MessageEndpointOut, type MessageOut, type MessageStatusText } from '@hookstream/contracts';
import type { AttemptProjection, DeliveryProjection, DeliveryStatus, EndpointProjection, MessageProjection } from '../persistence/entities';

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

const STATUS_TEXT: Record<DeliveryStatus, MessageStatusText> = {
  pending: 'pending',
  sending: 'sending',
  succeeded: 'success',
  failed: 'fail',
  cancelled: 'canceled',
};

export function toMessageEndpointOut(delivery: DeliveryProjection, endpoint: EndpointProjection | null): MessageEndpointOut {
  const statusText = STATUS_TEXT[delivery.status];
  const updatedAt = (endpoint?.updatedAt ?? delivery.lastAttemptAt ?? new Date(0)).toISOString();
  return {
    id: delivery.endpointId,
    uid: endpoint?.uid ?? null,
    url: endpoint?.url ?? '',
    disabled: endpoint?.disabled ?? false,
    status: MessageStatus[statusText],
    statusText,
    nextAttempt: null,
    createdAt: updatedAt,
    updatedAt,
    description: '',
    version: 1,
    filterTypes: null,
    channels: null,
  };
}
