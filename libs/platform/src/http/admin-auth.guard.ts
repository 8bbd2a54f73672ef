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
  private readonly token: Buffer;
  private readonly appKey: Buffer;

  constructor(
    private readonly reflector: Reflector,
    config: HookstreamConfig,
  ) {
    this.token = Buffer.from(config.adminToken);
    this.appKey = appTokenKey(config.masterKey);
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
    if (app !== principal.appId && (principal.uid === null || app !== principal.uid)) {
      throw new NotFoundException(`Application "${app}" not found`);
    }
    return true;
  }

  /** The principal a bearer token stands for, or null. */
  authenticate(header: string): Principal | null {
    const presented = header.replace(/^Bearer\s+/i, '');
    const bytes = Buffer.from(presented);
    if (bytes.length === this.token.length && timingSafeEqual(bytes, this.token)) return { kind: 'operator' };
    const claims = verifyAppToken(this.appKey, presented);
    return claims ? { kind: 'app', appId: claims.app, uid: claims.uid ?? null } : null;
  }
}
