import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { JsMsg } from 'nats';
import { dispatcherConsumer, DISPATCH_ACK_WAIT_MS, parkedConsumers, type DeliveryTask } from '@hookstream/contracts';
import {
  ack,
  HookstreamConfig,
  JetStreamWorker,
  nak,
  NatsClients,
  startDurableWorker,
  term,
  traceFromNatsHeaders,
  type Settlement,
} from '@hookstream/platform';
import { WORKER_SLOTS } from '../health/fair-share';
import { DeliveryPipeline } from './delivery-pipeline';

/** Tasks handled at once per consumer; the fair share (EndpointLimiter) keeps one endpoint or app from taking them all. */
const CONCURRENCY = WORKER_SLOTS;
/** `working()` resets the ack deadline; sent well inside it while a POST is in flight. */
const HEARTBEAT_MS = DISPATCH_ACK_WAIT_MS / 3;

/**
 * Three pull workers on the deliveries stream: fresh deliveries, parked ones due soon and parked ones due later. A
 * parked task not yet due is handed back with `nak(delay)`: JetStream, not a timer here, holds it until its
 * `notBefore`.
 */
@Injectable()
export class DeliveryWorkers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryWorkers.name);
  private readonly workers: JetStreamWorker[] = [];

  constructor(
    @Inject(NatsClients) private readonly nats: NatsClients,
    private readonly pipeline: DeliveryPipeline,
    private readonly config: HookstreamConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { subjects } = this.nats;
    const maxDeliver = this.config.dispatchMaxDeliver;
    for (const definition of [dispatcherConsumer(subjects, maxDeliver), ...parkedConsumers(subjects, maxDeliver)]) {
      this.workers.push(
        // Bounded by the consumers' max_deliver instead; DeadLettersConsumer records what runs out (from the advisory).
        await startDurableWorker(this.nats, definition, { concurrency: CONCURRENCY, handler: (msg) => this.handle(msg), logger: this.logger, deadLetters: null }),
      );
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop()));
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
      await this.pipeline.handle(task, traceFromNatsHeaders(msg.headers));
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
