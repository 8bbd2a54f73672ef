import { createHmac } from 'node:crypto';
import type { SignatureProfile } from '@hookstream/contracts';
import { standardWebhooksKeyBytes } from './secrets';

export interface SignInput {
  msgId: string;
  /** Unix seconds. */
  timestamp: number;
  body: string;
}

/** Standard Webhooks `v1`: base64 HMAC-SHA256 of `id.timestamp.body` with the decoded secret bytes. */
export function signStandardWebhooks(secret: string, input: SignInput): string {
  const mac = createHmac('sha256', standardWebhooksKeyBytes(secret))
    .update(`${input.msgId}.${input.timestamp}.${input.body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/** Legacy profiles key the HMAC with the secret string's UTF-8 bytes, `whsec_` included (SPEC §5). */
function hmacHex(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/** `hmac-hex`: hex HMAC-SHA256 of the body, with an optional prefix such as `sha256=`. */
export function signHmacHex(secret: string, body: string, prefix = ''): string {
  return prefix + hmacHex(secret, body);
}

/** `timestamped` (Stripe-compatible): `t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`. */
export function signTimestamped(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${hmacHex(secret, `${timestamp}.${body}`)}`;
}

export interface SignatureHeadersInput extends SignInput {
  /** Unexpired secrets, newest first. Every one signs the Standard Webhooks header. */
  secrets: string[];
  profiles: SignatureProfile[];
}

/**
 * All signature headers of one attempt: `webhook-id`, `webhook-timestamp`, `webhook-signature` (one `v1,` per
 * unexpired secret, space-separated) and one header per extra profile, signed with the newest secret only
 * (the seeds' receivers cannot parse several).
 */
export function signatureHeaders(input: SignatureHeadersInput): Record<string, string> {
  const [newest] = input.secrets;
  if (!newest) throw new Error(`no signing secret for message ${input.msgId}`);
  const headers: Record<string, string> = {
    'webhook-id': input.msgId,
    'webhook-timestamp': String(input.timestamp),
    'webhook-signature': input.secrets.map((secret) => signStandardWebhooks(secret, input)).join(' '),
  };
  for (const profile of input.profiles) {
    headers[profile.header.toLowerCase()] =
      profile.type === 'hmac-hex'
        ? signHmacHex(newest, input.body, profile.prefix)
        : signTimestamped(newest, input.timestamp, input.body);
  }
  return headers;
}
