import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import {
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_RETRY_SCHEDULE,
  DEFAULT_TIMEOUT_MS,
  deliveryTaskDedupId,
  newMessageId,
  type DeliveryTask,
  type EventEnvelopeDto,
  type MessageRecord,
} from '@hookstream/contracts';
import { LogPublisher, NatsClients } from '@hookstream/platform';
import { ApplicationsService } from '../applications/applications.service';
import { EndpointsService } from '../endpoints/endpoints.service';
import type { ApplicationEntity } from '../persistence/application.entity';
import type { EndpointEntity } from '../persistence/endpoint.entity';
import { INGEST_CONNECTION } from '../persistence/ingest-connection';
import { MessageEntity } from '../persistence/message.entity';
import { endpointMatches } from './endpoint-matcher';
import { compactPayload } from './envelope-parser';
import { EventRejection } from './event-rejection';

/** Tasks published per round trip; JetStream acks are awaited per batch, not per task. */
const PUBLISH_BATCH = 256;

export interface AcceptEventCommand {
  appIdOrUid: string;
  envelope: EventEnvelopeDto;
}

export type AcceptEventResult =
  | { kind: 'accepted'; message: MessageRecord }
  /** The app already has a dispatched message with this eventId. */
  | { kind: 'duplicate'; messageId: string };

/**
 * The front door's one path, for NATS and REST alike: resolve the app, record the message once per eventId,
 * publish `message.accepted`, then one delivery task per matching endpoint. Safe to re-run after a crash at any
 * step: the message row is reused and JetStream's dedup drops tasks already published.
 */
@Injectable()
export class AcceptEventUseCase {
  private readonly logger = new Logger(AcceptEventUseCase.name);

  constructor(
    private readonly applications: ApplicationsService,
    private readonly endpoints: EndpointsService,
    @InjectRepository(MessageEntity, INGEST_CONNECTION) private readonly messages: Repository<MessageEntity>,
    @Inject(NatsClients) private readonly nats: NatsClients,
    private readonly log: LogPublisher,
  ) {}

  async execute({ appIdOrUid, envelope }: AcceptEventCommand): Promise<AcceptEventResult> {
    const app = await this.applications.find(appIdOrUid);
    if (!app) throw new EventRejection(`unknown application "${appIdOrUid}"`, 'unknown_app');
    const body = compactPayload(envelope);

    const row = await this.recordOnce(app, envelope);
    if (row.dispatchedAt) return { kind: 'duplicate', messageId: row.id };

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
    const destinations = (await this.endpoints.forApp(app.id)).filter((endpoint) =>
      endpointMatches(endpoint, envelope.eventType, envelope.channels),
    );
    await this.log.publish({ type: 'message.accepted', message, endpointIds: destinations.map((e) => e.id) });
    await this.publishTasks(destinations.map((endpoint) => this.task(app, endpoint, message, body, envelope)));
    await this.messages.update({ id: row.id }, { dispatchedAt: new Date() });
    this.logger.debug({ msgId: row.id, endpoints: destinations.length }, 'message accepted');
    return { kind: 'accepted', message };
  }

  /** Inserts the message, or returns the row an earlier delivery of the same eventId created. */
  private async recordOnce(app: ApplicationEntity, envelope: EventEnvelopeDto): Promise<MessageEntity> {
    const inserted = await this.messages
      .createQueryBuilder()
      .insert()
      .values({ id: newMessageId(), appId: app.id, eventId: envelope.eventId ?? null, eventType: envelope.eventType })
      .orIgnore()
      .returning('*')
      .execute();
    const id = (inserted.raw as Array<{ id: string }>)[0]?.id;
    if (id) return this.messages.findOneByOrFail({ id: id as MessageEntity['id'] });
    return this.messages.findOneByOrFail({ appId: app.id, eventId: envelope.eventId as string });
  }

  private task(
    app: ApplicationEntity,
    endpoint: EndpointEntity,
    message: MessageRecord,
    body: string,
    envelope: EventEnvelopeDto,
  ): DeliveryTask {
    return {
      v: 1,
      msgId: message.id,
      appId: app.id,
      endpointId: endpoint.id,
      eventType: message.eventType,
      body,
      url: endpoint.url,
      headers: endpoint.headers,
      keyOwner: endpoint.id,
      signatureProfiles: endpoint.signatureProfiles,
      timeoutMs: endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retrySchedule: endpoint.retrySchedule ?? app.retrySchedule ?? [...DEFAULT_RETRY_SCHEDULE],
      maxConcurrency: endpoint.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
      rateLimit: endpoint.rateLimit,
      trigger: 'scheduled',
      orderingKey: envelope.orderingKey,
      attempt: 1,
    };
  }

  private async publishTasks(tasks: DeliveryTask[]): Promise<void> {
    for (let start = 0; start < tasks.length; start += PUBLISH_BATCH) {
      await Promise.all(
        tasks.slice(start, start + PUBLISH_BATCH).map((task) =>
          this.nats.js.publish(this.nats.subjects.delivery(task.appId, task.endpointId), JSON.stringify(task), {
            msgID: deliveryTaskDedupId(task),
          }),
        ),
      );
    }
  }
}
