import type { RejectionCode } from '@hookstream/contracts';

/** An envelope ingest refuses: recorded with its reason, never retried. */
export class EventRejection extends Error {
  constructor(
    readonly reason: string,
    readonly code: RejectionCode,
  ) {
    super(reason);
  }
}
