import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'nats';
import type { LogEvent, OpsEvent } from '@hookstream/contracts';
import { NatsClients } from '@hookstream/platform';

/**
 * Which endpoints are disabled, as far as this dispatcher knows: learnt at once from its own 410s, and from every
 * replica's `endpoint.disabled` and ingest's `endpoint.upserted` events (core NATS sees JetStream publishes too).
 * A parked retry whose endpoint is disabled is cancelled instead of sent.
 */
@Injectable()
export class EndpointStates implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EndpointStates.name);
  private readonly disabled = new Set<string>();
  private readonly subscriptions: Subscription[] = [];

  constructor(@Inject(NatsClients) private readonly nats: NatsClients) {}

  onApplicationBootstrap(): void {
    const { subjects, connection } = this.nats;
    this.subscriptions.push(
      connection.subscribe(subjects.ops('*', 'endpoint.disabled'), {
        callback: (error, msg) => {
          if (error) return this.logger.warn({ err: error }, 'endpoint.disabled subscription failed');
          const event = msg.json<OpsEvent>();
          if (event.type === 'endpoint.disabled') this.disabled.add(event.data.endpointId);
        },
      }),
      connection.subscribe(subjects.log('*', 'endpoint.upserted'), {
        callback: (error, msg) => {
          if (error) return this.logger.warn({ err: error }, 'endpoint.upserted subscription failed');
          const event = msg.json<LogEvent>();
          if (event.type !== 'endpoint.upserted') return;
          if (event.endpoint.disabled) this.disabled.add(event.endpoint.id);
          else this.disabled.delete(event.endpoint.id);
        },
      }),
    );
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  isDisabled(endpointId: string): boolean {
    return this.disabled.has(endpointId);
  }

  markDisabled(endpointId: string): void {
    this.disabled.add(endpointId);
  }
}
