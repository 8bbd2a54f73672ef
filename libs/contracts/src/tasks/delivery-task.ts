import type { AppId, EndpointId, MessageId } from '../ids/ids';

export type AttemptTrigger = 'scheduled' | 'manual';

export type SignatureProfile =
  | { type: 'hmac-hex'; header: string; prefix?: string }
  | { type: 'timestamped'; header: string };

/** Who holds the signing key for a delivery: the endpoint's own secret, or the app's callback secret. */
export type SigningKeyOwner = EndpointId | `callback:${AppId}`;

/**
 * One delivery of one message to one destination, published by ingest on the deliveries stream.
 * It carries a snapshot of what the dispatcher needs, so the dispatcher never reads another service's tables.
 * `Nats-Msg-Id` is `<msgId>:<endpointId>` so a re-published task (ingest redelivered after a crash) is dropped
 * by JetStream's dedup window instead of causing a second delivery.
 */
export interface DeliveryTask {
  v: 1;
  msgId: MessageId;
  appId: AppId;
  endpointId: EndpointId;
  eventType: string;
  /** Compact JSON of the payload: exactly the bytes POSTed and signed. */
  body: string;
  url: string;
  headers: Record<string, string>;
  keyOwner: SigningKeyOwner;
  signatureProfiles: SignatureProfile[];
  timeoutMs: number;
  retrySchedule: number[];
  /** Most POSTs in flight at once to this endpoint (per dispatcher replica). */
  maxConcurrency: number;
  /** Most POSTs per second to this endpoint (per dispatcher replica); null = unlimited. */
  rateLimit: number | null;
  trigger: AttemptTrigger;
  orderingKey?: string;
  /**
   * With an `orderingKey`: this message's place (1, 2, …) among the messages with that key to this endpoint, in
   * the order ingest accepted them. The dispatcher sends number n only after n − 1 is final.
   */
  orderingSeq?: number;
  /** 1-based number of the attempt this task makes. */
  attempt: number;
  /** Epoch ms before which the attempt must not run (a parked retry); absent for a fresh delivery. */
  notBefore?: number;
}

/** `Nats-Msg-Id` of a parked task: unique per park, so deferring the same attempt twice is not deduplicated. */
export function parkedTaskDedupId(task: Pick<DeliveryTask, 'msgId' | 'endpointId' | 'attempt' | 'notBefore'>): string {
  return `${task.msgId}:${task.endpointId}:${task.attempt}:p${task.notBefore ?? 0}`;
}

/**
 * `Nats-Msg-Id` of a task: `<msgId>:<endpointId>` for the first attempt, `…:<n>` for scheduled retry n, so a task
 * re-published after a crash is dropped by JetStream's dedup window instead of delivered twice. Retries of a
 * manual attempt (resend, recover) are told apart by their due time, as several resends may run at once.
 */
export function deliveryTaskDedupId(task: Pick<DeliveryTask, 'msgId' | 'endpointId' | 'attempt' | 'trigger' | 'notBefore'>): string {
  const base = `${task.msgId}:${task.endpointId}`;
  if (task.trigger === 'manual') return `${base}:manual:${task.attempt}:${task.notBefore ?? 0}`;
  return task.attempt === 1 ? base : `${base}:${task.attempt}`;
}

