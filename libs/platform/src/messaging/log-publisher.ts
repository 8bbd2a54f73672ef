import { Inject, Injectable, Optional } from '@nestjs/common';
import { logBatchDedupId, logBatchJson, logEventDedupId, type LogEvent, type OpsEvent } from '@hookstream/contracts';
import { isInfrastructureFailure } from './failure-kind';
import { NatsClients } from './nats-clients';

/** How long a LOG publish keeps trying through an outage before its caller gets the error. */
export const LOG_OUTAGE_RETRY_WINDOW_MS = 30_000;
/** Injection token overriding LOG_OUTAGE_RETRY_WINDOW_MS (tests). */
export const LOG_OUTAGE_RETRY_WINDOW = Symbol('LOG_OUTAGE_RETRY_WINDOW');
const LOG_OUTAGE_RETRY_FIRST_MS = 250;
const LOG_OUTAGE_RETRY_MAX_MS = 4000;

/**
 * Most characters of events in one batch. NATS refuses messages over its max_payload (1 MiB by default); even if every
 * character took three bytes in UTF-8, a batch stays under it. An event longer than this goes on its own, as before.
 */
export const MAX_LOG_BATCH_CHARS = 256 * 1024;

/** How long a lingering event waits for company (see `LogPublishOptions.linger`). */
export const LOG_LINGER_MS = 10;

/** Lingering events of one subject that make a batch worth sending without waiting out the linger. */
const LINGER_FLUSH_EVENTS = 64;

export interface LogPublishOptions {
  /**
   * The event may wait up to LOG_LINGER_MS for others to share its message. For events nobody is waiting on at once
   * (a delivery's `attempt.made`, an event's `message.accepted` from NATS): at a few hundred events/s, evenly spaced,
   * no two share an event-loop turn, so each was a stored message, a PubAck, a delivery-log run and a projection
   * statement of its own. Only the caller's own ack waits longer; the delivery does not. An event published without
   * it takes every lingering event along, ahead of it, so the stream keeps the order of publishing.
   */
  linger?: boolean;
}

interface PendingEvent {
  json: string;
  dedupId: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function appIdOf(event: LogEvent): string {
  switch (event.type) {
    case 'app.upserted':
      return event.app.id;
    case 'endpoint.upserted':
      return event.endpoint.appId;
    case 'message.accepted':
      return event.message.appId;
    case 'attempt.made':
      return event.attempt.appId;
    case 'delivery.cancelled':
    case 'delivery.sending':
      return event.delivery.appId;
    case 'message.content.expunged':
    case 'attempt.content.expunged':
      return event.content.appId;
    case 'endpoint.circuit.changed':
      return event.circuit.appId;
    case 'dead_letter.recorded':
      // `_` cannot be an app id, so a dead letter of no known app stays apart from every app's subjects.
      return event.deadLetter.appId ?? '_';
  }
}

/** Splits one subject's events into runs that fit a batch, keeping their order. */
function batchesOf(events: PendingEvent[]): PendingEvent[][] {
  const batches: PendingEvent[][] = [];
  let current: PendingEvent[] = [];
  let chars = 0;
  for (const event of events) {
    if (current.length > 0 && chars + event.json.length > MAX_LOG_BATCH_CHARS) {
      batches.push(current);
      current = [];
      chars = 0;
    }
    current.push(event);
    chars += event.json.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Appends events to the LOG stream, deduplicated by a stable id so a retried publish is harmless.
 *
 * The events published in one event-loop turn leave together: one message per subject (app and type) holding all of
 * them (`LogEventBatch`), or the event itself when it is alone, as it is on a quiet service. Under load a dispatcher
 * finishes dozens of POSTs per turn; each `attempt.made` as its own message cost a stored message, a PubAck and
 * delivery-log's ack apiece. Each caller's promise settles with its batch's PubAck, so callers ack their own work
 * only once their event is durable, as before. Events published with `linger` may wait a few milliseconds more for
 * company (`LogPublishOptions`).
 */
@Injectable()
export class LogPublisher {
  private pending = new Map<string, PendingEvent[]>();
  private flushScheduled = false;
  private lingerTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(NatsClients) private readonly nats: NatsClients,
    @Optional() @Inject(LOG_OUTAGE_RETRY_WINDOW) private readonly outageRetryWindowMs: number = LOG_OUTAGE_RETRY_WINDOW_MS,
  ) {}

  async publish(event: LogEvent, options: LogPublishOptions = {}): Promise<void> {
    const subject = this.nats.subjects.log(appIdOf(event), event.type);
    const json = JSON.stringify(event);
    await new Promise<void>((resolve, reject) => {
      const entry = { json, dedupId: logEventDedupId(event), resolve, reject };
      const queued = this.pending.get(subject);
      if (queued) queued.push(entry);
      else this.pending.set(subject, [entry]);
      if (options.linger && (queued?.length ?? 1) < LINGER_FLUSH_EVENTS) this.scheduleLingeringFlush();
      else this.scheduleFlush();
    });
  }

  /**
   * Operational events go to `<prefix>.ops.<appId>.<type>` (kept by the LOG stream too), one message each, after the
   * events still lingering, so that they follow the attempts that caused them.
   */
  async publishOps(event: OpsEvent, dedupId: string): Promise<void> {
    const subject = this.nats.subjects.ops(event.data.appId, event.type);
    if (this.pending.size > 0) this.flush();
    await this.nats.publisher.publish(subject, JSON.stringify(event), { msgID: `ops:${event.type}:${dedupId}` });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private scheduleLingeringFlush(): void {
    if (this.flushScheduled || this.lingerTimer) return;
    this.lingerTimer = setTimeout(() => this.flush(), LOG_LINGER_MS);
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    const pending = this.pending;
    this.pending = new Map();
    for (const [subject, events] of pending) {
      for (const batch of batchesOf(events)) void this.publishBatch(subject, batch);
    }
  }

  private async publishBatch(subject: string, batch: PendingEvent[]): Promise<void> {
    try {
      if (batch.length === 1) {
        await this.publishThroughOutage(subject, batch[0].json, batch[0].dedupId);
      } else {
        const dedupId = logBatchDedupId(batch.map((event) => event.dedupId));
        await this.publishThroughOutage(subject, logBatchJson(batch.map((event) => event.json)), dedupId);
      }
    } catch (error) {
      for (const event of batch) event.reject(error);
      return;
    }
    for (const event of batch) event.resolve();
  }

  /**
   * Publishes, and through a short outage of the LOG stream (a leader election, no responders, a timeout) tries
   * again with the same `Nats-Msg-Id`, so a retry of a message already stored is a duplicate the stream drops.
   * Without this, a dispatcher whose POST succeeded could not record it, handed its task back, and POSTed again.
   */
  private async publishThroughOutage(subject: string, data: string, msgID: string): Promise<void> {
    const deadline = Date.now() + this.outageRetryWindowMs;
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.nats.publisher.publish(subject, data, { msgID });
        return;
      } catch (error) {
        const wait = Math.min(LOG_OUTAGE_RETRY_MAX_MS, LOG_OUTAGE_RETRY_FIRST_MS * 2 ** attempt);
        if (!isInfrastructureFailure(error) || Date.now() + wait > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}
