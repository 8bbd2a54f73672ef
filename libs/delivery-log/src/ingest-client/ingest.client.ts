import { Inject, Injectable, NotFoundException, ServiceUnavailableException, type OnModuleDestroy } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { IngestPatterns, type ManualDeliveryRequest, type ManualDeliveryResponse, type RpcErrorBody } from '@hookstream/contracts';

export const INGEST_TRANSPORT = Symbol('INGEST_TRANSPORT');
const RPC_TIMEOUT_MS = 5000;

/** ingest's request/reply API as delivery-log uses it: queue manual deliveries (resend, recover). */
@Injectable()
export class IngestClient implements OnModuleDestroy {
  constructor(@Inject(INGEST_TRANSPORT) private readonly transport: ClientProxy) {}

  /** Throws 404 for an app/endpoint ingest does not know, 503 when ingest does not answer. */
  async manualDelivery(request: ManualDeliveryRequest): Promise<ManualDeliveryResponse> {
    try {
      return await firstValueFrom(this.transport.send<ManualDeliveryResponse>(IngestPatterns.manualDelivery, request).pipe(timeout(RPC_TIMEOUT_MS)));
    } catch (error) {
      const body = error as Partial<RpcErrorBody> | undefined;
      if (body?.status === 'error' && body.code === 'not_found') throw new NotFoundException(body.message);
      const message = body?.message ?? (error instanceof Error ? error.message : JSON.stringify(error));
      throw new ServiceUnavailableException(`ingest ${IngestPatterns.manualDelivery} failed: ${message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.transport.close();
  }
}
