export interface EndpointLimits {
  maxConcurrency: number;
  /** Requests per second; null = unlimited. */
  rateLimit: number | null;
}

/** Bounds of the wait before a task finding its endpoint busy is tried again. */
export const BUSY_DEFER_MIN_MS = 50;
export const BUSY_DEFER_MAX_MS = 5000;

/** An endpoint whose responses take at most this long (moving average) is fast: a task may wait for it here. */
export const FAST_ENDPOINT_MS = 1000;
/** ...unless one of its POSTs has been running this long: it may be hanging. */
export const HANGING_AFTER_MS = 2000;
/** Longest a task waits here for a slot before it is parked after all. */
export const SLOT_WAIT_MAX_MS = 2000;
/**
 * Tasks waiting here per endpoint, as a multiple of its concurrency, and at most MAX_WAITERS: half the dispatcher
 * workers' 768 slots (three workers of 256), so one endpoint's backlog always leaves room for the others' tasks.
 */
const WAITERS_PER_SLOT = 4;
const MAX_WAITERS = 384;

interface Waiter {
  grant: (admission: Admission) => void;
  timer: NodeJS.Timeout;
}

interface EndpointSlots {
  inFlight: number;
  /** Start times of the POSTs in flight. */
  started: Set<number>;
  /** Moving average of this endpoint's response times. */
  latencyMs: number;
  /** Concurrency allowed now: halved when the endpoint asks to slow down, regrown by one per success. */
  allowed: number;
  tokens: number;
  refilledAt: number;
  /** Tasks waiting for a slot of this endpoint, first come first served. */
  waiters: Waiter[];
}

export type Admission = { admitted: true; release: () => void } | { admitted: false; retryAt: number };

/**
 * Per-endpoint concurrency (`maxConcurrency`, adaptive: AIMD on 429/502/503/504) and rate (`rateLimit`, token
 * bucket). A task that is not admitted is parked until `retryAt` instead of occupying a worker; with
 * `admitOrWait`, a task finding a fast endpoint busy waits here for a slot instead, a bounded number per endpoint
 * for a bounded time, so a busy fast endpoint's backlog doesn't go round the retries stream, and a slow or
 * hanging endpoint still holds no more than its own slots.
 */
export class EndpointLimiter {
  private readonly endpoints = new Map<string, EndpointSlots>();

  async admitOrWait(endpointId: string, limits: EndpointLimits): Promise<Admission> {
    const admission = this.admit(endpointId, limits);
    if (admission.admitted || !this.mayWait(endpointId, limits)) return admission;
    const slots = this.slots(endpointId, limits, Date.now());
    return new Promise<Admission>((resolve) => {
      const waiter: Waiter = {
        grant: resolve,
        timer: setTimeout(() => {
          slots.waiters.splice(slots.waiters.indexOf(waiter), 1);
          resolve(this.admit(endpointId, limits));
        }, SLOT_WAIT_MAX_MS),
      };
      slots.waiters.push(waiter);
    });
  }

  admit(endpointId: string, limits: EndpointLimits, now = Date.now(), random: () => number = Math.random): Admission {
    const slots = this.slots(endpointId, limits, now);
    if (slots.inFlight >= Math.min(slots.allowed, limits.maxConcurrency)) {
      return { admitted: false, retryAt: now + Math.round(busyDeferMs(slots, now) * (0.5 + random())) };
    }
    if (limits.rateLimit !== null) {
      this.refill(slots, limits.rateLimit, now);
      if (slots.tokens < 1) return { admitted: false, retryAt: now + Math.ceil(((1 - slots.tokens) / limits.rateLimit) * 1000) };
      slots.tokens -= 1;
    }
    slots.inFlight += 1;
    const startedAt = now + slots.started.size / 1e6; // distinct keys for POSTs started in the same ms
    slots.started.add(startedAt);
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        slots.inFlight -= 1;
        slots.started.delete(startedAt);
        this.handOver(endpointId, slots, limits);
        const idle = slots.inFlight === 0 && slots.waiters.length === 0 && slots.allowed >= limits.maxConcurrency && limits.rateLimit === null;
        if (idle) this.endpoints.delete(endpointId);
      },
    };
  }

  /** Freed slots go to the tasks waiting for them, oldest first. */
  private handOver(endpointId: string, slots: EndpointSlots, limits: EndpointLimits): void {
    while (slots.waiters.length > 0 && slots.inFlight < Math.min(slots.allowed, limits.maxConcurrency)) {
      const waiter = slots.waiters.shift() as Waiter;
      clearTimeout(waiter.timer);
      waiter.grant(this.admit(endpointId, limits));
    }
  }

  /**
   * Only for concurrency (a rate limit says when, exactly), for a fast endpoint, and with room in its queue. Fast
   * is judged by the endpoint's response times, not by how long its slots are held, which includes signing and a
   * busy dispatcher's own delays.
   */
  private mayWait(endpointId: string, limits: EndpointLimits): boolean {
    const slots = this.endpoints.get(endpointId);
    if (!slots || limits.rateLimit !== null) return false;
    if (slots.waiters.length >= Math.min(MAX_WAITERS, limits.maxConcurrency * WAITERS_PER_SLOT)) return false;
    const oldestStarted = Math.min(...slots.started);
    return slots.latencyMs <= FAST_ENDPOINT_MS && Date.now() - oldestStarted < HANGING_AFTER_MS;
  }

  /** Feeds the endpoint's response time into the wait given to tasks that find it busy. */
  observe(endpointId: string, durationMs: number): void {
    const slots = this.endpoints.get(endpointId);
    if (slots) slots.latencyMs = slots.latencyMs * 0.8 + durationMs * 0.2;
  }

  /** The receiver signalled overload: halve what it gets at once. */
  slowDown(endpointId: string): void {
    const slots = this.endpoints.get(endpointId);
    if (slots) slots.allowed = Math.max(1, Math.floor(slots.allowed / 2));
  }

  /** A success lets one more request through at once, up to `maxConcurrency`. */
  recover(endpointId: string, limits: EndpointLimits): void {
    const slots = this.endpoints.get(endpointId);
    if (slots) slots.allowed = Math.min(limits.maxConcurrency, slots.allowed + 1);
  }

  private slots(endpointId: string, limits: EndpointLimits, now: number): EndpointSlots {
    let slots = this.endpoints.get(endpointId);
    if (!slots) {
      slots = {
        inFlight: 0,
        started: new Set(),
        latencyMs: 0,
        allowed: limits.maxConcurrency,
        tokens: limits.rateLimit ?? 0,
        refilledAt: now,
        waiters: [],
      };
      this.endpoints.set(endpointId, slots);
    }
    return slots;
  }

  private refill(slots: EndpointSlots, rate: number, now: number): void {
    slots.tokens = Math.min(rate, slots.tokens + ((now - slots.refilledAt) / 1000) * rate);
    slots.refilledAt = now;
  }
}

/**
 * A busy fast endpoint frees a slot within milliseconds, a hanging one not for seconds: wait about as long as
 * its responses take, or as long as its oldest POST has been running.
 */
function busyDeferMs(slots: EndpointSlots, now: number): number {
  const oldest = Math.min(...slots.started);
  const expected = Math.max(slots.latencyMs, now - oldest);
  return Math.min(BUSY_DEFER_MAX_MS, Math.max(BUSY_DEFER_MIN_MS, expected));
}
