import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { JsMsg } from 'nats';
import { deliveryLogConsumer, logEventIds, streamNames, type LogEvent } from '@hookstream/contracts';
import { ack, errorBackoffMs, JetStreamWorker, nak, NatsClients, type Settlement } from '@hookstream/platform';
import { ensureLogConsumer } from './log-consumer-setup';
import { LogProjector } from './log-projector';
import { MAX_PROJECTION_BATCH, ProjectionBatcher } from './projection-batcher';

/** Events in hand at once: they wait together for the batcher's next transaction, so this bounds a batch. */
const CONCURRENCY = MAX_PROJECTION_BATCH;

/**
 * Projects the LOG stream into delivery-log's tables, many events per transaction (`ProjectionBatcher`); each is
 * acked once its transaction committed. Unreadable events are logged and skipped.
 */
@Injectable()
export class LogConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LogConsumer.name);
  private worker: JetStreamWorker | null = null;
  private readonly batcher: ProjectionBatcher;

  constructor(
    @Inject(NatsClients) private readonly nats: NatsClients,
    projector: LogProjector,
  ) {
    this.batcher = new ProjectionBatcher(projector);
  }

  async onApplicationBootstrap(): Promise<void> {
    const definition = deliveryLogConsumer(this.nats.subjects);
    await ensureLogConsumer(this.nats.jsm, definition);
    this.worker = new JetStreamWorker({
      js: this.nats.js,
      stream: streamNames(this.nats.subjects).log,
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
    let event: LogEvent;
    try {
      event = msg.json<LogEvent>();
    } catch {
      this.logger.error({ subject: msg.subject, seq: msg.seq }, 'unreadable log event skipped');
      return ack();
    }
    try {
      await this.batcher.project(event);
    } catch (error) {
      // Logged here rather than by the worker, so the line names the message, endpoint and attempt.
      const redeliveries = msg.info.redeliveryCount;
      this.logger.error({ err: error, type: event.type, ...logEventIds(event), seq: msg.seq, redeliveries }, 'projection failed; the event will be redelivered');
      return nak(errorBackoffMs(1000, redeliveries));
    }
    return ack();
  }
}
