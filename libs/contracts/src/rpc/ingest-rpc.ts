import type { AppId, EndpointId, MessageId } from '../ids/ids';

/** ingest's request/reply patterns, relative to `Subjects.rpc()` (the NATS transport adds the prefix). */
export const IngestPatterns = {
  /** Queue a manual attempt (resend, recover) of a message to one endpoint, built from its current settings. */
  manualDelivery: 'ingest.deliveries.manual',
  /** The app an id or uid names now, for the API's authorisation: `ResolveAppRequest` → `ResolveAppResponse`. */
  resolveApp: 'ingest.apps.resolve',
} as const;

export interface ResolveAppRequest {
  /** An app's id or uid, as a path gave it. */
  app: string;
}

export interface ResolveAppResponse {
  /** The app's id; null when no app has that id or uid. */
  id: AppId | null;
}

/**
 * delivery-log holds the message (payload included), ingest holds the endpoint: delivery-log asks ingest to
 * publish the task. Answer `{ ok: true }`, or an `RpcErrorBody` with `not_found` for an unknown app/endpoint.
 * Manual deliveries skip filters and create attempts with trigger `manual`.
 */
export interface ManualDeliveryRequest {
  appId: AppId;
  endpointId: EndpointId;
  msgId: MessageId;
  eventType: string;
  /** Compact JSON of the stored payload. */
  body: string;
}

export interface ManualDeliveryResponse {
  ok: true;
}
