import { Injectable, Logger } from '@nestjs/common';
import { type DeliveryTask, type EndpointId, type EventEnvelopeDto, type MessageId, type MessageRecord } from '@hookstream/contracts';
import { childSpan, LogPublisher, type TraceContext } from '@hookstream/platform';
import { ApplicationsService } from '../applications/applications.service';
import { CallbackDestinations } from '../callbacks/callback-destinations.service';
import { EndpointCache } from '../endpoints/endpoint-cache';
import { PayloadSchemas } from '../event-types/payload-schemas';
import type { ApplicationEntity } from '../persistence/application.entity';
import { OrderingSequences } from '../ordering/ordering-sequences';
import { callbackTask, endpointTask, type TaskMessage } from './delivery-tasks';
import { endpointMatches } from './endpoint-matcher';
import { compactPayload } from './envelope-parser';
import { EventRejection } from './event-rejection';
import { MessageReceipts } from './message-receipts';
import { TaskPublisher } from './task-publisher';

export interface AcceptEventCommand {
  appIdOrUid: string;
  envelope: EventEnvelopeDto;
  /** The producer's W3C trace context (NATS or HTTP `traceparent`), if it sent a valid one. */
  trace?: TraceContext | null;
  /**
   * A client waits for the answer (REST). Otherwise (an event from a stream), and unless it is ordered (its key's next
   * event waits for it), `message.accepted` and the dispatched mark may linger a few milliseconds for company
   * (`LogPublishOptions.linger`, `SubmitOptions.linger`).
   */
  callerWaits: boolean;
}

export type AcceptEventResult =
  | { kind: 'accepted'; message: MessageRecord }
  /** The app already has a dispatched message with this eventId. */
  | { kind: 'duplicate'; messageId: string };

/**
 * The front door's one path, for NATS, bindings and REST alike: resolve the app, check the payload (size, the
 * event type's schema), record the message once per eventId, publish `message.accepted`, then one delivery task
 * per matching endpoint and one for the envelope's `callbackUrl`. Safe to re-run after a crash at any step: the
 * message row is reused and JetStream's dedup drops tasks already published.
 */
@Injectable()
export class AcceptEventUseCase {
  private readonly logger = new Logger(AcceptEventUseCase.name);

  constructor(
    private readonly applications: ApplicationsService,
    private readonly endpoints: EndpointCache,
    private readonly schemas: PayloadSchemas,
    private readonly callbacks: CallbackDestinations,
    private readonly tasks: TaskPublisher,
    private readonly receipts: MessageReceipts,
    private readonly log: LogPublisher,
    private readonly ordering: OrderingSequences,
  ) {}

  async execute({ appIdOrUid, envelope, trace, callerWaits }: AcceptEventCommand): Promise<AcceptEventResult> {
    const app = await this.applications.findForEvent(appIdOrUid);
    if (!app) throw new EventRejection(`unknown application "${appIdOrUid}"`, 'unknown_app');
    const body = compactPayload(envelope);
    await this.schemas.validate(envelope.eventType, envelope.payload);

    const row = await this.receipts.record({ appId: app.id, eventId: envelope.eventId ?? null, eventType: envelope.eventType });
    if (row.dispatchedAt) {
      this.logger.log({ msgId: row.id, appId: app.id, eventId: envelope.eventId }, 'eventId already delivered; nothing published');
      return { kind: 'duplicate', messageId: row.id };
    }

    const message: MessageRecord = {
      id: row.id,
      appId: app.id,
      eventType: envelope.eventType,
      eventId: envelope.eventId ?? null,
      payload: envelope.payload,
      channels: envelope.channels ?? null,
      tags: envelope.tags ?? null,
      timestamp: row.createdAt.toISOString(),
    };
    const unordered = await this.deliveryTasks(app, envelope, { msgId: row.id, eventType: envelope.eventType, body, orderingKey: envelope.orderingKey, trigger: 'scheduled' });
    const tasks = await this.numberForOrdering(row.id, unordered, envelope.orderingKey);
    const span = childSpan(trace ?? null);
    const linger = !callerWaits && !envelope.orderingKey;
    // Both PubAcks are in before the receipt says dispatched; the projection doesn't need them in order.
    await Promise.all([
      this.log.publish({ type: 'message.accepted', message, endpointIds: tasks.map((task) => task.endpointId) }, { linger }),
      this.tasks.publish(tasks, span),
    ]);
    await this.receipts.markDispatched(row.id, { linger });
    this.logger.log(
      { msgId: row.id, appId: app.id, eventType: envelope.eventType, destinations: tasks.length, traceId: span.traceId, spanId: span.spanId },
      'message accepted, delivery tasks published',
    );
    return { kind: 'accepted', message };
  }

  private async deliveryTasks(app: ApplicationEntity, envelope: EventEnvelopeDto, message: TaskMessage): Promise<DeliveryTask[]> {
    const tasks: DeliveryTask[] = [];
    for (const endpoint of await this.endpoints.forApp(app.id)) {
      if (endpointMatches(endpoint, envelope.eventType, envelope.channels)) tasks.push(endpointTask(app, endpoint, message));
    }
    if (envelope.callbackUrl) {
      const endpointId: EndpointId = await this.callbacks.destinationFor(app, envelope.callbackUrl);
      tasks.push(callbackTask(app, endpointId, envelope.callbackUrl, message));
    }
    return tasks;
  }

  private async numberForOrdering(msgId: MessageId, tasks: DeliveryTask[], orderingKey: string | undefined): Promise<DeliveryTask[]> {
    if (!orderingKey || tasks.length === 0) return tasks;
    const seqs = await this.ordering.assign(msgId, tasks.map((task) => task.endpointId), orderingKey);
    return tasks.map((task) => ({ ...task, orderingSeq: seqs.get(task.endpointId) }));
  }
}
