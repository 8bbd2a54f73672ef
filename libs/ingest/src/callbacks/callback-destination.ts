import { createHash } from 'node:crypto';
import { ID_PREFIXES, type AppId, type EndpointId } from '@hookstream/contracts';

/** Crockford base32, the ULID alphabet, so a callback id looks like any other endpoint id. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ID_CHARS = 26;

/**
 * The pseudo-endpoint id of an app's callback URL: `ep_` + 26 base32 characters of SHA-256(appId, url). It is
 * deterministic, so every callback to the same URL of the same app is logged under one endpoint, and the
 * delivery's `Nats-Msg-Id` (`<msgId>:<endpointId>`) deduplicates a re-published task like any other.
 */
export function callbackEndpointId(appId: AppId, url: string): EndpointId {
  const digest = createHash('sha256').update(`callback\0${appId}\0${url}`).digest();
  let bits = 0;
  let value = 0;
  let id = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && id.length < ID_CHARS) {
      id += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (id.length === ID_CHARS) break;
    value &= (1 << bits) - 1;
  }
  return `${ID_PREFIXES.endpoint}_${id}` as EndpointId;
}
