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
/** POSTs in flight to one app's endpoints together, whatever their settings: 1/2 of a worker. */
export const APP_SHARE = WORKER_SLOTS / 2;
/**
 * POSTs in flight to an endpoint answering fast: its app's whole share. A fast endpoint's slots turn over quickly,
 * but at full speed each also holds the signer's round trip and the busy process's own delays, so one busy endpoint
 * needs many at once.
 */
export const FAST_SHARE = APP_SHARE;
/** ...to an endpoint before its first answer, which may never come: 1/8 of a worker. */
export const UNPROVEN_SHARE = WORKER_SLOTS / 8;
/** ...to an endpoint found slow or hanging: 1/32 of a worker. */
export const SLOW_SHARE = WORKER_SLOTS / 32;

/** An endpoint whose responses take at most this long (moving average) is fast. */
export const FAST_ENDPOINT_MS = 1000;
/**
 * ...unless it has had POSTs out this long without one ending: it may be hanging. Not "a POST running this long":
 * a busy dispatcher can hold one that long itself, but its other POSTs keep ending.
 */
export const HANGING_AFTER_MS = 2000;
/**
 * Tasks that may wait in process per slot of a fast endpoint, and at most half of all slots: enough that a
 * full-speed endpoint's backlog waits here instead of going round the retries stream. Its response times are no
 * guide to how many: at full speed they measure this process's own busy event loop more than the endpoint.
 */
export const WAITERS_PER_SLOT = 4;
export const MAX_WAITERS = ALL_SLOTS / 2;

/** What the dispatcher knows of an endpoint's pace. */
export interface EndpointPace {
  /** Moving average of its response times; null before its first response. */
  latencyMs: number | null;
  /** How long it has had POSTs in flight without one ending; 0 with none in flight. */
  stalledMs: number;
}

export function isSlow(pace: EndpointPace): boolean {
  return (pace.latencyMs ?? 0) > FAST_ENDPOINT_MS || pace.stalledMs >= HANGING_AFTER_MS;
}

/** The share an endpoint has earned by its answers so far. */
export function endpointShare(pace: EndpointPace): number {
  if (isSlow(pace)) return SLOW_SHARE;
  return pace.latencyMs === null ? UNPROVEN_SHARE : FAST_SHARE;
}

/**
 * POSTs allowed in flight to an endpoint now: its `maxConcurrency`, as far as its adaptive window (`allowed`,
 * halved when it is overloaded) and its share let it.
 */
export function endpointLimit(maxConcurrency: number, allowed: number, pace: EndpointPace): number {
  return Math.min(maxConcurrency, allowed, endpointShare(pace));
}

/**
 * Tasks that may wait in process for the endpoint's slots: none for a slow or hanging endpoint, else
 * WAITERS_PER_SLOT per slot, at most MAX_WAITERS. An endpoint that never answers gets waiters only for its first
 * HANGING_AFTER_MS, and each waits at most SLOT_WAIT_MAX_MS: a short hold, where its POSTs hold slots to its timeout.
 */
export function waitingRoom(limit: number, pace: EndpointPace): number {
  return isSlow(pace) ? 0 : Math.min(MAX_WAITERS, limit * WAITERS_PER_SLOT);
}
