/**
 * How much of a dispatcher replica one endpoint or one app may take. A task holds a worker slot from the moment it
 * is taken up until its POST ends; an endpoint that never answers holds its slots (and sockets) until its timeout.
 * Shares are fractions of one worker's slots because all of an endpoint's tasks may arrive on the same worker
 * (fresh deliveries, usually), whose slots every other app's fresh deliveries need too.
 */

/** Tasks each delivery worker (fresh, due soon, due later) handles at once. */
export const WORKER_SLOTS = 256;
/** Every slot of the three delivery workers: the most POSTs a replica can have in flight. */
export const ALL_SLOTS = WORKER_SLOTS * 3;
/** POSTs in flight to one endpoint, whatever its `maxConcurrency`: 1/8 of a worker. */
export const ENDPOINT_SHARE = WORKER_SLOTS / 8;
/** POSTs in flight to one app's endpoints together: 1/2 of a worker. */
export const APP_SHARE = WORKER_SLOTS / 2;
/** POSTs in flight to an endpoint found slow or hanging: 1/32 of a worker. */
export const SLOW_SHARE = WORKER_SLOTS / 32;

/** An endpoint whose responses take at most this long (moving average) is fast. */
export const FAST_ENDPOINT_MS = 1000;
/** ...unless one of its POSTs has been running this long: it may be hanging. */
export const HANGING_AFTER_MS = 2000;
/**
 * A task may wait in process for a fast endpoint's slot only if, by its response times, its turn comes within
 * this long; a slow turnover is better served by parking than by holding a worker slot.
 */
export const EXPECTED_WAIT_MAX_MS = 250;
/**
 * Most tasks waiting for one endpoint's slots: a worker's slots. Only a fast endpoint has any, and they turn over
 * within EXPECTED_WAIT_MAX_MS, so a full-speed endpoint's backlog waits here instead of going round the retries.
 */
export const MAX_WAITERS = WORKER_SLOTS;

/** What the dispatcher knows of an endpoint's pace. */
export interface EndpointPace {
  /** Moving average of its response times; null before its first response. */
  latencyMs: number | null;
  /** How long its oldest POST in flight has been running; 0 with none. */
  oldestRunningMs: number;
}

export function isSlow(pace: EndpointPace): boolean {
  return (pace.latencyMs ?? 0) > FAST_ENDPOINT_MS || pace.oldestRunningMs >= HANGING_AFTER_MS;
}

/**
 * POSTs allowed in flight to an endpoint now: its `maxConcurrency`, as far as its adaptive window (`allowed`,
 * halved when it is overloaded) and its share let it.
 */
export function endpointLimit(maxConcurrency: number, allowed: number, pace: EndpointPace): number {
  return Math.min(maxConcurrency, allowed, isSlow(pace) ? SLOW_SHARE : ENDPOINT_SHARE);
}

/**
 * Tasks that may wait in process for the endpoint's slots (Little's law: `limit` slots freed every `latencyMs`):
 * none for a slow endpoint, one per slot before its first response, else as many as get a slot within
 * EXPECTED_WAIT_MAX_MS, at most MAX_WAITERS.
 */
export function waitingRoom(limit: number, pace: EndpointPace): number {
  if (isSlow(pace)) return 0;
  if (pace.latencyMs === null) return limit;
  return Math.min(MAX_WAITERS, Math.floor((limit * EXPECTED_WAIT_MAX_MS) / Math.max(1, pace.latencyMs)));
}
