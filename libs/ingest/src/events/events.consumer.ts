import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { JsMsg } from 'nats';
import { ingestConsumer, streamNames } from '@hookstream/contracts';
import { ack, ensureConsumer, JetStreamWorker, NatsClients, type Settlement } from '@hookstream/platform';
import { AcceptEventUseCase } from './accept-event.use-case';
import { parseEnvelope } from './envelope-parser';
import { EventRejection } from './event-rejection';
import { RejectionsService } from '../rejections/rejections.service';

const CONCURRENCY = 32;

/**
 * Drains `<prefix>.events.<app>`: every envelope ends accepted, acknowledged as a duplicate, or rejected and
 * recorded. Infrastructure errors (Postgres down) throw, and the worker redelivers the event later.
 */
@Injectable()
export class EventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EventsConsumer.name);
  private worker: JetStreamWorker | null = null;

  constructor(
    @Inject(NatsClients) private readonly nats: NatsClients,
    private readonly acceptEvent: AcceptEventUseCase,
    private readonly rejections: RejectionsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const definition = ingestConsumer(this.nats.subjects);
    await ensureConsumer(this.nats.jsm, definition);
    this.worker = new JetStreamWorker({
      js: this.nats.js,
      stream: streamNames(this.nats.subjects).events,
      consumer: definition.config.durable_name,
      concurrency: CONCURRENCY,
      handler: (msg) => this.handle(msg),
      logger: this.logger,
    });
    await this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.stop();
  }

  private async handle(msg: JsMsg): Promise<Settlement> {
    const appIdOrUid = msg.subject.slice(this.nats.subjects.events('').length);
    try {
      const envelope = await parseEnvelope(msg.data);
      await this.acceptEvent.execute({ appIdOrUid, envelope });
    } catch (error) {
      if (!(error instanceof EventRejection)) throw error;
      await this.rejections.record({ appRef: appIdOrUid, subject: msg.subject, rejection: error, raw: msg.data });
    }
    return ack();
  }
}
