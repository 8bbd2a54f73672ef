import type { AppId, EndpointId } from '../ids/ids';

/**
 * Why an endpoint is disabled: an operator or API client set `disabled` (`manual`), it answered 410 Gone (`gone`),
 * it answered `webhook-delivery: disable` (`receiver-requested`), or it failed without a success for longer than
 * `HOOKSTREAM_ENDPOINT_DISABLE_AFTER_SECONDS` (`failing`).
 */
export const DISABLED_REASONS = ['manual', 'gone', 'receiver-requested', 'failing'] as const;
export type DisabledReason = (typeof DISABLED_REASONS)[number];

/** A dispatcher replica's circuit breaker for one endpoint (`half-open`: one probe is being sent). */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** LOG event data: one replica's circuit for an endpoint changed state (transitions only, so low volume). */
export interface CircuitChange {
  appId: AppId;
  endpointId: EndpointId;
  state: CircuitState;
  /** The dispatcher replica whose breaker changed (each replica has its own). */
  replicaId: string;
  timestamp: string;
}

/** Hookstream extension `GET /api/v1/app/{app}/endpoint/{ep}/health`. */
export interface EndpointHealthOut {
  disabled: boolean;
  disabledReason: DisabledReason | null;
  disabledAt: string | null;
  /** The latest circuit change any dispatcher replica reported; `closed` with `since: null` when none ever opened. */
  circuit: { state: CircuitState; since: string | null; replicaId: string | null };
  /** Over the endpoint's last `window` attempts (not a time window); `rate` is null before any attempt. */
  successRate: { window: number; attempts: number; succeeded: number; rate: number | null };
  /** Newest first. `status` is Svix's attempt status: 0 succeeded, 2 failed. */
  lastAttempts: Array<{ status: number; responseStatusCode: number; timestamp: string }>;
}
