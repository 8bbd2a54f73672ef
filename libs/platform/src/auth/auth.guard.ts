import { ForbiddenException, HttpException, HttpStatus, Injectable, NotFoundException, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Metadata } from '@grpc/grpc-js';
import type { Request, Response } from 'express';
import { rpcExceptionOf } from '../http/rpc-exception';
import { ApiRateLimits, type RateLimited } from './api-rate-limits';
import { AppDirectory } from './app-directory';
import { Authenticator } from './authenticator';
import { APP_TOKENS_ALLOWED, IS_PUBLIC, OPERATOR_ONLY, PRINCIPAL, type Principal } from './principal';

/** A call as the guard sees it, whichever transport brought it. */
interface Call {
  authorization: string | undefined;
  address: string;
  /** The `:app` the call names (path parameter or gRPC field), if any. */
  app: string | undefined;
  /** Points the handler at the resolved app id, so it acts on exactly the app that was authorised. */
  setApp(id: string): void;
  setPrincipal(principal: Principal): void;
  setRetryAfter(seconds: number): void;
}

/**
 * The one authorisation guard of every REST route and gRPC method. A principal is the operator (everything) or
 * one app, by its immutable id, through an app token. For an app token it resolves the call's `:app` (id or uid)
 * with ingest and lets the call through only when that is the token's app (another app, or none: 404, as if it
 * did not exist), then rewrites `:app` to the id so nothing after it can resolve the name differently. App tokens
 * get 403 on `@OperatorOnly()` routes and on routes without `:app` unless `@AppTokensAllowed()`. Missing or wrong
 * token: 401. Over a rate limit: 429 with Retry-After. NATS request/reply between services is not its business.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly limits: ApiRateLimits,
    private readonly directory: AppDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const call = callOf(context);
    if (!call || this.flag(context, IS_PUBLIC)) return true;
    try {
      await this.authorize(context, call);
      return true;
    } catch (error) {
      throw context.getType() === 'http' ? error : rpcExceptionOf(error);
    }
  }

  private async authorize(context: ExecutionContext, call: Call): Promise<void> {
    refuseIfLimited(call, await this.limits.beforeAuthentication(call.address));
    const principal = await this.authenticator.authenticate(call.authorization);
    if (!principal) {
      await this.limits.authenticationFailed(call.address);
      throw new UnauthorizedException('Invalid or missing bearer token');
    }
    refuseIfLimited(call, await this.limits.consume(principal, call.address));
    call.setPrincipal(principal);
    if (principal.kind === 'operator') return;
    if (call.app !== undefined) await this.confineToOwnApp(call, call.app, principal.appId);
    const allowed = call.app === undefined ? this.flag(context, APP_TOKENS_ALLOWED) : !this.flag(context, OPERATOR_ONLY);
    if (!allowed) throw new ForbiddenException('This route needs the operator token');
  }

  /** Another app is answered as if it did not exist, before any question of what the token may do there. */
  private async confineToOwnApp(call: Call, named: string, appId: string): Promise<void> {
    const id = named === appId ? appId : await this.directory.idOf(named);
    if (id !== appId) throw new NotFoundException(`Application "${named}" not found`);
    call.setApp(id);
  }

  private flag(context: ExecutionContext, key: string): boolean {
    return this.reflector.getAllAndOverride<boolean>(key, [context.getHandler(), context.getClass()]) === true;
  }
}

function refuseIfLimited(call: Call, limited: RateLimited | null): void {
  if (!limited) return;
  call.setRetryAfter(limited.retryAfterSeconds);
  throw new HttpException(limited.reason, HttpStatus.TOO_MANY_REQUESTS);
}

/** The call behind a REST request or a gRPC method; null for NATS request/reply. */
function callOf(context: ExecutionContext): Call | null {
  if (context.getType() === 'http') return httpCall(context);
  const metadata = context.switchToRpc().getContext<unknown>();
  return metadata instanceof Metadata ? grpcCall(context, metadata) : null;
}

function httpCall(context: ExecutionContext): Call {
  const request = context.switchToHttp().getRequest<Request & { [PRINCIPAL]?: Principal }>();
  const response = context.switchToHttp().getResponse<Response>();
  const params = request.params ?? {};
  const app = params.app;
  return {
    authorization: request.headers.authorization,
    address: request.ip ?? request.socket.remoteAddress ?? 'unknown',
    app: typeof app === 'string' ? app : undefined,
    setApp: (id) => (params.app = id),
    setPrincipal: (principal) => (request[PRINCIPAL] = principal),
    setRetryAfter: (seconds) => response.setHeader('Retry-After', String(seconds)),
  };
}

function grpcCall(context: ExecutionContext, metadata: Metadata): Call {
  const data = context.switchToRpc().getData<{ app?: string }>();
  const call = context.getArgByIndex<{ getPeer?: () => string } | undefined>(2);
  const header = metadata.get('authorization')[0];
  return {
    authorization: typeof header === 'string' ? header : undefined,
    address: call?.getPeer?.().replace(/:\d+$/, '') ?? 'unknown',
    app: typeof data.app === 'string' ? data.app : undefined,
    setApp: (id) => (data.app = id),
    // gRPC methods learn all they need from the rewritten `app`; a refusal carries its status, not a header.
    setPrincipal: () => undefined,
    setRetryAfter: () => undefined,
  };
}
