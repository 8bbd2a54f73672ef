import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { JsMsg } from 'nats';
import { ingestEndpointHealthConsumer, type OpsEvent } from '@hookstream/contracts';
import { ack, DeadLetters, JetStreamWorker, NatsClients, startDurableWorker, type Settlement } from '@hookstream/platform';
import { EndpointsService } from './endpoints.service';

/**
 * The dispatcher decides an endpoint must stop (410 Gone, `webhook-delivery: disable`); ingest owns endpoints,
 * so it applies the decision here: the endpoint is marked disabled and matches no new message.
 */
@Injectable()
export class EndpointHealthConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EndpointHealthConsumer.name);
  private worker: JetStreamWorker | null = null;

  constructor(
    @Inject(NatsClients) private readonly nats: NatsClients,
    private readonly endpoints: EndpointsService,
    private readonly deadLetters: DeadLetters,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = await startDurableWorker(this.nats, ingestEndpointHealthConsumer(this.nats.subjects), {
      concurrency: 4,
      handler: (msg) => this.handle(msg),
      logger: this.logger,
      deadLetters: this.deadLetters,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.stop();
  }

  private async handle(msg: JsMsg): Promise<Settlement> {
    const event = msg.json<OpsEvent>();
    if (event.type !== 'endpoint.disabled' || event.data.trigger === 'manual') return ack();
    await this.endpoints.disable(event.data.endpointId, event.data.reason, new Date(event.timestamp), event.data.detail);
    return ack();
  }
}
