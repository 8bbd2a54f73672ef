import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { JsMsg } from 'nats';
import { deliveryLogConsumer, logEventIds, logEventsOf, streamNames, type LogEvent, type LogMessageBody } from '@hookstream/contracts';
import { ack, DeadLetters, JetStreamWorker, NatsClients, type Settlement } from '@hookstream/platform';
import { ensureLogConsumer } from './log-consumer-setup';
import { LogProjector } from './log-projector';
import { MAX_PROJECTION_BATCH, ProjectionBatcher } from './projection-batcher';

/**
 * LOG messages in hand at once: their events wait together for the batcher's next transaction. A message may hold a
 * batch of events (`LogEventBatch`); transactions take at most MAX_PROJECTION_BATCH events each, in turn.
 */
const CONCURRENCY = MAX_PROJECTION_BATCH;

/**
 * Projects the LOG stream into delivery-log's tables, many events per transaction (`ProjectionBatcher`); a message
 * is acked once all its events are committed. Unreadable messages are logged and skipped; a message whose events
 * keep failing to project is dead-lettered by the worker after a few deliveries, so the projection moves past it.
 */
@Injectable()
export class LogConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LogConsumer.name);
  private worker: JetStreamWorker | null = null;
  private readonly batcher: ProjectionBatcher;

  constructor(
    @Inject(NatsClients) private readonly nats: NatsClients,
    projector: LogProjector,
    private readonly deadLetters: DeadLetters,
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
      deadLetters: this.deadLetters,
    });
    await this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.stop();
  }

  private async handle(msg: JsMsg): Promise<Settlement> {
    let events: LogEvent[];
    try {
      events = logEventsOf(msg.json<LogMessageBody>());
    } catch {
      this.logger.error({ subject: msg.subject, seq: msg.seq }, 'unreadable log event skipped');
      return ack();
    }
    const deliveries = msg.info.deliveryCount;
    const failures = (await Promise.all(events.map((event) => this.project(event, msg.seq, deliveries)))).filter((failure) => failure !== null);
    // The worker retries or dead-letters the message. A batch's events that were projected are projected again on
    // redelivery: every statement is idempotent.
    if (failures.length > 0) throw failures[0];
    return ack();
  }

  /** Null once the event is committed; else why not. */
  private async project(event: LogEvent, seq: number, deliveries: number): Promise<unknown> {
    try {
      await this.batcher.project(event);
      return null;
    } catch (error) {
      // Logged here too, so the line names the message, endpoint and attempt.
      this.logger.error({ err: error, type: event.type, ...logEventIds(event), seq, deliveries }, 'projection failed');
      return error;
    }
  }
}
