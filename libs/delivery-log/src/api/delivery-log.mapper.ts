import { AttemptTriggerType, MessageStatus, type MessageAttemptOut, type MessageEndpointOut, type MessageOut, type MessageStatusText } from '@hookstream/contracts';
import type { AttemptProjection, BackgroundTaskRecord, DeliveryProjection, DeliveryStatus, EndpointProjection, MessageProjection } from '../persistence/entities';

/** Svix `MessageOut`; an expunged payload (or `with_content=false`) reads as `{}`. */
export function toMessageOut(message: MessageProjection, withContent = true): MessageOut {
  return {
    id: message.id,
    eventType: message.eventType,
    eventId: message.eventId,
    payload: withContent ? (message.payload ?? {}) : {},
    channels: message.channels,
    tags: message.tags,
    timestamp: message.timestamp.toISOString(),
  };
}

export function toAttemptOut(attempt: AttemptProjection, withContent = true, message?: MessageProjection): MessageAttemptOut & { msg?: MessageOut } {
  const statusText = attempt.outcome === 'succeeded' ? 'success' : 'fail';
  return {
    id: attempt.id,
    msgId: attempt.msgId,
    endpointId: attempt.endpointId,
    url: attempt.url,
    response: withContent ? (attempt.error ?? attempt.response) : '',
    responseStatusCode: attempt.responseStatusCode,
    responseDurationMs: attempt.responseDurationMs,
    status: MessageStatus[statusText],
    statusText,
    triggerType: AttemptTriggerType[attempt.trigger],
    timestamp: attempt.timestamp.toISOString(),
    ...(message ? { msg: toMessageOut(message) } : {}),
  };
}

export const STATUS_TEXT: Record<DeliveryStatus, MessageStatusText> = {
  pending: 'pending',
  sending: 'sending',
  succeeded: 'success',
  failed: 'fail',
  cancelled: 'canceled',
};

/** Svix `MessageStatus` number → the delivery status it filters on. */
export function deliveryStatusOf(status: number | undefined): DeliveryStatus | undefined {
  if (status === undefined) return undefined;
  const text = (Object.keys(MessageStatus) as MessageStatusText[]).find((key) => MessageStatus[key] === status);
  return (Object.keys(STATUS_TEXT) as DeliveryStatus[]).find((key) => STATUS_TEXT[key] === text);
}

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

/** Svix `EndpointMessageOut`: a message with the status of its delivery to one endpoint. */
export function toEndpointMessageOut(message: MessageProjection, delivery: DeliveryProjection, withContent = true) {
  const statusText = STATUS_TEXT[delivery.status];
  return { ...toMessageOut(message, withContent), status: MessageStatus[statusText], statusText, nextAttempt: null };
}

/** Svix `EndpointStats`. */
export function toEndpointStats(counts: Record<DeliveryStatus, number>) {
  return { success: counts.succeeded, pending: counts.pending, sending: counts.sending, fail: counts.failed, canceled: counts.cancelled };
}

/** Svix `BackgroundTaskOut` (and `RecoverOut`, the same without `data`). */
export function toBackgroundTaskOut(task: BackgroundTaskRecord) {
  return { id: task.id, status: task.status, task: task.task, data: task.data, updatedAt: task.updatedAt.toISOString() };
}
