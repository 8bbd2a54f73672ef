import type { Logger } from '@nestjs/common';
import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from 'nats';
import type { ConsumerDefinition } from '@hookstream/contracts';
import { watchConsumer } from '../observability/consumer-lag';
import { ensureConsumer } from './stream-setup';

/** What to do with a message once handled; decided in exactly one place per handler. */
export type Settlement = { kind: 'ack' } | { kind: 'nak'; delayMs: number } | { kind: 'term' };

export const ack = (): Settlement => ({ kind: 'ack' });
export const nak = (delayMs: number): Settlement => ({ kind: 'nak', delayMs });
export const term = (): Settlement => ({ kind: 'term' });

export type MessageHandler = (msg: JsMsg) => Promise<Settlement>;

export interface WorkerOptions {
  js: JetStreamClient;
  stream: string;
  consumer: string;
  /** Messages handled at once. */
  concurrency: number;
  handler: MessageHandler;
  logger: Logger;
  /**
   * First delay before an unexpected handler error is retried (infrastructure trouble: DB down, NATS hiccup);
   * doubles with each redelivery of the same message, up to a minute.
   */
  errorRetryDelayMs?: number;
}

/**
 * Pulls from a durable consumer and runs the handler with bounded concurrency.
 * A handler that throws gets its message nak'd with a delay, never lost. `stop()` stops pulling, hands back
 * (nak) what was buffered but not started, and waits for in-flight handlers.
 */
export class JetStreamWorker {
  private messages: ConsumerMessages | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;
  private loop: Promise<void> | null = null;
  /** Takes the consumer off /metrics' lag gauges. */
  private unwatch: () => void = () => undefined;

  constructor(private readonly options: WorkerOptions) {}

  async start(): Promise<void> {
    const { js, stream, consumer, concurrency } = this.options;
    const source = await js.consumers.get(stream, consumer);
    this.unwatch = watchConsumer({ stream, consumer, info: () => source.info() });
    this.messages = await source.consume({ max_messages: Math.max(concurrency * 2, 10) });
    this.loop = this.run(this.messages);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unwatch();
    await this.messages?.close();
    await this.loop;
    await Promise.all(this.inFlight);
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const msg of messages) {
        if (this.stopping) {
          msg.nak();
          continue;
        }
        if (this.inFlight.size >= this.options.concurrency) await Promise.race(this.inFlight);
        const task = this.process(msg).finally(() => this.inFlight.delete(task));
        this.inFlight.add(task);
      }
    } catch (error) {
      if (!this.stopping) this.options.logger.error({ err: error }, `consumer ${this.options.consumer} stopped`);
    }
  }

  private async process(msg: JsMsg): Promise<void> {
    let settlement: Settlement;
    try {
      settlement = await this.options.handler(msg);
    } catch (error) {
      this.options.logger.error(
        { err: error, subject: msg.subject, seq: msg.seq },
        `handler failed on ${this.options.consumer}; message will be redelivered`,
      );
      settlement = nak(errorBackoffMs(this.options.errorRetryDelayMs ?? 1000, msg.info.redeliveryCount));
    }
    settle(msg, settlement);
  }
}

const MAX_ERROR_BACKOFF_MS = 60_000;

/** 1 s, 2 s, 4 s … up to a minute, by how often the message has been delivered. */
export function errorBackoffMs(firstMs: number, deliveries: number): number {
  return Math.min(MAX_ERROR_BACKOFF_MS, firstMs * 2 ** Math.max(0, deliveries - 1));
}

function settle(msg: JsMsg, settlement: Settlement): void {
  switch (settlement.kind) {
    case 'ack':
      msg.ack();
      return;
    case 'nak':
      msg.nak(settlement.delayMs);
      return;
    case 'term':
      // term("reason") is ignored before nats-server 2.11 (SPEC §6), so no reason is passed.
      msg.term();
      return;
  }
}

export interface DurableWorkerOptions {
  concurrency: number;
  handler: MessageHandler;
  logger: Logger;
}

/** Ensures the durable consumer exists as defined, then starts a worker pulling from it. */
export async function startDurableWorker(
  clients: { js: JetStreamClient; jsm: JetStreamManager },
  definition: ConsumerDefinition,
  options: DurableWorkerOptions,
): Promise<JetStreamWorker> {
  await ensureConsumer(clients.jsm, definition);
  const worker = new JetStreamWorker({ js: clients.js, stream: definition.stream, consumer: definition.config.durable_name, ...options });
  await worker.start();
  return worker;
}
