/** An envelope ingest refuses: recorded with its reason, never retried. */
export class EventRejection extends Error {
  constructor(
    readonly reason: string,
    readonly code: 'invalid_json' | 'invalid_envelope' | 'payload_too_large' | 'unknown_app',
  ) {
    super(reason);
  }
}
