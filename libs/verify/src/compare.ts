import { timingSafeEqual } from 'node:crypto';

/** Constant-time string equality (only the length may leak, as with any MAC compare). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export type Payload = string | Buffer | Uint8Array;

export function payloadBytes(payload: Payload): Buffer {
  return typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
}

/** Unix seconds now, or the caller's clock. */
export function nowSeconds(now?: number | Date): number {
  if (now instanceof Date) return Math.floor(now.getTime() / 1000);
  return now ?? Math.floor(Date.now() / 1000);
}

export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;
