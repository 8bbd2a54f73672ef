import type { DisabledReason } from '../health/endpoint-health';
import type { AppId, AttemptId, EndpointId, MessageId } from '../ids/ids';

/**
 * Operational events on `<prefix>.ops.<appId>.<type>`, shaped like Svix's operational webhooks
 * (`{ type, timestamp, data }`) so they can be delivered to operator endpoints as they are.
 */
export type OpsEvent =
  | {
      /** Svix's `endpoint.created`, `endpoint.updated`, `endpoint.deleted` operational webhooks. */
      type: 'endpoint.created' | 'endpoint.updated' | 'endpoint.deleted';
      timestamp: string;
      data: { appId: AppId; appUid: string | null; endpointId: EndpointId; endpointUid: string | null };
    }
  | {
      type: 'endpoint.disabled';
      timestamp: string;
      data: {
        appId: AppId;
        endpointId: EndpointId;
        trigger: 'automatic' | 'manual';
        reason: DisabledReason;
        /** Human-readable detail of the reason. */
        detail: string;
        /** Svix's `failSince`: when the endpoint started failing (reason `failing` only). */
        failSince?: string;
      };
    }
  | {
      /** Svix semantics: after the 4th failed attempt of a delivery. */
      type: 'message.attempt.failing';
      timestamp: string;
      data: { appId: AppId; msgId: MessageId; endpointId: EndpointId; lastAttempt: { id: AttemptId; responseStatusCode: number; timestamp: string } };
    }
  | {
      /** A delivery that had been reported failing succeeded. */
      type: 'message.attempt.recovered';
      timestamp: string;
      data: { appId: AppId; msgId: MessageId; endpointId: EndpointId; lastAttempt: { id: AttemptId; responseStatusCode: number; timestamp: string } };
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
