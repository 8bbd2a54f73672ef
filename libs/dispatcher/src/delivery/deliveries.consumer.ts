import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { JsMsg } from 'nats';
import { dispatcherConsumer, DISPATCH_ACK_WAIT_MS, streamNames, type DeliveryTask } from '@hookstream/contracts';
import { ack, ensureConsumer, JetStreamWorker, nak, NatsClients, term, type Settlement } from '@hookstream/platform';
import { DeliveryPipeline } from './delivery-pipeline';

const CONCURRENCY = 128;
/** `working()` resets the ack deadline; sent well inside it while a POST is in flight. */
const HEARTBEAT_MS = DISPATCH_ACK_WAIT_MS / 3;

/**
 * Pulls delivery tasks. A task whose `notBefore` lies ahead is handed back with `nak(delay)`: JetStream, not a
 * timer here, holds a parked retry until it is due.
 */
@Injectable()
export class DeliveriesConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveriesConsumer.name);
  private worker: JetStreamWorker | null = null;

  constructor(
    @Inject(NatsClients) private readonly nats: NatsClients,
    private readonly pipeline: DeliveryPipeline,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const definition = dispatcherConsumer(this.nats.subjects);
    await ensureConsumer(this.nats.jsm, definition);
    this.worker = new JetStreamWorker({
      js: this.nats.js,
      stream: streamNames(this.nats.subjects).deliveries,
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
    const task = parseTask(msg);
    if (!task) {
      this.logger.error({ subject: msg.subject, seq: msg.seq }, 'unreadable delivery task dropped');
      return term();
    }
    const wait = (task.notBefore ?? 0) - Date.now();
    if (wait > 0) return nak(wait);
    const heartbeat = setInterval(() => msg.working(), HEARTBEAT_MS);
    try {
      await this.pipeline.run(task);
    } finally {
      clearInterval(heartbeat);
    }
    return ack();
  }
}

function parseTask(msg: JsMsg): DeliveryTask | null {
  try {
    const task = msg.json<DeliveryTask>();
    return task.v === 1 && typeof task.msgId === 'string' ? task : null;
  } catch {
    return null;
  }
}
