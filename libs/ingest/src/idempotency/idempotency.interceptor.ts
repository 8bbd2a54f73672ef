import { createHash } from 'node:crypto';
import { ConflictException, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { IdempotencyStore, type CachedResponse } from './idempotency-store';

const HEADER = 'idempotency-key';
/** How long a duplicate waits for the first request with its key to finish. */
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 50;

/**
 * Svix's `Idempotency-Key` on POST: the first request runs and its response is cached for 12 h; a repeat gets
 * the cached status and body; a duplicate arriving while the first runs waits for it (bounded). Scoped per
 * bearer token, method and path, so two tokens or two routes never share a key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const key = request.headers[HEADER];
    if (request.method !== 'POST' || typeof key !== 'string' || key === '') return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    return from(this.run(scopeOf(request, key), response, next));
  }

  private async run(scope: string, response: Response, next: CallHandler): Promise<unknown> {
    const cached = await this.waitForTurn(scope);
    if (cached) {
      response.status(cached.statusCode);
      return cached.body;
    }
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.store.complete(scope, { statusCode: response.statusCode, body });
      return body;
    } catch (error) {
      await this.store.release(scope);
      throw error;
    }
  }

  /** Null when this request holds the key and must run; the cached response when an earlier one finished. */
  private async waitForTurn(scope: string): Promise<CachedResponse | null> {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    let claim = await this.store.claim(scope);
    while (claim.kind === 'in_progress') {
      if (Date.now() > deadline) throw new ConflictException('A request with this Idempotency-Key is still in progress');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      claim = await this.store.read(scope);
    }
    return claim.kind === 'done' ? claim.response : null;
  }
}

function scopeOf(request: Request, key: string): string {
  const token = createHash('sha256').update(request.headers.authorization ?? '').digest('base64url');
  return `${token}:${request.method}:${request.path}:${key}`;
}
