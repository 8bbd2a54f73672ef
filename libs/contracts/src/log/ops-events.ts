import type { AppId, AttemptId, EndpointId, MessageId } from '../ids/ids';

/**
 * Operational events (SPEC §7) on `<prefix>.ops.<appId>.<type>`, shaped like Svix's operational webhooks
 * (`{ type, timestamp, data }`) so they can be delivered to operator endpoints as they are.
 */
export type OpsEvent =
  | {
      type: 'endpoint.disabled';
      timestamp: string;
      data: { appId: AppId; endpointId: EndpointId; trigger: 'automatic' | 'manual'; reason: string };
    }
  | {
      type: 'message.attempt.exhausted';
      timestamp: string;
      data: {
        appId: AppId;
        msgId: MessageId;
        endpointId: EndpointId;
        lastAttempt: { id: AttemptId; responseStatusCode: number; timestamp: string };
      };
    };

export type OpsEventType = OpsEvent['type'];
