import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { JsMsg } from 'nats';
import { ingestConsumer } from '@hookstream/contracts';
import { ack, JetStreamWorker, KeyedSequencer, NatsClients, startDurableWorker, traceFromNatsHeaders, type Settlement } from '@hookstream/platform';
import { AcceptEventUseCase } from './accept-event.use-case';
import { parseEnvelope } from './envelope-parser';
import { EventRejection } from './event-rejection';
import { RejectionsService } from '../rejections/rejections.service';

const CONCURRENCY = 32;

/**
 * Drains `<prefix>.events.<app>`: every envelope ends accepted, acknowledged as a duplicate, or rejected and
 * recorded. Infrastructure errors (Postgres down) throw, and the worker redelivers the event later. Events
 * sharing an `orderingKey` are accepted one at a time in stream order, so their sequence numbers follow it.
 */
@Injectable()
export class EventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EventsConsumer.name);
  private worker: JetStreamWorker | null = null;
  private readonly ordered = new KeyedSequencer();

  constructor(
    @Inject(NatsClients) private readonly nats: NatsClients,
    private readonly acceptEvent: AcceptEventUseCase,
    private readonly rejections: RejectionsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = await startDurableWorker(this.nats, ingestConsumer(this.nats.subjects), {
      concurrency: CONCURRENCY,
      handler: (msg) => this.handle(msg),
      logger: this.logger,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.stop();
  }

  /** Runs synchronously up to the queueing, so events of one key are queued in the order they arrived. */
  private handle(msg: JsMsg): Promise<Settlement> {
    const appIdOrUid = msg.subject.slice(this.nats.subjects.events('').length);
    const orderingKey = peekOrderingKey(msg.data);
    if (orderingKey === undefined) return this.accept(msg, appIdOrUid);
    return this.ordered.run(`${appIdOrUid}\u0000${orderingKey}`, () => this.accept(msg, appIdOrUid));
  }

  private async accept(msg: JsMsg, appIdOrUid: string): Promise<Settlement> {
    try {
      const envelope = await parseEnvelope(msg.data);
      await this.acceptEvent.execute({ appIdOrUid, envelope, trace: traceFromNatsHeaders(msg.headers) });
    } catch (error) {
      if (!(error instanceof EventRejection)) throw error;
      await this.rejections.record({ appRef: appIdOrUid, subject: msg.subject, rejection: error, raw: msg.data });
    }
    return ack();
  }
}

/** The envelope's `orderingKey`, read without validating (validation happens in its turn). */
function peekOrderingKey(data: Uint8Array): string | undefined {
  try {
    const key = (JSON.parse(new TextDecoder().decode(data)) as { orderingKey?: unknown }).orderingKey;
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}
