import { createHmac } from 'node:crypto';
import { DEFAULT_TOLERANCE_SECONDS, nowSeconds, payloadBytes, safeEqual, type Payload } from './compare';
import { WebhookVerificationError } from './errors';

function hmacHex(secret: string, data: Buffer): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/**
 * `hmac-hex` profile (e.g. `x-render-signature: <hex>`, `X-VideoPilot-Signature: sha256=<hex>`): hex
 * HMAC-SHA256 of the raw body, keyed with the secret string exactly as the API shows it (`whsec_…` included).
 */
export function verifyHmacHex(payload: Payload, signature: string | undefined, secret: string, options: { prefix?: string } = {}): void {
  if (!signature) throw new WebhookVerificationError('missing signature header');
  const expected = (options.prefix ?? '') + hmacHex(secret, payloadBytes(payload));
  if (!safeEqual(signature.trim(), expected)) throw new WebhookVerificationError('signature does not match');
}

export interface TimestampedOptions {
  /** How far `t=` may be from now, either way (default 300 s). */
  toleranceSeconds?: number;
  now?: number | Date;
}

/**
 * `timestamped` profile (Stripe's shape, e.g. `Sync-Signature: t=<unix>,v1=<hex>`): hex HMAC-SHA256 of
 * `t.body` with the secret string. Several `v1=` entries are allowed; one must match.
 */
export function verifyTimestamped(payload: Payload, signatureHeader: string | undefined, secret: string, options: TimestampedOptions = {}): void {
  if (!signatureHeader) throw new WebhookVerificationError('missing signature header');
  const parts = signatureHeader.split(',').map((part) => part.trim().split('='));
  const timestamp = parts.find(([name]) => name === 't')?.[1];
  const signatures = parts.filter(([name]) => name === 'v1').map(([, value]) => value ?? '');
  if (!timestamp || !/^\d+$/.test(timestamp) || signatures.length === 0) {
    throw new WebhookVerificationError('signature header must look like t=<unix>,v1=<hex>');
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds(options.now) - Number(timestamp)) > tolerance) {
    throw new WebhookVerificationError(`signature timestamp is more than ${tolerance} s away from now`);
  }
  const expected = hmacHex(secret, Buffer.concat([Buffer.from(`${timestamp}.`), payloadBytes(payload)]));
  if (!signatures.some((signature) => safeEqual(signature, expected))) throw new WebhookVerificationError('signature does not match');
}
