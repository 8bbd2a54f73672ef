import { APP_SHARE, endpointLimit, FAST_SHARE, waitingRoom, type EndpointPace } from './fair-share';

/** Where a task goes, and the limits its endpoint was given. */
export interface DeliveryTarget {
  appId: string;
  endpointId: string;
  maxConcurrency: number;
  /** Requests per second; null = unlimited. */
  rateLimit: number | null;
}

/** Bounds of the wait before a task finding its endpoint busy is tried again. */
export const BUSY_DEFER_MIN_MS = 50;
export const BUSY_DEFER_MAX_MS = 5000;
/** Longest a task waits here for a slot before it is parked after all. */
export const SLOT_WAIT_MAX_MS = 2000;
/**
 * What was learnt of an endpoint (its pace, its window) is kept this long after its last POST, so a bursty
 * endpoint is not back to the share of one that never answered at each burst.
 */
export const FORGET_IDLE_MS = 60_000;

/** What stopped a task: its endpoint's concurrency, its app's share, or its endpoint's rate limit. */
export type LimitedBy = 'endpoint' | 'app' | 'rate';

export type Admission = { admitted: true; release: () => void } | { admitted: false; retryAt: number; limitedBy: LimitedBy };
type Refusal = Extract<Admission, { admitted: false }>;

interface Waiter {
  grant: (admission: Admission) => void;
  timer: NodeJS.Timeout;
}

/** POSTs in flight, each with its start time, oldest first. */
interface Running {
  inFlight: number;
  started: Set<{ at: number }>;
}

interface EndpointSlots extends Running {
  /** Moving average of this endpoint's response times; null before its first. */
  latencyMs: number | null;
  /** Adaptive window: halved when the endpoint is overloaded or times out, regrown by one per success. */
  allowed: number;
  tokens: number;
  refilledAt: number;
  /** Tasks waiting for a slot of this endpoint, first come first served. */
  waiters: Waiter[];
  /** When a POST of it last ended (or it was first seen). */
  lastEndedAt: number;
}

/**
 * Per-endpoint concurrency (`maxConcurrency` within the fair share, adaptive: AIMD on overload and timeouts,
 * less for a slow or hanging endpoint), per-app share, and rate (`rateLimit`, token bucket). A task that is not
 * admitted is parked until `retryAt` instead of occupying a worker; with `admitOrWait`, a task finding a fast
 * endpoint busy waits here for a slot instead, a bounded number per endpoint for a bounded time, so a busy fast
 * endpoint's backlog doesn't go round the retries stream.
 */
export class EndpointLimiter {
  private readonly endpoints = new Map<string, EndpointSlots>();
  private readonly apps = new Map<string, Running>();
  private sweptAt = 0;

  async admitOrWait(target: DeliveryTarget): Promise<Admission> {
    const admission = this.admit(target);
    if (admission.admitted || !this.mayWait(target, admission)) return admission;
    const slots = this.slots(target, Date.now());
    return new Promise<Admission>((resolve) => {
      const waiter: Waiter = {
        grant: resolve,
        timer: setTimeout(() => {
          slots.waiters.splice(slots.waiters.indexOf(waiter), 1);
          resolve(this.admit(target));
        }, SLOT_WAIT_MAX_MS),
      };
      slots.waiters.push(waiter);
    });
  }

  admit(target: DeliveryTarget, now = Date.now(), random: () => number = Math.random): Admission {
    this.forgetIdle(now);
    const slots = this.slots(target, now);
    const app = this.apps.get(target.appId) ?? { inFlight: 0, started: new Set<{ at: number }>() };
    const refusal = this.refusal(target, slots, app, now, random);
    if (refusal) return refusal;
    if (target.rateLimit !== null) slots.tokens -= 1;
    this.apps.set(target.appId, app);
    const post = { at: now };
    for (const running of [slots, app]) {
      running.inFlight += 1;
      running.started.add(post);
    }
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        for (const running of [slots, app]) {
          running.inFlight -= 1;
          running.started.delete(post);
        }
        if (app.inFlight === 0 && this.apps.get(target.appId) === app) this.apps.delete(target.appId);
        slots.lastEndedAt = Date.now();
        this.handOver(target, slots);
      },
    };
  }

  /** Drops endpoints idle for FORGET_IDLE_MS; looked for a few times a minute, not on every admission. */
  private forgetIdle(now: number): void {
    if (now - this.sweptAt < FORGET_IDLE_MS / 4) return;
    this.sweptAt = now;
    for (const [endpointId, slots] of this.endpoints) {
      const idle = slots.inFlight === 0 && slots.waiters.length === 0 && now - slots.lastEndedAt >= FORGET_IDLE_MS;
      if (idle) this.endpoints.delete(endpointId);
    }
  }

  /** The first limit the task runs into, with when to ask again; null when it may go. */
  private refusal(target: DeliveryTarget, slots: EndpointSlots, app: Running, now: number, random: () => number): Refusal | null {
    const jittered = (ms: number) => now + Math.round(ms * (0.5 + random()));
    if (slots.inFlight >= endpointLimit(target.maxConcurrency, slots.allowed, pace(slots, now))) {
      return { admitted: false, retryAt: jittered(busyDeferMs(slots, slots.latencyMs, now)), limitedBy: 'endpoint' };
    }
    if (app.inFlight >= APP_SHARE) return { admitted: false, retryAt: jittered(busyDeferMs(app, null, now)), limitedBy: 'app' };
    if (target.rateLimit !== null) {
      this.refill(slots, target.rateLimit, now);
      if (slots.tokens < 1) return { admitted: false, retryAt: now + Math.ceil(((1 - slots.tokens) / target.rateLimit) * 1000), limitedBy: 'rate' };
    }
    return null;
  }

  /** Freed slots go to the tasks waiting for them, oldest first, while the app's share has room. */
  private handOver(target: DeliveryTarget, slots: EndpointSlots): void {
    while (slots.waiters.length > 0 && slots.inFlight < endpointLimit(target.maxConcurrency, slots.allowed, pace(slots, Date.now()))) {
      if ((this.apps.get(target.appId)?.inFlight ?? 0) >= APP_SHARE) return;
      const waiter = slots.waiters.shift() as Waiter;
      clearTimeout(waiter.timer);
      waiter.grant(this.admit(target));
    }
  }

  /**
   * Only for the endpoint's own concurrency (a rate limit says when, exactly; the app's share frees up on another
   * endpoint's schedule), for a fast endpoint, and with room in its queue. Fast is judged by the endpoint's
   * response times, not by how long its slots are held, which includes signing and a busy dispatcher's own delays.
   */
  private mayWait(target: DeliveryTarget, refusal: Refusal): boolean {
    const slots = this.endpoints.get(target.endpointId);
    if (!slots || refusal.limitedBy !== 'endpoint' || target.rateLimit !== null) return false;
    const now = Date.now();
    const limit = endpointLimit(target.maxConcurrency, slots.allowed, pace(slots, now));
    return slots.waiters.length < waitingRoom(limit, pace(slots, now));
  }

  /** Feeds the endpoint's response time into its pace: its share, whether tasks may wait for it, how long they park. */
  observe(endpointId: string, durationMs: number): void {
    const slots = this.endpoints.get(endpointId);
    if (slots) slots.latencyMs = slots.latencyMs === null ? durationMs : slots.latencyMs * 0.8 + durationMs * 0.2;
  }

  /** The receiver signalled overload or timed out: halve what it gets at once. */
  slowDown(endpointId: string): void {
    const slots = this.endpoints.get(endpointId);
    if (slots) slots.allowed = Math.max(1, Math.floor(slots.allowed / 2));
  }

  /** A success lets one more request through at once, up to its `maxConcurrency` within its share. */
  recover(target: DeliveryTarget): void {
    const slots = this.endpoints.get(target.endpointId);
    if (slots) slots.allowed = Math.min(initialWindow(target), slots.allowed + 1);
  }

  private slots(target: DeliveryTarget, now: number): EndpointSlots {
    let slots = this.endpoints.get(target.endpointId);
    if (!slots) {
      slots = {
        inFlight: 0,
        started: new Set(),
        latencyMs: null,
        allowed: initialWindow(target),
        tokens: target.rateLimit ?? 0,
        refilledAt: now,
        waiters: [],
        lastEndedAt: now,
      };
      this.endpoints.set(target.endpointId, slots);
    }
    return slots;
  }

  private refill(slots: EndpointSlots, rate: number, now: number): void {
    slots.tokens = Math.min(rate, slots.tokens + ((now - slots.refilledAt) / 1000) * rate);
    slots.refilledAt = now;
  }
}

/** An endpoint's window before it has been slowed down: its `maxConcurrency`, within the largest share. */
function initialWindow(target: DeliveryTarget): number {
  return Math.min(target.maxConcurrency, FAST_SHARE);
}

/** Set iteration follows insertion, so the first POST in is the oldest running. */
function oldestStart(running: Running): number | null {
  const first = running.started.values().next();
  return first.done ? null : first.value.at;
}

function pace(slots: EndpointSlots, now: number): EndpointPace {
  const oldest = oldestStart(slots);
  return { latencyMs: slots.latencyMs, stalledMs: oldest === null ? 0 : now - Math.max(oldest, slots.lastEndedAt) };
}

/**
 * A busy fast endpoint frees a slot within milliseconds, a hanging one not for seconds: wait about as long as
 * its responses take, or as long as its (or its app's) oldest POST has been running.
 */
function busyDeferMs(running: Running, latencyMs: number | null, now: number): number {
  const oldest = oldestStart(running);
  const expected = Math.max(latencyMs ?? 0, oldest === null ? 0 : now - oldest);
  return Math.min(BUSY_DEFER_MAX_MS, Math.max(BUSY_DEFER_MIN_MS, expected));
}
