import { timingSafeEqual } from 'node:crypto';
import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { HookstreamConfig } from '../config/hookstream-config';
import { IS_PUBLIC } from './public.decorator';

/** `Authorization: Bearer <token>` with the operator token; 401 otherwise (Svix semantics). */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly token: Buffer;

  constructor(
    private readonly reflector: Reflector,
    config: HookstreamConfig,
  ) {
    this.token = Buffer.from(config.adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const presented = Buffer.from(header.replace(/^Bearer\s+/i, ''));
    if (presented.length === this.token.length && timingSafeEqual(presented, this.token)) return true;
    throw new UnauthorizedException('Invalid or missing bearer token');
  }
}
