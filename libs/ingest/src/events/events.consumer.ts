import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { JsMsg } from 'nats';
import { ingestConsumer } from '@hookstream/contracts';
import { ack, DeadLetters, JetStreamWorker, KeyedSequencer, NatsClients, startDurableWorker, traceFromNatsHeaders, type Settlement } from '@hookstream/platform';
import { AcceptEventUseCase } from './accept-event.use-case';
import { decodeJson, validateEnvelope } from './envelope-parser';
import { EventRejection } from './event-rejection';
import { RejectionsService } from '../rejections/rejections.service';

/**
 * Events in hand at once. Most of them wait: for their receipt's group commit, their tasks' PubAcks, and the few
 * milliseconds `message.accepted` lingers for company; the worker's 32 MiB cap bounds the bytes they hold.
 */
const CONCURRENCY = 128;

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
    private readonly deadLetters: DeadLetters,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = await startDurableWorker(this.nats, ingestConsumer(this.nats.subjects), {
      concurrency: CONCURRENCY,
      handler: (msg) => this.handle(msg),
      logger: this.logger,
      deadLetters: this.deadLetters,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.stop();
  }

  /**
   * Runs synchronously up to the queueing, so events of one key are queued in the order they arrived. The body is
   * parsed once, here: its `orderingKey` picks the queue, and the same value is validated in its turn.
   */
  private handle(msg: JsMsg): Promise<Settlement> {
    const appIdOrUid = msg.subject.slice(this.nats.subjects.events('').length);
    const decoded = decodedOrRejection(msg.data);
    const orderingKey = orderingKeyOf(decoded);
    if (orderingKey === undefined) return this.accept(msg, appIdOrUid, decoded);
    return this.ordered.run(`${appIdOrUid}\u0000${orderingKey}`, () => this.accept(msg, appIdOrUid, decoded));
  }

  private async accept(msg: JsMsg, appIdOrUid: string, decoded: unknown): Promise<Settlement> {
    try {
      if (decoded instanceof EventRejection) throw decoded;
      const envelope = validateEnvelope(decoded);
      await this.acceptEvent.execute({ appIdOrUid, envelope, trace: traceFromNatsHeaders(msg.headers), callerWaits: false });
    } catch (error) {
      if (!(error instanceof EventRejection)) throw error;
      await this.rejections.record({ appRef: appIdOrUid, subject: msg.subject, rejection: error, raw: msg.data });
    }
    return ack();
  }
}

/** The body as JSON, or the rejection saying why it is not (too large, not JSON). */
function decodedOrRejection(data: Uint8Array): unknown {
  try {
    return decodeJson(data);
  } catch (error) {
    if (error instanceof EventRejection) return error;
    throw error;
  }
}

/** The envelope's `orderingKey`, read without validating (validation happens in its turn). */
function orderingKeyOf(decoded: unknown): string | undefined {
  if (typeof decoded !== 'object' || decoded === null) return undefined;
  const key = (decoded as { orderingKey?: unknown }).orderingKey;
  return typeof key === 'string' ? key : undefined;
}
