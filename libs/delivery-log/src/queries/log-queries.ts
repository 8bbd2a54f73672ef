import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type Repository, type SelectQueryBuilder } from 'typeorm';
import type { AppId, AttemptId, EndpointId, MessageId } from '@hookstream/contracts';
import type { PageRequest } from '@hookstream/platform';
import { DELIVERY_LOG_CONNECTION } from '../persistence/delivery-log-connection';
import { AppProjection, AttemptProjection, DeliveryProjection, EndpointProjection, MessageProjection, type DeliveryStatus } from '../persistence/entities';
import { fetchPage, type Page } from './paging';
import { ProjectionCatchUp } from './projection-catch-up';

/** Message filters of Svix lists (on the message itself, or on the message an attempt belongs to). */
export interface MessageFilter {
  eventTypes?: string[];
  channel?: string;
  tag?: string;
  before?: Date;
  after?: Date;
}

export interface AttemptFilter extends MessageFilter {
  outcome?: 'succeeded' | 'failed' | 'none';
  statusCodeClass?: number;
  endpointId?: EndpointId;
}

/**
 * Reads of the projections behind the REST and gRPC APIs. A single-row lookup that misses waits for the projection
 * to catch up before it answers 404 (`ProjectionCatchUp`), so a read right after a write finds what it wrote.
 */
@Injectable()
export class LogQueries {
  constructor(
    @InjectRepository(AppProjection, DELIVERY_LOG_CONNECTION) private readonly apps: Repository<AppProjection>,
    @InjectRepository(MessageProjection, DELIVERY_LOG_CONNECTION) private readonly messages: Repository<MessageProjection>,
    @InjectRepository(AttemptProjection, DELIVERY_LOG_CONNECTION) private readonly attempts: Repository<AttemptProjection>,
    @InjectRepository(DeliveryProjection, DELIVERY_LOG_CONNECTION) private readonly deliveries: Repository<DeliveryProjection>,
    @InjectRepository(EndpointProjection, DELIVERY_LOG_CONNECTION) private readonly endpoints: Repository<EndpointProjection>,
    private readonly catchUp: ProjectionCatchUp,
  ) {}

  async app(idOrUid: string): Promise<AppProjection> {
    const app = await this.catchUp.find(() => this.apps.findOne({ where: [{ id: idOrUid as AppId }, { uid: idOrUid }] }));
    if (!app) throw new NotFoundException(`Application "${idOrUid}" not found`);
    return app;
  }

  async endpoint(appId: AppId, idOrUid: string): Promise<EndpointProjection> {
    const endpoint = await this.catchUp.find(() => this.endpoints.findOne({ where: [{ appId, id: idOrUid as EndpointId }, { appId, uid: idOrUid }] }));
    if (!endpoint) throw new NotFoundException(`Endpoint "${idOrUid}" not found`);
    return endpoint;
  }

  /** Apps as delivery-log knows them (ingest's `app.upserted`), oldest first by default, as Svix lists them. */
  listApps(page: PageRequest): Promise<Page<AppProjection>> {
    return fetchPage(this.apps.createQueryBuilder('app'), 'app.id', page);
  }

  /** An app's endpoints as delivery-log knows them (ingest's `endpoint.upserted`, per-request callback URLs included). */
  listEndpoints(appId: AppId, page: PageRequest): Promise<Page<EndpointProjection>> {
    const qb = this.endpoints.createQueryBuilder('ep').where('ep.app_id = :appId', { appId });
    return fetchPage(qb, 'ep.id', page);
  }

  /** A message by its id or its eventId, as Svix resolves `{msg_id}`. */
  async message(appId: AppId, idOrEventId: string): Promise<MessageProjection> {
    const message = await this.catchUp.find(() => this.messages.findOne({ where: [{ appId, id: idOrEventId as MessageId }, { appId, eventId: idOrEventId }] }));
    if (!message) throw new NotFoundException(`Message "${idOrEventId}" not found`);
    return message;
  }

  async attempt(appId: AppId, msgId: MessageId, attemptId: string): Promise<AttemptProjection> {
    const attempt = await this.catchUp.find(() => this.attempts.findOne({ where: { appId, msgId, id: attemptId as AttemptId } }));
    if (!attempt) throw new NotFoundException(`Message attempt "${attemptId}" not found`);
    return attempt;
  }

  listMessages(appId: AppId, filter: MessageFilter, page: PageRequest): Promise<Page<MessageProjection>> {
    const qb = this.messages.createQueryBuilder('m').where('m.app_id = :appId', { appId });
    return fetchPage(applyMessageFilter(qb, 'm', filter), 'm.id', page);
  }

  listAttempts(appId: AppId, where: { msgId?: MessageId; endpointId?: EndpointId }, filter: AttemptFilter, page: PageRequest): Promise<Page<AttemptProjection>> {
    const qb = this.attempts.createQueryBuilder('a').where('a.app_id = :appId', { appId });
    if (where.msgId) qb.andWhere('a.msg_id = :msgId', { msgId: where.msgId });
    const endpointId = where.endpointId ?? filter.endpointId;
    if (endpointId) qb.andWhere('a.endpoint_id = :endpointId', { endpointId });
    if (filter.outcome === 'none') qb.andWhere('false');
    else if (filter.outcome) qb.andWhere('a.outcome = :outcome', { outcome: filter.outcome });
    if (filter.statusCodeClass !== undefined) {
      if (filter.statusCodeClass === 0) qb.andWhere('a.response_status_code = 0');
      else qb.andWhere('a.response_status_code BETWEEN :low AND :high', { low: filter.statusCodeClass, high: filter.statusCodeClass + 99 });
    }
    if (filter.before) qb.andWhere('a.timestamp < :before', { before: filter.before });
    if (filter.after) qb.andWhere('a.timestamp > :after', { after: filter.after });
    const { eventTypes, channel, tag } = filter;
    if (eventTypes?.length || channel || tag) {
      qb.innerJoin(MessageProjection, 'm', 'm.id = a.msg_id');
      applyMessageFilter(qb, 'm', { eventTypes, channel, tag });
    }
    return fetchPage(qb, 'a.id', page);
  }

  /** Messages sent to an endpoint (Svix `listAttemptedMessages`), each with that delivery's status. */
  async attemptedMessages(
    appId: AppId,
    endpointId: EndpointId,
    filter: MessageFilter & { status?: DeliveryStatus },
    page: PageRequest,
  ): Promise<Page<{ id: MessageId; message: MessageProjection; delivery: DeliveryProjection }>> {
    const qb = this.messages
      .createQueryBuilder('m')
      .innerJoin(DeliveryProjection, 'd', 'd.msg_id = m.id AND d.endpoint_id = :endpointId', { endpointId })
      .where('m.app_id = :appId', { appId });
    if (filter.status) qb.andWhere('d.status = :status', { status: filter.status });
    const found = await fetchPage(applyMessageFilter(qb, 'm', filter), 'm.id', page);
    const deliveries = await this.deliveries.findBy(found.rows.map((m) => ({ msgId: m.id, endpointId })));
    const byMessage = new Map(deliveries.map((d) => [d.msgId, d]));
    return { done: found.done, rows: found.rows.map((message) => ({ id: message.id, message, delivery: byMessage.get(message.id)! })) };
  }

  /** Each destination of a message with its delivery status. */
  async destinations(appId: AppId, msgId: MessageId): Promise<Array<{ delivery: DeliveryProjection; endpoint: EndpointProjection | null }>> {
    const deliveries = await this.deliveries.find({ where: { appId, msgId }, order: { endpointId: 'ASC' } });
    const endpoints = deliveries.length ? await this.endpoints.findBy(deliveries.map((d) => ({ id: d.endpointId }))) : [];
    const byId = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
    return deliveries.map((delivery) => ({ delivery, endpoint: byId.get(delivery.endpointId) ?? null }));
  }

  /** Deliveries to an endpoint counted by status, for messages created in [since, until). */
  async endpointStats(appId: AppId, endpointId: EndpointId, since?: Date, until?: Date): Promise<Record<DeliveryStatus, number>> {
    const qb = this.deliveries
      .createQueryBuilder('d')
      .select('d.status', 'status')
      .addSelect('count(*)::int', 'count')
      .where('d.app_id = :appId AND d.endpoint_id = :endpointId', { appId, endpointId })
      .groupBy('d.status');
    if (since || until) qb.innerJoin(MessageProjection, 'm', 'm.id = d.msg_id');
    if (since) qb.andWhere('m.timestamp >= :since', { since });
    if (until) qb.andWhere('m.timestamp < :until', { until });
    const counts: Record<DeliveryStatus, number> = { pending: 0, sending: 0, succeeded: 0, failed: 0, cancelled: 0 };
    for (const row of await qb.getRawMany<{ status: DeliveryStatus; count: number }>()) counts[row.status] = row.count;
    return counts;
  }

  /** Messages whose delivery to the endpoint failed, created in [since, until), oldest first. */
  failedDeliveries(appId: AppId, endpointId: EndpointId, since: Date, until: Date | null): Promise<MessageProjection[]> {
    const qb = this.messages
      .createQueryBuilder('m')
      .innerJoin(DeliveryProjection, 'd', 'd.msg_id = m.id AND d.endpoint_id = :endpointId', { endpointId })
      .where('m.app_id = :appId AND d.status = :failed AND m.timestamp >= :since', { appId, failed: 'failed', since })
      .orderBy('m.id', 'ASC');
    if (until) qb.andWhere('m.timestamp < :until', { until });
    return qb.getMany();
  }
}

function applyMessageFilter<T extends object>(qb: SelectQueryBuilder<T>, alias: string, filter: MessageFilter): SelectQueryBuilder<T> {
  if (filter.eventTypes?.length) qb.andWhere(`${alias}.event_type IN (:...eventTypes)`, { eventTypes: filter.eventTypes });
  if (filter.channel) qb.andWhere(`${alias}.channels @> ARRAY[:channel]::text[]`, { channel: filter.channel });
  if (filter.tag) qb.andWhere(`${alias}.tags @> ARRAY[:tag]::text[]`, { tag: filter.tag });
  if (filter.before) qb.andWhere(`${alias}.timestamp < :msgBefore`, { msgBefore: filter.before });
  if (filter.after) qb.andWhere(`${alias}.timestamp > :msgAfter`, { msgAfter: filter.after });
  return qb;
}
