import { randomUUID } from 'node:crypto';
import { Catch, Controller, HttpException, Logger, UseFilters, type RpcExceptionFilter } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import { IngestPatterns, type ManualDeliveryRequest, type ManualDeliveryResponse, type RpcErrorBody } from '@hookstream/contracts';
import { ManualDeliveryUseCase } from './manual-delivery.use-case';

/** Every failure is answered (never a silent timeout): 404s as `not_found`, 4xx as `invalid`, the rest `internal`. */
@Catch()
export class IngestRpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('IngestRpc');

  catch(exception: unknown): Observable<never> {
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const code: RpcErrorBody['code'] = exception.getStatus() === 404 ? 'not_found' : 'invalid';
      return throwError(() => ({ status: 'error', code, message: exception.message }) satisfies RpcErrorBody);
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId }, 'ingest request failed');
    return throwError(() => ({ status: 'error', code: 'internal', message: `ingest internal error; reference ${errorId}` }) satisfies RpcErrorBody);
  }
}

/** ingest's NATS request/reply API (patterns under `<prefix>.rpc.`). */
@Controller()
@UseFilters(IngestRpcErrorFilter)
export class ManualDeliveryController {
  constructor(private readonly manualDelivery: ManualDeliveryUseCase) {}

  @MessagePattern(IngestPatterns.manualDelivery)
  async manual(@Payload() request: ManualDeliveryRequest): Promise<ManualDeliveryResponse> {
    await this.manualDelivery.execute(request);
    return { ok: true };
  }
}
