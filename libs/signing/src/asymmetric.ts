import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export const ASYMMETRIC_SECRET_PREFIX = 'whsk_';
export const ASYMMETRIC_PUBLIC_PREFIX = 'whpk_';

// DER headers that turn raw ed25519 bytes into PKCS#8 (private) and SPKI (public) keys Node can load.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * Hookstream's ed25519 secrets use Svix's encoding: `whsk_` + base64 of 64 bytes (32-byte seed || 32-byte
 * public key); the public key is `whpk_` + base64 of the raw 32 bytes.
 */
export function isAsymmetricSecret(secret: string): boolean {
  return secret.startsWith(ASYMMETRIC_SECRET_PREFIX);
}

export function generateEd25519Secret(): string {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_ED25519_PREFIX.length);
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX.length);
  return ASYMMETRIC_SECRET_PREFIX + Buffer.concat([seed, raw]).toString('base64');
}

function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.slice(ASYMMETRIC_SECRET_PREFIX.length), 'base64');
}

/** The private key of a `whsk_` secret. Throws (without the secret in the message) when malformed. */
export function ed25519PrivateKey(secret: string): KeyObject {
  const bytes = secretBytes(secret);
  if (bytes.length !== 64) throw new Error('ed25519 secret must be "whsk_" + base64 of 64 bytes (seed || public key)');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, bytes.subarray(0, 32)]), format: 'der', type: 'pkcs8' });
}

/** `whpk_…` of a `whsk_` secret: what receivers verify with and what the API shows. */
export function ed25519PublicKeyOf(secret: string): string {
  const raw = createPublicKey(ed25519PrivateKey(secret)).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX.length);
  return ASYMMETRIC_PUBLIC_PREFIX + raw.toString('base64');
}

/** Node's public key object for a `whpk_` key. */
export function ed25519PublicKey(publicKey: string): KeyObject {
  const raw = Buffer.from(publicKey.slice(ASYMMETRIC_PUBLIC_PREFIX.length), 'base64');
  if (!publicKey.startsWith(ASYMMETRIC_PUBLIC_PREFIX) || raw.length !== 32) {
    throw new Error('ed25519 public key must be "whpk_" + base64 of 32 bytes');
  }
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** Svix's rule for a user-supplied `whsk_`: 64 bytes whose second half is the public key of the first. */
export function isAcceptableAsymmetricSecret(secret: string): boolean {
  if (!isAsymmetricSecret(secret)) return false;
  const body = secret.slice(ASYMMETRIC_SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/=]+$/.test(body)) return false;
  const bytes = secretBytes(secret);
  if (bytes.length !== 64) return false;
  try {
    const derived = Buffer.from(ed25519PublicKeyOf(secret).slice(ASYMMETRIC_PUBLIC_PREFIX.length), 'base64');
    return derived.equals(bytes.subarray(32));
  } catch {
    return false;
  }
}

/** Standard Webhooks `v1a`: base64 ed25519 signature of `id.timestamp.body`. */
export function signEd25519(privateKey: KeyObject, content: string): string {
  return `v1a,${sign(null, Buffer.from(content), privateKey).toString('base64')}`;
}
