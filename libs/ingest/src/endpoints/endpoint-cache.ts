import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Events, type Subscription } from 'nats';
import type { Repository } from 'typeorm';
import { logEventsOf, type AppId, type LogMessageBody } from '@hookstream/contracts';
import { NatsClients, SharedLookups } from '@hookstream/platform';
import { EndpointEntity } from '../persistence/endpoint.entity';
import { INGEST_CONNECTION } from '../persistence/ingest-connection';

/** Apps whose endpoints are kept; the least recently used beyond it are loaded again when next needed. */
const MAX_APPS_KEPT = 10_000;

/**
 * Endpoints per app for matching, loaded once and kept until the app's endpoints change. Every replica hears
 * every change: `endpoint.upserted` log events (JetStream publishes are visible on core NATS too) drop the app's
 * entry; no TTL. The replica that writes also drops it at once, before answering the request.
 */
@Injectable()
export class EndpointCache implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EndpointCache.name);
  private readonly byApp = new SharedLookups<AppId, EndpointEntity[]>({ max: MAX_APPS_KEPT, ttlMs: 0 });
  private subscription: Subscription | null = null;

  constructor(
    @InjectRepository(EndpointEntity, INGEST_CONNECTION) private readonly endpoints: Repository<EndpointEntity>,
    @Inject(NatsClients) private readonly nats: NatsClients,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.nats.connection.subscribe(this.nats.subjects.log('*', 'endpoint.upserted'), {
      callback: (error, msg) => {
        if (error) {
          // A lost subscription could leave stale entries: forget everything rather than serve them.
          this.logger.warn({ err: error }, 'endpoint.upserted subscription failed; cache cleared');
          this.byApp.clear();
          return;
        }
        for (const event of logEventsOf(msg.json<LogMessageBody>())) {
          if (event.type === 'endpoint.upserted' && !event.endpoint.callback) this.invalidate(event.endpoint.appId);
        }
      },
    });
    void this.clearOnReconnect();
  }

  /** Changes published while disconnected were not heard: after a reconnect nothing cached is trusted. */
  private async clearOnReconnect(): Promise<void> {
    for await (const status of this.nats.connection.status()) {
      if (status.type === Events.Reconnect) this.byApp.clear();
    }
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  forApp(appId: AppId): Promise<EndpointEntity[]> {
    return this.byApp.get(appId, (key) => this.endpoints.find({ where: { appId: key }, order: { id: 'ASC' } }));
  }

  invalidate(appId: AppId): void {
    this.byApp.delete(appId);
  }
}
