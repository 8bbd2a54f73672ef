import { timingSafeEqual } from 'node:crypto';
import { ForbiddenException, Injectable, NotFoundException, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { HookstreamConfig } from '../config/hookstream-config';
import { appTokenKey, OPERATOR_ONLY, PRINCIPAL, verifyAppToken, type Principal } from './app-token';
import { IS_PUBLIC } from './public.decorator';

/**
 * `Authorization: Bearer <token>`: the operator token reaches everything; an app-scoped token (`hsat_…`, see
 * app-token.ts) reaches only routes whose `:app` is its app (another app: 404, as if it did not exist) and
 * never routes without an `:app` or marked `@OperatorOnly()` (403). Missing or wrong token: 401 (Svix semantics).
 * The principal is left on the request (`PRINCIPAL`) for handlers that check further.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly keys: BearerKeys;

  constructor(
    private readonly reflector: Reflector,
    config: HookstreamConfig,
  ) {
    this.keys = bearerKeys(config);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request & { [PRINCIPAL]?: Principal }>();
    const principal = this.authenticate(request.headers.authorization ?? '');
    if (!principal) throw new UnauthorizedException('Invalid or missing bearer token');
    request[PRINCIPAL] = principal;
    if (principal.kind === 'operator') return true;
    const operatorOnly = this.reflector.getAllAndOverride<boolean>(OPERATOR_ONLY, [context.getHandler(), context.getClass()]);
    const app = request.params?.app;
    if (operatorOnly || app === undefined) throw new ForbiddenException('This route needs the operator token');
    if (!principalReaches(principal, app as string)) throw new NotFoundException(`Application "${app}" not found`);
    return true;
  }

  /** The principal a bearer token stands for, or null. */
  authenticate(header: string): Principal | null {
    return authenticateBearer(header, this.keys);
  }
}

/** What bearer tokens are checked against: the operator token and the key of app-scoped tokens. */
export interface BearerKeys {
  token: Buffer;
  appKey: Buffer;
}

export function bearerKeys(config: HookstreamConfig): BearerKeys {
  return { token: Buffer.from(config.adminToken), appKey: appTokenKey(config.masterKey) };
}

/** The principal an `Authorization` value (`Bearer <token>`) stands for, or null. Shared by REST and gRPC. */
export function authenticateBearer(header: string, keys: BearerKeys): Principal | null {
  const presented = header.replace(/^Bearer\s+/i, '');
  const bytes = Buffer.from(presented);
  if (bytes.length === keys.token.length && timingSafeEqual(bytes, keys.token)) return { kind: 'operator' };
  const claims = verifyAppToken(keys.appKey, presented);
  return claims ? { kind: 'app', appId: claims.app, uid: claims.uid ?? null } : null;
}

/** Whether a principal may address `app` (an app id or uid): the operator any, an app-scoped token its own. */
export function principalReaches(principal: Principal, app: string): boolean {
  return principal.kind === 'operator' || app === principal.appId || (principal.uid !== null && app === principal.uid);
}
