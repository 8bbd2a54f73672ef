import { Inject, Injectable } from '@nestjs/common';
import { deliveryTaskDedupId, type DeliveryTask } from '@hookstream/contracts';
import { NatsClients, traceNatsHeaders, type TraceContext } from '@hookstream/platform';

/** Tasks published per round trip; JetStream acks are awaited per batch, not per task. */
const PUBLISH_BATCH = 256;

/** Publishes delivery tasks on `<prefix>.deliveries.<app>.<ep>`, pipelined in batches. */
@Injectable()
export class TaskPublisher {
  constructor(@Inject(NatsClients) private readonly nats: NatsClients) {}

  /**
   * `trace` (ingest's span) goes on every task as `traceparent`, so the dispatcher's POSTs join the trace.
   * `msgId` defaults to `<msgId>:<endpointId>` (see `deliveryTaskDedupId`).
   */
  async publish(tasks: DeliveryTask[], trace: TraceContext, msgIdOf: (task: DeliveryTask) => string = deliveryTaskDedupId): Promise<void> {
    for (let start = 0; start < tasks.length; start += PUBLISH_BATCH) {
      await Promise.all(
        tasks.slice(start, start + PUBLISH_BATCH).map((task) =>
          this.nats.js.publish(this.nats.subjects.delivery(task.appId, task.endpointId), JSON.stringify(task), {
            msgID: msgIdOf(task),
            // One headers object per publish: the client writes each message's Nats-Msg-Id into it.
            headers: traceNatsHeaders(trace),
          }),
        ),
      );
    }
  }
}
