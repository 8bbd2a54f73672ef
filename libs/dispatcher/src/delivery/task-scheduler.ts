import { Inject, Injectable } from '@nestjs/common';
import { deliveryTaskDedupId, parkedTaskDedupId, type DeliveryTask } from '@hookstream/contracts';
import { NatsClients, traceNatsHeaders, type TraceContext } from '@hookstream/platform';

/**
 * Puts tasks on the parked-deliveries subject with a `notBefore`; the retries consumer holds them in JetStream
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
    await this.nats.js.publish(this.nats.subjects.retry(task.appId, task.endpointId), JSON.stringify(task), {
      msgID: dedupId(task),
      headers: traceNatsHeaders(trace),
    });
  }
}
