import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { SetMetadata } from '@nestjs/common';

/**
 * App-scoped tokens (Svix app portal access): stateless, `hsat_<payload>.<signature>` where the payload is
 * base64url JSON `{ app, uid, exp }` and the signature an HMAC-SHA256 under a key derived (HKDF) from
 * HOOKSTREAM_MASTER_KEY. They reach only routes whose `:app` is their app (by id, or the uid it had when the
 * token was issued) and never operator-only routes. They cannot be revoked one by one: they expire
 * (default 7 days, as Svix); changing the master key revokes them all.
 */
export const APP_TOKEN_PREFIX = 'hsat_';

export interface AppTokenClaims {
  /** The app's id. */
  app: string;
  /** The app's uid when the token was issued, so paths using it work too. */
  uid: string | null;
  /** Expiry, unix seconds. */
  exp: number;
}

export function appTokenKey(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'hookstream app-scoped token v1', 32));
}

export function issueAppToken(key: Buffer, claims: AppTokenClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${APP_TOKEN_PREFIX}${payload}.${sign(key, payload)}`;
}

/** The claims of a well-signed, unexpired token; null otherwise. */
export function verifyAppToken(key: Buffer, token: string, nowSeconds = Date.now() / 1000): AppTokenClaims | null {
  if (!token.startsWith(APP_TOKEN_PREFIX)) return null;
  const [payload, signature, ...rest] = token.slice(APP_TOKEN_PREFIX.length).split('.');
  if (!payload || !signature || rest.length > 0) return null;
  const expected = Buffer.from(sign(key, payload));
  const presented = Buffer.from(signature);
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AppTokenClaims;
    if (typeof claims.app !== 'string' || typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return null;
    return claims;
  } catch {
    return null;
  }
}

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

export const OPERATOR_ONLY = 'hookstream:operator-only';

/** A route only the operator token may call, even when it has an `:app` param (minting app tokens). */
export const OperatorOnly = () => SetMetadata(OPERATOR_ONLY, true);

/** Who a request authenticated as; set on the request by `AdminAuthGuard`. */
export type Principal = { kind: 'operator' } | { kind: 'app'; appId: string; uid: string | null };

export const PRINCIPAL = Symbol.for('hookstream.principal');
