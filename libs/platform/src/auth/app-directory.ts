import { Inject, Injectable, ServiceUnavailableException, type OnModuleDestroy } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { IngestPatterns, type ResolveAppRequest, type ResolveAppResponse } from '@hookstream/contracts';

export const APP_DIRECTORY_TRANSPORT = Symbol('APP_DIRECTORY_TRANSPORT');
const RESOLVE_TIMEOUT_MS = 5000;

/**
 * Which app a path's `:app` (an id or a uid) names, asked of ingest, which owns apps: delivery-log's copy may lag
 * a rename or a delete, and authorisation must not.
 */
@Injectable()
export class AppDirectory implements OnModuleDestroy {
  constructor(@Inject(APP_DIRECTORY_TRANSPORT) private readonly transport: ClientProxy) {}

  async idOf(app: string): Promise<string | null> {
    const request: ResolveAppRequest = { app };
    try {
      const answer = await firstValueFrom(this.transport.send<ResolveAppResponse>(IngestPatterns.resolveApp, request).pipe(timeout(RESOLVE_TIMEOUT_MS)));
      return answer.id;
    } catch (error) {
      const message = (error as { message?: string } | undefined)?.message ?? String(error);
      throw new ServiceUnavailableException(`Could not resolve application "${app}": ingest did not answer (${message})`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.transport.close();
  }
}
