import { Inject, Injectable } from '@nestjs/common';
import { deliveryTaskDedupId, parkedTaskDedupId, type DeliveryTask, type Subjects } from '@hookstream/contracts';
import { NatsClients, traceNatsHeaders, type TraceContext } from '@hookstream/platform';

/** A task parked for this long or longer goes on the subject of parked deliveries due later. */
export const DUE_LATER_MS = 60_000;

/**
 * Where a task parked until `notBefore` waits: due within a minute (deferrals, a first retry) on `retries`, due
 * later on `later`, so the hours-long parks never sit on the consumer whose pending set nats-server walks each time
 * one of its second-long deferrals comes due (see `streamDefinitions`).
 */
export function parkingSubject(subjects: Subjects, task: { appId: string; endpointId: string; notBefore?: number }, now = Date.now()): string {
  const dueInMs = (task.notBefore ?? now) - now;
  return dueInMs >= DUE_LATER_MS ? subjects.later(task.appId, task.endpointId) : subjects.retry(task.appId, task.endpointId);
}

/**
 * Puts tasks on a parked-deliveries subject with a `notBefore`; the parked consumers hold them in JetStream
 * (`nak(delay)`) until due. Nothing here waits.
 */
@Injectable()
export class TaskScheduler {
  constructor(@Inject(NatsClients) private readonly nats: NatsClients) {}

  /** The next attempt after a failure; its dedup id is stable, so a re-run after a crash schedules it once. */
  async retry(task: DeliveryTask, delayMs: number, trace: TraceContext): Promise<void> {
    await this.publish({ ...task, attempt: task.attempt + 1, notBefore: Date.now() + delayMs }, deliveryTaskDedupId, trace);
  }

  /** The same attempt, later: the endpoint's circuit is open, its limits are reached, or it is not its turn. */
  async defer(task: DeliveryTask, notBefore: number, trace: TraceContext): Promise<void> {
    await this.publish({ ...task, notBefore }, parkedTaskDedupId, trace);
  }

  /** The parked task keeps the delivery's trace context, so every attempt of it joins the same trace. */
  private async publish(task: DeliveryTask, dedupId: (task: DeliveryTask) => string, trace: TraceContext): Promise<void> {
    await this.nats.publisher.publish(parkingSubject(this.nats.subjects, task), JSON.stringify(task), {
      msgID: dedupId(task),
      headers: traceNatsHeaders(trace),
    });
  }
}
