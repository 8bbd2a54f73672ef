import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { JsMsg } from 'nats';
import { dispatcherDeadLettersConsumer, type DeliveryTask } from '@hookstream/contracts';
import { ack, DeadLetters, JetStreamWorker, LogPublisher, NatsClients, startDurableWorker, type Settlement } from '@hookstream/platform';
import { OrderingGate } from '../ordering/ordering-gate';
import { attemptRecord, exhaustedDedupId, exhaustedEvent } from './attempt-records';

interface ConsumerAdvisory {
  type: string;
  stream: string;
  consumer: string;
  stream_seq: number;
  deliveries?: number;
}

const MESSAGE_NOT_FOUND = 10037;

/**
 * A delivery task that ran out of deliveries (a dispatcher crashing on it, or failing to handle it, again and
 * again) stays in the work queue until deleted, and only a core-NATS advisory says so. The ADVISORIES
 * stream keeps those advisories; here each one becomes a recorded final failure (an attempt without a POST,
 * saying why), `message.attempt.exhausted`, and the task is deleted from the work queue.
 */
@Injectable()
export class DeadLettersConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeadLettersConsumer.name);
  private worker: JetStreamWorker | null = null;

  constructor(
    @Inject(NatsClients) private readonly nats: NatsClients,
    private readonly log: LogPublisher,
    private readonly ordering: OrderingGate,
    private readonly deadLetters: DeadLetters,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = await startDurableWorker(this.nats, dispatcherDeadLettersConsumer(this.nats.subjects), {
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
    const advisory = msg.json<ConsumerAdvisory>();
    const task = await this.loadTask(advisory);
    if (!task) return ack();
    const reason = advisory.type.includes('max_deliver')
      ? `dead-lettered: the task failed to be handled ${advisory.deliveries ?? 'too many'} times (dispatcher crash or error)`
      : 'dead-lettered: the task was terminated by the dispatcher';
    this.logger.error({ msgId: task.msgId, endpointId: task.endpointId, attempt: task.attempt, seq: advisory.stream_seq }, reason);
    const attempt = attemptRecord(task, { succeeded: false, responseStatusCode: 0, response: '', durationMs: 0, error: reason, final: true });
    await this.log.publish({ type: 'attempt.made', attempt });
    await this.log.publishOps(exhaustedEvent(task, attempt), exhaustedDedupId(task));
    await this.ordering.advance(task);
    await this.nats.jsm.streams.deleteMessage(advisory.stream, advisory.stream_seq).catch(() => false);
    return ack();
  }

  private async loadTask(advisory: ConsumerAdvisory): Promise<DeliveryTask | null> {
    try {
      const stored = await this.nats.jsm.streams.getMessage(advisory.stream, { seq: advisory.stream_seq });
      return stored.json<DeliveryTask>();
    } catch (error) {
      const code = (error as { api_error?: { err_code?: number } }).api_error?.err_code;
      if (code === MESSAGE_NOT_FOUND) return null; // already handled, or acked meanwhile
      if (error instanceof SyntaxError) {
        this.logger.error({ seq: advisory.stream_seq }, 'dead-lettered task is unreadable; deleted');
        await this.nats.jsm.streams.deleteMessage(advisory.stream, advisory.stream_seq).catch(() => false);
        return null;
      }
      throw error;
    }
  }
}

