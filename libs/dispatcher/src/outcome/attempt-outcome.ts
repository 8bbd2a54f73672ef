/** What one HTTP attempt came to. */
export type SendResult =
  | {
      kind: 'response';
      statusCode: number;
      body: string;
      durationMs: number;
      /** Response headers the dispatcher acts on. */
      retryAfter: string | null;
      deliveryDirective: string | null;
    }
  | { kind: 'error'; error: string; durationMs: number; timedOut: boolean; blocked: boolean };

export interface Outcome {
  success: boolean;
  /** 410 Gone, or `webhook-delivery: disable` on any status: the receiver asks to stop. */
  disableEndpoint: boolean;
  /** 429/502/503/504: the receiver is overloaded; send it less. */
  slowDown: boolean;
  /** 429 and timeouts stretch the next delay. */
  penalize: boolean;
  /** `Retry-After` in ms, when the response carried a usable one. */
  retryAfterMs: number | null;
  /** Failures that say the endpoint is unhealthy (not a refusal by our own guard). */
  unhealthy: boolean;
}

const SLOW_DOWN = new Set([429, 502, 503, 504]);

export function classify(result: SendResult, now = Date.now()): Outcome {
  if (result.kind === 'error') {
    return {
      success: false,
      disableEndpoint: false,
      slowDown: result.timedOut,
      penalize: result.timedOut,
      retryAfterMs: null,
      unhealthy: !result.blocked,
    };
  }
  const status = result.statusCode;
  const success = status >= 200 && status < 300;
  return {
    success,
    disableEndpoint: status === 410 || result.deliveryDirective?.trim().toLowerCase() === 'disable',
    slowDown: SLOW_DOWN.has(status),
    penalize: status === 429,
    retryAfterMs: parseRetryAfter(result.retryAfter, now),
    unhealthy: !success && (status >= 500 || status === 429),
  };
}

/** `Retry-After` is delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
