import { Logger } from '@nestjs/common';
import type { LogEvent } from '@hookstream/contracts';
import { LogProjector } from './log-projector';

/** Most events written in one transaction. */
export const MAX_PROJECTION_BATCH = 500;

interface Pending {
  event: LogEvent;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Group commit for the projection: events handed in while a transaction is running wait for the next one, which
 * writes them all (`LogProjector.applyAll`), so under load one transaction serves hundreds of events; a lone event
 * is written on the next turn of the event loop. Each caller's promise settles once its event is committed, so the
 * consumer acks only what is in Postgres. If a batch fails, its events are retried one by one: a bad event
 * fails alone (its message is nak'd as before) and does not hold back the others.
 */
export class ProjectionBatcher {
  private readonly logger = new Logger(ProjectionBatcher.name);
  private queue: Pending[] = [];
  private draining = false;

  constructor(private readonly projector: LogProjector) {}

  project(event: LogEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commit(this.queue.splice(0, MAX_PROJECTION_BATCH));
    } finally {
      this.draining = false;
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    try {
      await this.projector.applyAll(batch.map((pending) => pending.event));
      for (const pending of batch) pending.resolve();
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error as Error);
      this.logger.warn({ err: error, events: batch.length }, 'projection batch failed; applying its events one by one');
      await this.applyOneByOne(batch);
    }
  }

  /** Stops at the first failure that is not the event's own fault (Postgres gone): the rest would only wait for it too. */
  private async applyOneByOne(batch: Pending[]): Promise<void> {
    for (const [index, pending] of batch.entries()) {
      try {
        await this.projector.apply(pending.event);
        pending.resolve();
      } catch (error) {
        pending.reject(error as Error);
        if (isBadEvent(error)) continue;
        for (const rest of batch.slice(index + 1)) rest.reject(error as Error);
        return;
      }
    }
  }
}

/** Postgres refused the event's values (SQLSTATE class 22 data exception, 23 integrity violation). */
function isBadEvent(error: unknown): boolean {
  const code = (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
