import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ListResponse, MessageEndpointOut, MessageOut } from '@hookstream/contracts';
import { pageRequest } from '@hookstream/platform';
import { LogQueries } from '../queries/log-queries';
import { toPageResponse } from '../queries/paging';
import { ExpungeContent } from '../use-cases/expunge-content/expunge-content';
import { toMessageEndpointOut, toMessageOut } from './delivery-log.mapper';
import { MessageListQueryDto } from './list-queries.dto';

@ApiTags('Message')
@Controller('api/v1/app/:app/msg')
export class MessagesReadController {
  constructor(
    private readonly queries: LogQueries,
    private readonly expunge: ExpungeContent,
  ) {}

  /** Svix `GET /api/v1/app/{app_id}/msg`: newest first, filtered by event types, channel, tag, before/after. */
  @Get()
  async list(@Param('app') appIdOrUid: string, @Query() query: MessageListQueryDto): Promise<ListResponse<MessageOut>> {
    const app = await this.queries.app(appIdOrUid);
    const page = pageRequest(query, 'descending');
    const filter = { eventTypes: query.event_types, channel: query.channel, tag: query.tag, before: query.before, after: query.after };
    const found = await this.queries.listMessages(app.id, filter, page);
    return toPageResponse(found, page, (message) => toMessageOut(message, query.with_content ?? true));
  }

  @Get(':msg')
  async get(@Param('app') appIdOrUid: string, @Param('msg') msg: string, @Query('with_content') withContent: string | undefined): Promise<MessageOut> {
    const app = await this.queries.app(appIdOrUid);
    return toMessageOut(await this.queries.message(app.id, msg), withContent !== 'false');
  }

  /** Svix `DELETE /api/v1/app/{app_id}/msg/{msg_id}/content`: removes the stored payload; 204. */
  @Delete(':msg/content')
  @HttpCode(204)
  async expungeContent(@Param('app') appIdOrUid: string, @Param('msg') msg: string): Promise<void> {
    const app = await this.queries.app(appIdOrUid);
    await this.expunge.message(app.id, msg);
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
