import { createHmac } from 'node:crypto';
import type { SignatureProfile } from '@hookstream/contracts';
import { signEd25519 } from './asymmetric';
import { standardWebhooksKeyBytes } from './secrets';
import { parseSigningKey, type SigningKey } from './signing-key';

export interface SignInput {
  msgId: string;
  /** Unix seconds. */
  timestamp: number;
  body: string;
}

/** Standard Webhooks `v1`: base64 HMAC-SHA256 of `id.timestamp.body` with the decoded secret bytes. */
export function signStandardWebhooks(secret: string, input: SignInput): string {
  return signV1(standardWebhooksKeyBytes(secret), signedContent(input));
}

function signedContent(input: SignInput): string {
  return `${input.msgId}.${input.timestamp}.${input.body}`;
}

function signV1(keyBytes: Buffer, content: string): string {
  return `v1,${createHmac('sha256', keyBytes).update(content).digest('base64')}`;
}

/** One Standard Webhooks signature with a parsed key: `v1,` (HMAC) or `v1a,` (ed25519). */
export function signWithKey(key: SigningKey, input: SignInput): string {
  const content = signedContent(input);
  return key.type === 'ed25519' ? signEd25519(key.privateKey, content) : signV1(key.hmacKey, content);
}

/** Legacy profiles key the HMAC with the secret string's UTF-8 bytes, `whsec_` included. */
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
  return signatureHeadersWithKeys({ ...input, keys: input.secrets.map(parseSigningKey) });
}

export interface KeyedSignatureHeadersInput extends SignInput {
  /** Unexpired keys, newest first (see `parseSigningKey`). */
  keys: SigningKey[];
  profiles: SignatureProfile[];
}

/**
 * `signatureHeaders` with keys parsed once (the signer caches them). ed25519 keys sign `v1a,`; legacy profiles
 * need the newest key to be an HMAC secret, since their receivers check an HMAC keyed with the secret string.
 */
export function signatureHeadersWithKeys(input: KeyedSignatureHeadersInput): Record<string, string> {
  const [newest] = input.keys;
  if (!newest) throw new Error(`no signing secret for message ${input.msgId}`);
  const headers: Record<string, string> = {
    'webhook-id': input.msgId,
    'webhook-timestamp': String(input.timestamp),
    'webhook-signature': input.keys.map((key) => signWithKey(key, input)).join(' '),
  };
  for (const profile of input.profiles) {
    if (newest.type !== 'hmac-sha256') {
      throw new Error(`signature profile "${profile.type}" (${profile.header}) needs a whsec_ secret, the endpoint's newest key is ed25519`);
    }
    headers[profile.header.toLowerCase()] =
      profile.type === 'hmac-hex'
        ? signHmacHex(newest.secret, input.body, profile.prefix)
        : signTimestamped(newest.secret, input.timestamp, input.body);
  }
  return headers;
}
