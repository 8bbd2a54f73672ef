export interface EndpointLimits {
  maxConcurrency: number;
  /** Requests per second; null = unlimited. */
  rateLimit: number | null;
}

interface EndpointSlots {
  inFlight: number;
  /** Concurrency allowed now: halved when the endpoint asks to slow down, regrown by one per success. */
  allowed: number;
  tokens: number;
  refilledAt: number;
}

export type Admission = { admitted: true; release: () => void } | { admitted: false; retryAt: number };

/**
 * Per-endpoint concurrency (`maxConcurrency`, adaptive: AIMD on 429/502/503/504) and rate (`rateLimit`, token
 * bucket). A task that is not admitted is parked until `retryAt` instead of occupying a worker.
 */
export class EndpointLimiter {
  private readonly endpoints = new Map<string, EndpointSlots>();

  admit(endpointId: string, limits: EndpointLimits, now = Date.now(), busyRetryMs = 1000): Admission {
    const slots = this.slots(endpointId, limits, now);
    if (slots.inFlight >= Math.min(slots.allowed, limits.maxConcurrency)) return { admitted: false, retryAt: now + busyRetryMs };
    if (limits.rateLimit !== null) {
      this.refill(slots, limits.rateLimit, now);
      if (slots.tokens < 1) return { admitted: false, retryAt: now + Math.ceil(((1 - slots.tokens) / limits.rateLimit) * 1000) };
      slots.tokens -= 1;
    }
    slots.inFlight += 1;
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        slots.inFlight -= 1;
        const idle = slots.inFlight === 0 && slots.allowed >= limits.maxConcurrency && limits.rateLimit === null;
        if (idle) this.endpoints.delete(endpointId);
      },
    };
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
      slots = { inFlight: 0, allowed: limits.maxConcurrency, tokens: limits.rateLimit ?? 0, refilledAt: now };
      this.endpoints.set(endpointId, slots);
    }
    return slots;
  }

  private refill(slots: EndpointSlots, rate: number, now: number): void {
    slots.tokens = Math.min(rate, slots.tokens + ((now - slots.refilledAt) / 1000) * rate);
    slots.refilledAt = now;
  }
}
