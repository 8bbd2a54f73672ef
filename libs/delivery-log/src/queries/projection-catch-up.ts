import { Logger } from '@nestjs/common';

/** How far the LOG stream and its projection have got (JetStream in production, a fake in unit specs). */
export abstract class ProjectionProgress {
  /** The sequence of the newest message in the LOG stream, read by a request sent now. */
  abstract streamLastSeq(): Promise<number>;
  /** The stream sequence up to which delivery-log's durable consumer has acked every message. */
  abstract projectedSeq(): Promise<number>;
}

export interface CatchUpOptions {
  /** Longest a miss waits before it is answered as a miss. */
  timeoutMs: number;
  /** Pause between two reads of the consumer's ack floor. */
  pollMs: number;
}

export const CATCH_UP_DEFAULTS: CatchUpOptions = { timeoutMs: 2000, pollMs: 20 };

interface Waiter {
  settled: boolean;
  settle: (caughtUp: boolean) => void;
}

/**
 * Read your writes on the projections. ingest answers a write once its LOG event is stored, but delivery-log may
 * not have projected it yet; so a lookup that misses waits, bounded, until the durable consumer's ack floor reaches
 * the end of the LOG stream as it stood when the read arrived, then looks once more. The projector acks a message
 * only after its rows are committed, and the ack floor is the shared consumer's, so this holds whichever replica
 * projects. Hits cost nothing. Misses share work: at most one read of the stream's end is in flight (misses arriving
 * meanwhile share the next one) and one loop polls the ack floor for every waiting miss.
 */
export class ProjectionCatchUp {
  private readonly logger = new Logger(ProjectionCatchUp.name);
  /** Each waiting miss with the stream sequence the ack floor must reach for it. */
  private readonly waiters = new Map<Waiter, number>();
  private polling = false;
  /** The stream-end read that left last, and the one that leaves after it, shared by whoever asks before it leaves. */
  private sentEndRead: Promise<number> | null = null;
  private nextEndRead: Promise<number> | null = null;

  constructor(
    private readonly progress: ProjectionProgress,
    private readonly options: CatchUpOptions = CATCH_UP_DEFAULTS,
  ) {}

  /** `lookup`; if it finds nothing, `lookup` again once the projection has caught up (or the wait timed out). */
  async find<T>(lookup: () => Promise<T | null>): Promise<T | null> {
    const found = await lookup();
    if (found !== null) return found;
    await this.waitForProjection();
    return lookup();
  }

  /**
   * Resolves true once everything the LOG stream held when this was called is projected, false when that did not
   * happen within `timeoutMs` or JetStream could not tell (the caller then answers from what it has, as before).
   */
  waitForProjection(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        settled: false,
        settle: (caughtUp) => {
          if (waiter.settled) return;
          waiter.settled = true;
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(caughtUp);
        },
      };
      const timer = setTimeout(() => waiter.settle(false), this.options.timeoutMs);
      this.streamEnd().then(
        (target) => this.awaitAckFloor(waiter, target),
        (error: unknown) => this.giveUp([waiter], error),
      );
    });
  }

  /** The stream's last sequence, from a request that leaves after this call (so it covers every earlier write). */
  private streamEnd(): Promise<number> {
    if (this.nextEndRead) return this.nextEndRead;
    const previous = this.sentEndRead ?? Promise.resolve(0);
    const next = previous
      .catch(() => 0)
      .then(() => {
        this.nextEndRead = null;
        this.sentEndRead = this.progress.streamLastSeq();
        return this.sentEndRead;
      });
    this.nextEndRead = next;
    return next;
  }

  private awaitAckFloor(waiter: Waiter, target: number): void {
    if (waiter.settled) return;
    this.waiters.set(waiter, target);
    if (this.polling) return;
    this.polling = true;
    void this.pollWhileWaited();
  }

  /**
   * Reads the ack floor until every waiter has seen it reach its target or has timed out. A floor read before a
   * waiter joined still counts for it: the floor only grows.
   */
  private async pollWhileWaited(): Promise<void> {
    try {
      while (this.waiters.size > 0) {
        const projected = await this.progress.projectedSeq();
        for (const [waiter, target] of this.waiters) if (projected >= target) waiter.settle(true);
        if (this.waiters.size > 0) await new Promise((resolve) => setTimeout(resolve, this.options.pollMs));
      }
    } catch (error) {
      this.giveUp([...this.waiters.keys()], error);
    } finally {
      this.polling = false;
    }
  }

  private giveUp(waiters: Waiter[], error: unknown): void {
    this.logger.warn({ err: error, waiting: waiters.length }, 'could not read the projection progress from JetStream; answering misses as they are');
    for (const waiter of waiters) waiter.settle(false);
  }
}
