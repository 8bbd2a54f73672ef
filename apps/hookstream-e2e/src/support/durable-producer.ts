import type { JetStreamClient } from 'nats';

export interface DurableProducerOptions {
  /** Tries per event before the producer gives up (and the test fails). */
  tries?: number;
  /** How long each try waits for its PubAck. */
  timeoutMs?: number;
}

/**
 * Publishes as a real producer does: JetStream publish with `Nats-Msg-Id`, retried on timeouts, no-responders and
 * 503s (a stream without a leader or quorum), with a bounded number of tries. The stream's dedup window makes a retry
 * of an event already stored harmless. Counts failed tries, so a test can show that publishes did fail meanwhile.
 */
export class DurableProducer {
  /** Events whose PubAck has arrived. */
  published = 0;
  /** Tries that failed and were retried. */
  failedTries = 0;
  private readonly tries: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly js: JetStreamClient,
    options: DurableProducerOptions = {},
  ) {
    this.tries = options.tries ?? 40;
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  async publish(subject: string, body: string, msgID: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.js.publish(subject, body, { msgID, timeout: this.timeoutMs });
        this.published += 1;
        return;
      } catch (error) {
        if (attempt === this.tries) throw new Error(`publishing ${msgID} failed ${this.tries} times: ${(error as Error).message}`);
        this.failedTries += 1;
        await new Promise((resolve) => setTimeout(resolve, 250 * Math.min(attempt, 4)));
      }
    }
  }

  /**
   * Publishes `total` `render.completed` envelopes to `<prefix>.events.<appId>`, eventIds `<tag>_<n>`, `batch` at a
   * time with `pauseMs` between batches, so the load lasts long enough for a failure to land in the middle of it.
   */
  async publishEvents(prefix: string, appId: string, tag: string, total: number, batch = 20, pauseMs = 0): Promise<void> {
    for (let n = 0; n < total; n += batch) {
      await Promise.all(
        Array.from({ length: Math.min(batch, total - n) }, (_, i) => {
          const eventId = `${tag}_${n + i}`;
          return this.publish(`${prefix}.events.${appId}`, JSON.stringify({ eventType: 'render.completed', eventId, payload: { n: n + i } }), eventId);
        }),
      );
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
