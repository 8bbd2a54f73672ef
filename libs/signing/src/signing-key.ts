import type { KeyObject } from 'node:crypto';
import { ed25519PrivateKey, ed25519PublicKeyOf, isAcceptableAsymmetricSecret, isAsymmetricSecret } from './asymmetric';
import { isAcceptableSecret, normalizeSecret, standardWebhooksKeyBytes } from './secrets';

export type KeyType = 'hmac-sha256' | 'ed25519';

/**
 * A secret parsed once for signing: the string as stored (`whsec_…` or `whsk_…`) plus the key material each
 * scheme needs, so signing many messages does not re-decode the secret every time.
 */
export type SigningKey =
  | { type: 'hmac-sha256'; secret: string; hmacKey: Buffer }
  | { type: 'ed25519'; secret: string; privateKey: KeyObject; publicKey: string };

export function parseSigningKey(secret: string): SigningKey {
  if (isAsymmetricSecret(secret)) {
    return { type: 'ed25519', secret, privateKey: ed25519PrivateKey(secret), publicKey: ed25519PublicKeyOf(secret) };
  }
  return { type: 'hmac-sha256', secret, hmacKey: standardWebhooksKeyBytes(secret) };
}

export function keyTypeOf(secret: string): KeyType {
  return isAsymmetricSecret(secret) ? 'ed25519' : 'hmac-sha256';
}

/** What the API shows for a key: the `whsec_` secret itself, or only the `whpk_` public key of an ed25519 key. */
export function displayedKey(key: SigningKey): string {
  return key.type === 'ed25519' ? key.publicKey : key.secret;
}

/** Validates a user-supplied secret of either type and returns it as stored, or null when unacceptable. */
export function acceptUserSecret(secret: string): string | null {
  if (isAsymmetricSecret(secret)) return isAcceptableAsymmetricSecret(secret) ? secret : null;
  return isAcceptableSecret(secret) ? normalizeSecret(secret) : null;
}
