import { Controller, Get, Param } from '@nestjs/common';
import type { ListResponse, MessageEndpointOut, MessageOut } from '@hookstream/contracts';
import { toMessageEndpointOut, toMessageOut } from './delivery-log.mapper';
import { DeliveryLogQueries } from './delivery-log-query.service';

@Controller('api/v1/app/:app/msg')
export class MessagesReadController {
  constructor(private readonly queries: DeliveryLogQueries) {}

  @Get(':msg')
  async get(@Param('app') appIdOrUid: string, @Param('msg') msg: string): Promise<MessageOut> {
    const app = await this.queries.app(appIdOrUid);
    return toMessageOut(await this.queries.message(app.id, msg));
  }

  /** Svix `GET /api/v1/app/{app_id}/msg/{msg_id}/endpoint`: the message's destinations and their status. */
  @Get(':msg/endpoint')
  async destinations(@Param('app') appIdOrUid: string, @Param('msg') msg: string): Promise<ListResponse<MessageEndpointOut>> {
    const app = await this.queries.app(appIdOrUid);
    const message = await this.queries.message(app.id, msg);
    const rows = await this.queries.destinations(app.id, message.id);
    return { data: rows.map((row) => toMessageEndpointOut(row.delivery, row.endpoint)), iterator: null, prevIterator: null, done: true };
  }
}
