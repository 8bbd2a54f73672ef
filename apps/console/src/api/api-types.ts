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

export interface EndpointStats {
  success: number;
  pending: number;
  sending: number;
  fail: number;
  canceled: number;
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

export interface DeliveryFilter {
  status?: StatusText;
  eventType?: string;
  /** ISO times bounding the message timestamp. */
  after?: string;
  before?: string;
}
