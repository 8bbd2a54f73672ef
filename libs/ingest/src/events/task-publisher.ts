import { Inject, Injectable } from '@nestjs/common';
import { deliveryTaskDedupId, type DeliveryTask } from '@hookstream/contracts';
import { NatsClients, traceNatsHeaders, type TraceContext } from '@hookstream/platform';

/** Publishes awaiting their PubAck at once: a sliding window, so the connection never idles between batches. */
const IN_FLIGHT = 1024;

/** Publishes delivery tasks on `<prefix>.deliveries.<app>.<ep>`, pipelined with a bounded number in flight. */
@Injectable()
export class TaskPublisher {
  constructor(@Inject(NatsClients) private readonly nats: NatsClients) {}

  /**
   * `trace` (ingest's span) goes on every task as `traceparent`, so the dispatcher's POSTs join the trace.
   * `msgId` defaults to `<msgId>:<endpointId>` (see `deliveryTaskDedupId`).
   */
  async publish(tasks: DeliveryTask[], trace: TraceContext, msgIdOf: (task: DeliveryTask) => string = deliveryTaskDedupId): Promise<void> {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < tasks.length) {
        const task = tasks[next];
        next += 1;
        await this.nats.publisher.publish(this.nats.subjects.delivery(task.appId, task.endpointId), JSON.stringify(task), {
          msgID: msgIdOf(task),
          // One headers object per publish: the client writes each message's Nats-Msg-Id into it.
          headers: traceNatsHeaders(trace),
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, tasks.length) }, lane));
  }
}
