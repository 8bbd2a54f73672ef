import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { JsMsg } from 'nats';
import { dispatcherDeadLettersConsumer, newAttemptId, streamNames, type AttemptRecord, type DeliveryTask } from '@hookstream/contracts';
import { ack, ensureConsumer, JetStreamWorker, LogPublisher, NatsClients, type Settlement } from '@hookstream/platform';

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
 * again) stays in the work queue until deleted, and only a core-NATS advisory says so (SPEC §6). The ADVISORIES
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
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const definition = dispatcherDeadLettersConsumer(this.nats.subjects);
    await ensureConsumer(this.nats.jsm, definition);
    this.worker = new JetStreamWorker({
      js: this.nats.js,
      stream: streamNames(this.nats.subjects).advisories,
      consumer: definition.config.durable_name,
      concurrency: 4,
      handler: (msg) => this.handle(msg),
      logger: this.logger,
    });
    await this.worker.start();
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
    const attempt = deadLetterAttempt(task, reason);
    await this.log.publish({ type: 'attempt.made', attempt });
    await this.log.publishOps(
      {
        type: 'message.attempt.exhausted',
        timestamp: attempt.timestamp,
        data: {
          appId: task.appId,
          msgId: task.msgId,
          endpointId: task.endpointId,
          lastAttempt: { id: attempt.id, responseStatusCode: 0, timestamp: attempt.timestamp },
        },
      },
      `${task.msgId}:${task.endpointId}`,
    );
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

function deadLetterAttempt(task: DeliveryTask, reason: string): AttemptRecord {
  return {
    id: newAttemptId(),
    msgId: task.msgId,
    appId: task.appId,
    endpointId: task.endpointId,
    url: task.url,
    attemptNumber: task.attempt,
    trigger: task.trigger,
    outcome: 'failed',
    responseStatusCode: 0,
    response: '',
    responseDurationMs: 0,
    error: reason,
    timestamp: new Date().toISOString(),
    final: true,
  };
}
