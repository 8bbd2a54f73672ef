import { Logger } from '@nestjs/common';
import type { LogEvent } from '@hookstream/contracts';
import { GroupCommit } from '@hookstream/platform';
import { LogProjector } from './log-projector';

/** Most events written in one transaction. */
export const MAX_PROJECTION_BATCH = 500;

/**
 * Group commit for the projection (`GroupCommit`): events handed in while a transaction is running wait for the
 * next one, which writes them all (`LogProjector.applyAll`), so under load one transaction serves hundreds of
 * events. Each caller's promise settles once its event is committed, so the consumer acks only what is in Postgres.
 * If a batch fails, its events are applied one by one: a bad event fails alone (its message is nak'd as before);
 * a failure that is not the event's fault (Postgres gone) fails the rest at once, as they would only wait for it.
 */
export class ProjectionBatcher {
  private readonly logger = new Logger(ProjectionBatcher.name);
  private readonly commit: GroupCommit<LogEvent, void>;

  constructor(projector: LogProjector) {
    this.commit = new GroupCommit<LogEvent, void>({
      write: async (events) => {
        await projector.applyAll(events);
        return events.map(() => undefined);
      },
      writeAlone: async (event) => void (await projector.apply(event)),
      maxBatch: MAX_PROJECTION_BATCH,
      isItemFault: isBadEvent,
      onBatchFailed: (error, events) => this.logger.warn({ err: error, events }, 'projection batch failed; applying its events one by one'),
    });
  }

  project(event: LogEvent): Promise<void> {
    return this.commit.submit(event);
  }
}

/** Postgres refused the event's values (SQLSTATE class 22 data exception, 23 integrity violation). */
function isBadEvent(error: unknown): boolean {
  const code = (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
