import { randomUUID } from 'node:crypto';
import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import type { RpcErrorBody } from '@hookstream/contracts';

function isRpcErrorBody(value: unknown): value is RpcErrorBody {
  return typeof value === 'object' && value !== null && (value as RpcErrorBody).status === 'error';
}

/**
 * Every signer RPC failure becomes a reply (never a silent timeout): `RpcErrorBody`s pass through; anything
 * else is logged with an error id and answered `internal` with that id only. Messages here never carry secrets.
 */
@Catch()
export class SignerRpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('SignerRpc');

  catch(exception: unknown): Observable<never> {
    if (exception instanceof RpcException && isRpcErrorBody(exception.getError())) {
      return throwError(() => exception.getError());
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId }, 'signer request failed');
    const body: RpcErrorBody = { status: 'error', code: 'internal', message: `signer internal error; reference ${errorId}` };
    return throwError(() => body);
  }
}
