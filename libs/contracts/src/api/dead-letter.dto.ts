/**
 * Hookstream extension: a message a consumer gave up on after repeated failures of its own (never for an
 * outage), as listed by `GET /api/v1/dead-letter` and `GET /api/v1/app/{app}/dead-letter`.
 */
export interface DeadLetterOut {
  id: string;
  /** The durable consumer that gave up (`ingest`, `delivery-log`, …). */
  consumer: string;
  stream: string;
  streamSeq: number;
  subject: string;
  appId: string | null;
  /** Deliveries made before it was given up on. */
  deliveries: number;
  /** The last failure. */
  reason: string;
  /** The first KiB of the message. */
  excerpt: string;
  recordedAt: string;
}
