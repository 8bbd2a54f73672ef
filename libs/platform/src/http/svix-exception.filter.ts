import { randomUUID } from 'node:crypto';
import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { JetStreamPublishError } from '../messaging/jetstream-publisher';
import { NotReadyException } from '../observability/readiness';

const STREAM_UNAVAILABLE_RETRY_AFTER_S = 5;

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'authentication_failed',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'validation',
  429: 'rate_limited',
};

/**
 * One error shape for every REST route, as Svix answers: `{ code, detail }`; 422 carries a list of field errors.
 * 5xx answers hide the cause behind an error id; the cause goes to the log.
 */
@Catch()
export class SvixExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      response.status(status).json(this.clientErrorBody(status, exception.getResponse()));
      return;
    }
    if (exception instanceof NotReadyException) {
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json(exception.getResponse());
      return;
    }
    if (exception instanceof JetStreamPublishError && exception.code === '503') {
      // A full stream (or one electing a leader): the caller should retry later, and may know why.
      response.setHeader('Retry-After', String(STREAM_UNAVAILABLE_RETRY_AFTER_S));
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json({ code: 'stream_unavailable', detail: `Cannot accept this now: ${exception.apiError.description}; retry later` });
      return;
    }
    const errorId = randomUUID();
    const request = host.switchToHttp().getRequest<Request>();
    this.logger.error({ err: exception, errorId, method: request.method, path: request.path }, 'unhandled error');
    response
      .status(HttpStatus.INTERNAL_SERVER_ERROR)
      .json({ code: 'server_error', detail: `Internal error; reference ${errorId}` });
  }

  private clientErrorBody(status: number, body: string | object): object {
    if (typeof body === 'object' && 'detail' in body) return { code: CODES[status] ?? 'error', ...body };
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const detail = Array.isArray(message) ? message.join('; ') : String(message ?? 'Error');
    return { code: CODES[status] ?? 'error', detail };
  }
}
