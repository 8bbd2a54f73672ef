/** Svix `MessageOut`. */
export interface MessageOut {
  id: string;
  eventType: string;
  eventId: string | null;
  payload: Record<string, unknown>;
  channels: string[] | null;
  tags: string[] | null;
  timestamp: string;
}

/** Svix `MessageStatus`: 0 success, 1 pending, 2 fail, 3 sending, 4 canceled. */
export const MessageStatus = { success: 0, pending: 1, fail: 2, sending: 3, canceled: 4 } as const;
export type MessageStatusText = keyof typeof MessageStatus;

/** Svix `MessageAttemptTriggerType`: 0 scheduled, 1 manual. */
export const AttemptTriggerType = { scheduled: 0, manual: 1 } as const;

/** Svix `MessageAttemptOut`. */
export interface MessageAttemptOut {
  id: string;
  msgId: string;
  endpointId: string;
  url: string;
  response: string;
  responseStatusCode: number;
  responseDurationMs: number;
  status: number;
  statusText: MessageStatusText;
  triggerType: number;
  timestamp: string;
}

/** Svix list responses: newest first; `iterator` is the cursor for the next page. */
export interface ListResponse<T> {
  data: T[];
  iterator: string | null;
  prevIterator: string | null;
  done: boolean;
}

/** Svix `MessageEndpointOut`: one destination of a message and its delivery status. */
export interface MessageEndpointOut {
  id: string;
  uid: string | null;
  url: string;
  disabled: boolean;
  status: number;
  statusText: MessageStatusText;
  nextAttempt: string | null;
  createdAt: string;
  updatedAt: string;
  description: string;
  version: number;
  filterTypes: string[] | null;
  channels: string[] | null;
}
