import { createHmac, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { DEFAULT_TOLERANCE_SECONDS, nowSeconds, payloadBytes, safeEqual, type Payload } from './compare';
import { WebhookVerificationError } from './errors';
import { header, type HeaderSource } from './headers';

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface StandardWebhooksOptions {
  /** How far `webhook-timestamp` may be from now, either way (default 300 s). */
  toleranceSeconds?: number;
  /** Clock override (unix seconds or a Date), for tests. */
  now?: number | Date;
}

type VerificationKey = { version: 'v1'; hmacKey: Buffer } | { version: 'v1a'; publicKey: KeyObject };

function parseKey(key: string): VerificationKey {
  if (key.startsWith('whpk_')) {
    const raw = Buffer.from(key.slice('whpk_'.length), 'base64');
    if (raw.length !== 32) throw new WebhookVerificationError('whpk_ key must be base64 of a 32-byte ed25519 public key');
    return { version: 'v1a', publicKey: createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' }) };
  }
  const body = key.startsWith('whsec_') ? key.slice('whsec_'.length) : key;
  return { version: 'v1', hmacKey: Buffer.from(body, 'base64') };
}

function matches(key: VerificationKey, signature: string, version: string, content: Buffer): boolean {
  if (version !== key.version) return false;
  if (key.version === 'v1') return safeEqual(signature, createHmac('sha256', key.hmacKey).update(content).digest('base64'));
  const bytes = Buffer.from(signature, 'base64');
  return bytes.length === 64 && verify(null, content, key.publicKey, bytes);
}

/**
 * Verifies a Standard Webhooks request (`webhook-id`, `webhook-timestamp`, `webhook-signature`; `svix-*` too):
 * `v1` with a `whsec_` secret, `v1a` with a `whpk_` public key. The signature header may carry several
 * space-separated signatures (a key rotation); one valid signature from any of `keys` is enough. Throws
 * WebhookVerificationError otherwise, and when the timestamp is outside the tolerance.
 */
export function verifyStandardWebhook(
  payload: Payload,
  headers: HeaderSource,
  keys: string | string[],
  options: StandardWebhooksOptions = {},
): void {
  const id = header(headers, 'webhook-id') ?? header(headers, 'svix-id');
  const timestamp = header(headers, 'webhook-timestamp') ?? header(headers, 'svix-timestamp');
  const signatures = header(headers, 'webhook-signature') ?? header(headers, 'svix-signature');
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError('missing webhook-id, webhook-timestamp or webhook-signature');
  if (!/^\d+$/.test(timestamp)) throw new WebhookVerificationError('webhook-timestamp is not unix seconds');
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds(options.now) - Number(timestamp)) > tolerance) {
    throw new WebhookVerificationError(`webhook-timestamp is more than ${tolerance} s away from now`);
  }
  const content = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), payloadBytes(payload)]);
  const parsedKeys = (Array.isArray(keys) ? keys : [keys]).map(parseKey);
  for (const entry of signatures.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0) continue;
    const [version, signature] = [entry.slice(0, comma), entry.slice(comma + 1)];
    if (parsedKeys.some((key) => matches(key, signature, version, content))) return;
  }
  throw new WebhookVerificationError('no matching signature in webhook-signature');
}
