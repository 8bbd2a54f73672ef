import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { DeliveryTask } from '@hookstream/contracts';
import { LogPublisher } from '@hookstream/platform';

/** A POST still running after this long is announced as `sending`. */
export const SENDING_AFTER_MS = 500;
/** How often running POSTs are looked at; an announcement comes 500–750 ms into a POST. */
const SWEEP_MS = 250;

interface RunningPost {
  task: DeliveryTask;
  startedAt: number;
  announced: boolean;
}

/**
 * Publishes `delivery.sending` for the POSTs that take long enough for anyone to see the state: most answer within
 * milliseconds, and an event per POST was a third of the LOG stream's events, for a status nobody could see.
 * One sweep every 250 ms over the running POSTs, not a timer each.
 */
@Injectable()
export class SendingAnnouncer implements OnModuleDestroy {
  private readonly logger = new Logger(SendingAnnouncer.name);
  private readonly running = new Set<RunningPost>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly log: LogPublisher) {}

  /** Marks a POST as started; call the returned function when it ends. */
  started(task: DeliveryTask, now = Date.now()): () => void {
    const post: RunningPost = { task, startedAt: now, announced: false };
    this.running.add(post);
    this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
    return () => this.ended(post);
  }

  /** Announces every POST running for `SENDING_AFTER_MS` or more, once each. */
  sweep(now = Date.now()): void {
    for (const post of this.running) {
      if (post.announced || now - post.startedAt < SENDING_AFTER_MS) continue;
      post.announced = true;
      void this.announce(post);
    }
  }

  onModuleDestroy(): void {
    this.stopSweeping();
  }

  private ended(post: RunningPost): void {
    this.running.delete(post);
    if (this.running.size === 0) this.stopSweeping();
  }

  private stopSweeping(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  /** The projection orders by attempt number, not by arrival, so a late announcement cannot undo the outcome. */
  private async announce({ task, startedAt }: RunningPost): Promise<void> {
    const delivery = { msgId: task.msgId, appId: task.appId, endpointId: task.endpointId, attemptNumber: task.attempt, timestamp: new Date(startedAt).toISOString() };
    await this.log.publish({ type: 'delivery.sending', delivery }).catch((error: Error) => {
      this.logger.warn({ msgId: task.msgId, appId: task.appId, endpointId: task.endpointId, err: error }, 'delivery.sending not published');
    });
  }
}
