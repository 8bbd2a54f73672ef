import type { Logger } from '@nestjs/common';
import type { Consumer, ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from 'nats';
import type { ConsumerDefinition } from '@hookstream/contracts';
import { consumerTimer, type ConsumerTimer } from '../observability/consumer-timing';
import type { DeadLetters } from './dead-letters';
import { isInfrastructureFailure } from './failure-kind';
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
  /**
   * Bytes of messages handled at once (default 32 MiB): with payloads near the 256 KiB limit, `concurrency` alone
   * would let hundreds of them be parsed in memory together. One message is always let through, however large.
   */
  maxBytesInFlight?: number;
  handler: MessageHandler;
  logger: Logger;
  /**
   * First delay before an unexpected handler error is retried (infrastructure trouble: DB down, NATS hiccup);
   * doubles with each redelivery of the same message, up to a minute.
   */
  errorRetryDelayMs?: number;
  /**
   * Where a message goes once its handler has failed `maxFailedDeliveries` times for a reason that is not an
   * outage: recorded, then acked, so it never cycles for ever nor holds a slot. Null only for a consumer whose
   * JetStream `max_deliver` bounds it and whose dead letters are recorded from JetStream's advisories instead.
   */
  deadLetters: DeadLetters | null;
  /** Deliveries after which a message failing for a reason of its own is dead-lettered (default 5). */
  maxFailedDeliveries?: number;
}

/** Deliveries of a message whose handler keeps failing for a reason of its own before it is dead-lettered. */
export const DEFAULT_MAX_FAILED_DELIVERIES = 5;

/** How long `stop()` lets in-flight handlers finish when no timeout is given (the config's default). */
const DEFAULT_STOP_TIMEOUT_MS = 20_000;
/** Pause before pulling again after a pull failed (consumer briefly unavailable, leader election, reconnect). */
const RETRY_PULL_DELAY_MS = 1000;
/** Lifetime of each pull request; a stopping worker reads its last one to the end (see `drain`). */
const PULL_EXPIRES_MS = 5000;
const DEFAULT_MAX_BYTES_IN_FLIGHT = 32 * 1024 * 1024;
/** Most messages one pull asks for: what arrives waits, unparsed, until a handler slot frees up. */
const MAX_PULL_MESSAGES = 512;
/** Messages handed back on stop are nak'd with this delay, longer than any pull request of ours still open. */
const HAND_BACK_DELAY_MS = PULL_EXPIRES_MS + 500;

/**
 * Pulls from a durable consumer in batches and runs the handler with bounded concurrency. A handler that throws
 * gets its message nak'd with a delay, never lost; a failed pull is retried after a pause.
 *
 * `stop()` stops pulling, hands back (nak) what arrives from then on, gives in-flight handlers a bounded time to
 * finish, and hands back the ones still running, so another replica takes them without waiting out the 30 s ack
 * deadline. The server keeps filling a pull request until it expires, even after the client stopped reading it,
 * and a message sent into a request nobody reads waits for its ack deadline; so the last request is read to its
 * end (at most 5 s), and what is handed back is nak'd with a delay past that.
 */
export class JetStreamWorker {
  private readonly inFlight = new Map<JsMsg, Promise<void>>();
  private bytesInFlight = 0;
  /** In-flight messages nak'd at the end of `stop()`'s timeout: their handlers' late settlements are dropped. */
  private readonly handedBack = new WeakSet<JsMsg>();
  private stopping = false;
  private stopped: Promise<void> | null = null;
  private readonly stopRequested: Promise<void>;
  private requestStop: () => void = () => undefined;
  private loop: Promise<void> | null = null;
  private slotWaiter: Promise<void> | null = null;
  private freeSlot: () => void = () => undefined;
  private readonly timer: ConsumerTimer;

  constructor(private readonly options: WorkerOptions) {
    this.stopRequested = new Promise((resolve) => (this.requestStop = resolve));
    this.timer = consumerTimer(options.consumer);
  }

  async start(): Promise<void> {
    const consumer = await this.options.js.consumers.get(this.options.stream, this.options.consumer);
    this.loop = this.run(consumer);
    track(this.options.js, this);
  }

  /** Stops pulling and drains; idempotent (the shutdown path and `onModuleDestroy` may both call it). */
  stop(timeoutMs = DEFAULT_STOP_TIMEOUT_MS): Promise<void> {
    this.stopped ??= this.drain(timeoutMs).finally(() => untrack(this.options.js, this));
    return this.stopped;
  }

  private async drain(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.requestStop();
    this.wakePump();
    const inFlight = settlesWithin(Promise.all(this.inFlight.values()), timeoutMs);
    await this.loop;
    if (await inFlight) return;
    this.options.logger.warn(
      { consumer: this.options.consumer, handedBack: this.inFlight.size, timeoutMs },
      `handing ${this.inFlight.size} unfinished messages of ${this.options.consumer} back to JetStream`,
    );
    for (const msg of this.inFlight.keys()) {
      this.handedBack.add(msg);
      msg.nak(HAND_BACK_DELAY_MS);
    }
  }

  private async run(consumer: Consumer): Promise<void> {
    const max_messages = Math.min(Math.max(this.options.concurrency * 2, 10), MAX_PULL_MESSAGES);
    while (!this.stopping) {
      const startedAt = Date.now();
      try {
        const received = await this.pump(await consumer.fetch({ max_messages, expires: PULL_EXPIRES_MS }));
        // A pull answered at once with nothing (the server refusing it for now): do not spin.
        if (received === 0 && Date.now() - startedAt < RETRY_PULL_DELAY_MS) await this.pause();
      } catch (error) {
        if (this.stopping) return;
        this.options.logger.warn({ err: error }, `pulling from ${this.options.consumer} failed; again in ${RETRY_PULL_DELAY_MS} ms`);
        await this.pause();
      }
    }
  }

  private pause(): Promise<void> {
    return Promise.race([delay(RETRY_PULL_DELAY_MS), this.stopRequested]);
  }

  /** Runs one pull's messages to its end; returns how many arrived. */
  private async pump(messages: ConsumerMessages): Promise<number> {
    let received = 0;
    for await (const msg of messages) {
      received += 1;
      while (this.full() && !this.stopping) await this.slotFreed();
      if (this.stopping) {
        msg.nak(HAND_BACK_DELAY_MS);
        continue;
      }
      this.bytesInFlight += msg.data.length;
      this.inFlight.set(msg, this.process(msg).finally(() => this.release(msg)));
    }
    return received;
  }

  private full(): boolean {
    if (this.inFlight.size === 0) return false;
    const maxBytes = this.options.maxBytesInFlight ?? DEFAULT_MAX_BYTES_IN_FLIGHT;
    return this.inFlight.size >= this.options.concurrency || this.bytesInFlight >= maxBytes;
  }

  /**
   * Resolves when a handler finishes or the worker stops. One shared promise rather than a race over every in-flight
   * handler and the stop signal: that race cost O(concurrency) reactions per message (256 in the dispatcher) and
   * left one on the long-lived stop promise per wait.
   */
  private slotFreed(): Promise<void> {
    this.slotWaiter ??= new Promise((resolve) => (this.freeSlot = resolve));
    return this.slotWaiter;
  }

  private wakePump(): void {
    if (!this.slotWaiter) return;
    this.slotWaiter = null;
    this.freeSlot();
  }

  private release(msg: JsMsg): void {
    this.inFlight.delete(msg);
    this.bytesInFlight -= msg.data.length;
    this.wakePump();
  }

  private async process(msg: JsMsg): Promise<void> {
    if (msg.info.redeliveryCount === 1) this.timer.started(msg.info.timestampNanos / 1e6);
    const startedAt = performance.now();
    let settlement: Settlement;
    try {
      settlement = await this.options.handler(msg);
    } catch (error) {
      settlement = await this.afterFailure(msg, error);
    }
    this.timer.handled(performance.now() - startedAt);
    if (this.handedBack.has(msg)) return;
    try {
      settle(msg, settlement);
    } catch (error) {
      // The connection is closing or closed: unsettled, the message comes back after its ack deadline.
      this.options.logger.warn({ err: error, subject: msg.subject, seq: msg.seq }, `could not settle a message of ${this.options.consumer}`);
    }
  }

  /**
   * An outage only delays the message (nak with a growing delay), however often; a failure of the message's own
   * is retried the same way until its `maxFailedDeliveries`th delivery, then dead-lettered and acked.
   */
  private async afterFailure(msg: JsMsg, error: unknown): Promise<Settlement> {
    const { consumer, deadLetters, logger } = this.options;
    const deliveries = msg.info.deliveryCount;
    const retry = nak(errorBackoffMs(this.options.errorRetryDelayMs ?? 1000, deliveries));
    const outage = isInfrastructureFailure(error);
    const giveUp = !outage && deadLetters !== null && deliveries >= (this.options.maxFailedDeliveries ?? DEFAULT_MAX_FAILED_DELIVERIES);
    if (!giveUp) {
      logger.error({ err: error, subject: msg.subject, seq: msg.seq, deliveries, outage }, `handler failed on ${consumer}; message will be redelivered`);
      return retry;
    }
    try {
      await deadLetters.record(msg, consumer, error);
      return ack();
    } catch (recordError) {
      logger.error({ err: recordError, subject: msg.subject, seq: msg.seq }, `could not record a dead letter of ${consumer}; message will be redelivered`);
      return retry;
    }
  }
}

/** The running workers of each JetStream client (one per Nest application), so shutdown drains them all first. */
const runningWorkers = new WeakMap<JetStreamClient, Set<JetStreamWorker>>();

function track(js: JetStreamClient, worker: JetStreamWorker): void {
  const workers = runningWorkers.get(js) ?? new Set<JetStreamWorker>();
  runningWorkers.set(js, workers.add(worker));
}

function untrack(js: JetStreamClient, worker: JetStreamWorker): void {
  runningWorkers.get(js)?.delete(worker);
}

/** Stops every worker pulling through `js`, each giving its in-flight handlers `timeoutMs` to finish. */
export async function stopWorkers(js: JetStreamClient, timeoutMs: number): Promise<void> {
  await Promise.all([...(runningWorkers.get(js) ?? [])].map((worker) => worker.stop(timeoutMs)));
}

async function settlesWithin(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
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
      // nats.js sends the delay in nanoseconds as given; nats-server cannot read a fraction and redelivers at once.
      msg.nak(Math.ceil(settlement.delayMs));
      return;
    case 'term':
      // term("reason") is ignored before nats-server 2.11, so no reason is passed.
      msg.term();
      return;
  }
}

export type DurableWorkerOptions = Pick<WorkerOptions, 'concurrency' | 'handler' | 'logger' | 'deadLetters' | 'maxFailedDeliveries'>;

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
