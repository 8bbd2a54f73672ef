// The admin API's shapes as the console reads them (Svix-compatible REST, see libs/contracts/src/api).

export type StatusText = 'success' | 'pending' | 'fail' | 'sending' | 'canceled';

/** Svix `MessageStatus` numbers, as the list filters take them. */
export const STATUS_CODES: Record<StatusText, number> = { success: 0, pending: 1, fail: 2, sending: 3, canceled: 4 };

export interface ListResponse<T> {
  data: T[];
  iterator: string | null;
  done: boolean;
}

export interface Application {
  id: string;
  uid: string | null;
  name: string;
  createdAt: string;
}

export interface Endpoint {
  id: string;
  uid: string | null;
  url: string;
  description: string;
  disabled: boolean;
  filterTypes: string[] | null;
  channels: string[] | null;
  createdAt: string;
}

export type DisabledReason = 'manual' | 'gone' | 'receiver-requested' | 'failing';
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Hookstream's `GET …/endpoint/{ep}/health`: what the dispatchers reported, not an inference. */
export interface EndpointHealth {
  disabled: boolean;
  disabledReason: DisabledReason | null;
  disabledAt: string | null;
  /** The latest state a dispatcher replica reported; `since` null when its circuit never opened. */
  circuit: { state: CircuitState; since: string | null; replicaId: string | null };
  /** Over the endpoint's last `window` attempts. */
  successRate: { window: number; attempts: number; succeeded: number; rate: number | null };
  /** Newest first; `status` 0 succeeded, 2 failed. */
  lastAttempts: Array<{ status: number; responseStatusCode: number; timestamp: string }>;
}

export interface Message {
  id: string;
  eventType: string;
  eventId: string | null;
  payload: Record<string, unknown>;
  channels: string[] | null;
  timestamp: string;
}

/** A message as one endpoint got it (`GET …/endpoint/{ep}/msg`): the message plus that delivery's status. */
export interface EndpointMessage extends Message {
  status: number;
  statusText: StatusText;
}

export interface Attempt {
  id: string;
  msgId: string;
  endpointId: string;
  url: string;
  response: string;
  responseStatusCode: number;
  responseDurationMs: number;
  status: number;
  statusText: StatusText;
  /** 0 scheduled, 1 manual (a resend). */
  triggerType: number;
  timestamp: string;
}

export interface RecoverOut {
  id: string;
  status: string;
  task: string;
}

/** One status change on the live stream (`GET /api/v1/app/{app}/events/stream`, `event: status`). */
export interface LiveStatus {
  appId: string;
  msgId: string;
  endpointId: string;
  statusText: StatusText;
  attemptNumber?: number;
  responseStatusCode?: number;
  timestamp: string;
}

/** Hookstream's dead letter: a message a consumer gave up on after repeated failures of its own. */
export interface DeadLetter {
  id: string;
  /** The durable consumer that gave up (`ingest`, `delivery-log`, …). */
  consumer: string;
  stream: string;
  streamSeq: number;
  subject: string;
  /** Null when the subject names no app. */
  appId: string | null;
  /** Deliveries made before it was given up on. */
  deliveries: number;
  /** The last failure. */
  reason: string;
  /** The first KiB of the message. */
  excerpt: string;
  recordedAt: string;
}

export interface DeliveryFilter {
  status?: StatusText;
  eventType?: string;
  /** ISO times bounding the message timestamp. */
  after?: string;
  before?: string;
}
