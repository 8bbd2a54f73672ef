import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { AppId, AttemptId, MessageId } from '@hookstream/contracts';
import { afterIterator, type PageRequest } from '@hookstream/platform';
import { DELIVERY_LOG_CONNECTION } from '../persistence/delivery-log-connection';
import { AppProjection, AttemptProjection, DeliveryProjection, EndpointProjection, MessageProjection } from '../persistence/entities';

/** Reads of the projections behind the REST API. */
@Injectable()
export class DeliveryLogQueries {
  constructor(
    @InjectRepository(AppProjection, DELIVERY_LOG_CONNECTION) private readonly apps: Repository<AppProjection>,
    @InjectRepository(MessageProjection, DELIVERY_LOG_CONNECTION) private readonly messages: Repository<MessageProjection>,
    @InjectRepository(AttemptProjection, DELIVERY_LOG_CONNECTION) private readonly attempts: Repository<AttemptProjection>,
    @InjectRepository(DeliveryProjection, DELIVERY_LOG_CONNECTION) private readonly deliveries: Repository<DeliveryProjection>,
    @InjectRepository(EndpointProjection, DELIVERY_LOG_CONNECTION) private readonly endpoints: Repository<EndpointProjection>,
  ) {}

  async app(idOrUid: string): Promise<AppProjection> {
    const app = await this.apps.findOne({ where: [{ id: idOrUid as AppId }, { uid: idOrUid }] });
    if (!app) throw new NotFoundException(`Application "${idOrUid}" not found`);
    return app;
  }

  /** A message by its id or its eventId, as Svix resolves `{msg_id}`. */
  async message(appId: AppId, idOrEventId: string): Promise<MessageProjection> {
    const message = await this.messages.findOne({
      where: [
        { appId, id: idOrEventId as MessageId },
        { appId, eventId: idOrEventId },
      ],
    });
    if (!message) throw new NotFoundException(`Message "${idOrEventId}" not found`);
    return message;
  }

  attemptsOfMessage(appId: AppId, msgId: MessageId, page: PageRequest): Promise<AttemptProjection[]> {
    return this.attempts.find({
      where: { appId, msgId, ...afterIterator<AttemptId>(page) },
      order: { id: page.descending ? 'DESC' : 'ASC' },
      take: page.limit + 1,
    });
  }

  /** Each destination of a message with its delivery status. */
  async destinations(appId: AppId, msgId: MessageId): Promise<Array<{ delivery: DeliveryProjection; endpoint: EndpointProjection | null }>> {
    const deliveries = await this.deliveries.find({ where: { appId, msgId }, order: { endpointId: 'ASC' } });
    const endpoints = await this.endpoints.findBy(deliveries.map((d) => ({ id: d.endpointId })));
    const byId = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
    return deliveries.map((delivery) => ({ delivery, endpoint: byId.get(delivery.endpointId) ?? null }));
  }
}
