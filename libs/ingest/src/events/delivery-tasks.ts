import {
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_RETRY_SCHEDULE,
  DEFAULT_TIMEOUT_MS,
  type AppId,
  type AttemptTrigger,
  type DeliveryTask,
  type EndpointId,
  type MessageId,
} from '@hookstream/contracts';
import { callbackKeyOwner } from '../callback-secrets/callback-secrets.service';
import type { ApplicationEntity } from '../persistence/application.entity';
import type { EndpointEntity } from '../persistence/endpoint.entity';

export interface TaskMessage {
  msgId: MessageId;
  eventType: string;
  /** Compact JSON of the payload. */
  body: string;
  orderingKey?: string;
  trigger: AttemptTrigger;
}

/** A first attempt to a configured endpoint, with a snapshot of its delivery settings. */
export function endpointTask(app: Pick<ApplicationEntity, 'id' | 'retrySchedule'>, endpoint: EndpointEntity, message: TaskMessage): DeliveryTask {
  return {
    v: 1,
    msgId: message.msgId,
    appId: app.id,
    endpointId: endpoint.id,
    eventType: message.eventType,
    body: message.body,
    url: endpoint.url,
    headers: endpoint.headers,
    keyOwner: endpoint.id,
    signatureProfiles: endpoint.signatureProfiles,
    timeoutMs: endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retrySchedule: endpoint.retrySchedule ?? app.retrySchedule ?? [...DEFAULT_RETRY_SCHEDULE],
    maxConcurrency: endpoint.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
    rateLimit: endpoint.rateLimit,
    trigger: message.trigger,
    orderingKey: message.orderingKey,
    attempt: 1,
  };
}

/** The one-off delivery to an envelope's `callbackUrl`: signed with the app's callback secret, app's retries. */
export function callbackTask(
  app: Pick<ApplicationEntity, 'retrySchedule'> & { id: AppId },
  endpointId: EndpointId,
  url: string,
  message: TaskMessage,
): DeliveryTask {
  return {
    v: 1,
    msgId: message.msgId,
    appId: app.id,
    endpointId,
    eventType: message.eventType,
    body: message.body,
    url,
    headers: {},
    keyOwner: callbackKeyOwner(app.id),
    signatureProfiles: [],
    timeoutMs: DEFAULT_TIMEOUT_MS,
    retrySchedule: app.retrySchedule ?? [...DEFAULT_RETRY_SCHEDULE],
    maxConcurrency: DEFAULT_MAX_CONCURRENCY,
    rateLimit: null,
    trigger: message.trigger,
    orderingKey: message.orderingKey,
    attempt: 1,
  };
}
