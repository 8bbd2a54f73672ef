/** The default retry schedule, in seconds after each failed attempt (±20 % jitter is applied by the dispatcher). */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [5, 300, 1800, 7200, 18000, 36000, 36000];

/** Attempt timeout when an endpoint sets none. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** Largest accepted payload (compact JSON bytes). */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** Per-endpoint concurrency when an endpoint sets none. */
export const DEFAULT_MAX_CONCURRENCY = 10;
