import { createHash, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

/**
 * App-scoped tokens (Svix's app portal access): `hsat_<payload>.<signature>`, the payload base64url JSON of
 * `AppTokenClaims`, the signature ed25519 over the payload text. Signed by the issuer alone (delivery-log, with
 * HOOKSTREAM_TOKEN_KEY); every other service verifies with public keys only, so no REST service but the issuer
 * holds anything that can mint one.
 */
export const APP_TOKEN_PREFIX = 'hsat_';

/** The longest life an app token may be given, and the default (Svix: 7 days). */
export const APP_TOKEN_MAX_SECONDS = 7 * 24 * 3600;

export interface AppTokenClaims {
  /** The app's immutable id: the token reaches this app and no other. */
  app: string;
  /** The token's own id, for revocation (logout). */
  jti: string;
  /** The issuing key's id (`tokenKeyId`). */
  kid: string;
  /** Issued at and expiry, unix seconds. */
  iat: number;
  exp: number;
}

/** A short, stable id of a key pair, from its public key. */
export function tokenKeyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('base64url').slice(0, 11);
}

export function issueAppToken(privateKey: KeyObject, app: string, lifetimeSeconds: number, nowSeconds = Math.floor(Date.now() / 1000)): { token: string; claims: AppTokenClaims } {
  const claims: AppTokenClaims = { app, jti: randomBytes(12).toString('base64url'), kid: tokenKeyId(privateKey), iat: nowSeconds, exp: nowSeconds + lifetimeSeconds };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign(null, Buffer.from(payload), privateKey).toString('base64url');
  return { token: `${APP_TOKEN_PREFIX}${payload}.${signature}`, claims };
}

/**
 * The claims of a well-formed token signed by a key `publicKeyOf` knows and not yet expired; null otherwise.
 * Reads the payload only to find the key, and trusts nothing in it before the signature checks out.
 */
export function verifyAppToken(token: string, publicKeyOf: (kid: string) => KeyObject | undefined, nowSeconds = Date.now() / 1000): AppTokenClaims | null {
  if (!token.startsWith(APP_TOKEN_PREFIX)) return null;
  const [payload, signature, ...rest] = token.slice(APP_TOKEN_PREFIX.length).split('.');
  if (!payload || !signature || rest.length > 0) return null;
  const claims = parseClaims(payload);
  const key = claims && publicKeyOf(claims.kid);
  if (!claims || !key) return null;
  if (!verify(null, Buffer.from(payload), key, Buffer.from(signature, 'base64url'))) return null;
  return claims.exp > nowSeconds ? claims : null;
}

function parseClaims(payload: string): AppTokenClaims | null {
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<AppTokenClaims>;
    const strings = [claims.app, claims.jti, claims.kid].every((value) => typeof value === 'string' && value.length > 0);
    const numbers = [claims.iat, claims.exp].every((value) => typeof value === 'number' && Number.isFinite(value));
    return strings && numbers ? (claims as AppTokenClaims) : null;
  } catch {
    return null;
  }
}
