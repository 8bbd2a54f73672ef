/** Why ingest refused an envelope. */
export type RejectionCode = 'invalid_json' | 'invalid_envelope' | 'payload_too_large' | 'unknown_app' | 'schema_violation';

/**
 * Hookstream extension: an envelope ingest refused, as listed by `GET /api/v1/app/{app}/rejected` and
 * `GET /api/v1/rejected`, and published on `<prefix>.rejected.<app>` (`type: "event.rejected"`).
 */
export interface RejectionOut {
  id: string;
  /** The resolved app id; null when the app is unknown. */
  appId: string | null;
  /** The app id or uid the producer addressed (subject token or bound pointer). */
  app: string;
  subject: string;
  code: RejectionCode;
  reason: string;
  /** The first KiB of what was received. */
  excerpt: string;
  receivedAt: string;
}
