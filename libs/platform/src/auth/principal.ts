import { SetMetadata } from '@nestjs/common';
import type { AppTokenClaims } from './app-token';

/** Who a request authenticated as: the operator, or one app through an app token (by the app's immutable id). */
export type Principal = { kind: 'operator' } | { kind: 'app'; appId: string; token: AppTokenClaims };

/** Where the guard leaves the principal on an HTTP request. */
export const PRINCIPAL = Symbol.for('hookstream.principal');

export const IS_PUBLIC = 'hookstream:public';
export const OPERATOR_ONLY = 'hookstream:operator-only';
export const APP_TOKENS_ALLOWED = 'hookstream:app-tokens-allowed';

/** A route that needs no token (health, readiness, metrics, static files). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * A route app tokens may not call even though it names their app: deleting or renaming the app, minting tokens.
 * App tokens get 403 there.
 */
export const OperatorOnly = () => SetMetadata(OPERATOR_ONLY, true);

/**
 * A route without `:app` that app tokens may call too (reading event types, logging out). Routes without `:app`
 * are the operator's unless marked so.
 */
export const AppTokensAllowed = () => SetMetadata(APP_TOKENS_ALLOWED, true);
