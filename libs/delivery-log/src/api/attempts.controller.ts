import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AppId, EndpointId, ListResponse, MessageAttemptOut, MessageId } from '@hookstream/contracts';
import { pageRequest } from '@hookstream/platform';
import { LogQueries, type AttemptFilter } from '../queries/log-queries';
import { toPageResponse } from '../queries/paging';
import { ExpungeContent } from '../use-cases/expunge-content/expunge-content';
import { ResendMessage } from '../use-cases/resend-message/resend-message';
import { toAttemptOut } from './delivery-log.mapper';
import { AttemptListQueryDto } from './list-queries.dto';

@ApiTags('Message Attempt')
@Controller('api/v1/app/:app')
export class AttemptsController {
  constructor(
    private readonly queries: LogQueries,
    private readonly expunge: ExpungeContent,
    private readonly resendMessage: ResendMessage,
  ) {}

  /** Svix `GET /api/v1/app/{app_id}/attempt/msg/{msg_id}`: newest first. */
  @Get('attempt/msg/:msg')
  async byMessage(@Param('app') appIdOrUid: string, @Param('msg') msg: string, @Query() query: AttemptListQueryDto): Promise<ListResponse<MessageAttemptOut>> {
    const app = await this.queries.app(appIdOrUid);
    const message = await this.queries.message(app.id, msg);
    return this.list(app.id, { msgId: message.id }, query);
  }

  /** Svix `GET /api/v1/app/{app_id}/attempt/endpoint/{endpoint_id}`: newest first. */
  @Get('attempt/endpoint/:ep')
  async byEndpoint(@Param('app') appIdOrUid: string, @Param('ep') ep: string, @Query() query: AttemptListQueryDto): Promise<ListResponse<MessageAttemptOut>> {
    const app = await this.queries.app(appIdOrUid);
    const endpoint = await this.queries.endpoint(app.id, ep);
    return this.list(app.id, { endpointId: endpoint.id }, query);
  }

  /** Svix `GET /api/v1/app/{app_id}/msg/{msg_id}/attempt/{attempt_id}`. */
  @Get('msg/:msg/attempt/:attempt')
  async get(@Param('app') appIdOrUid: string, @Param('msg') msg: string, @Param('attempt') attemptId: string): Promise<MessageAttemptOut> {
    const app = await this.queries.app(appIdOrUid);
    const message = await this.queries.message(app.id, msg);
    return toAttemptOut(await this.queries.attempt(app.id, message.id, attemptId));
  }

  /** Svix `DELETE /api/v1/app/{app_id}/msg/{msg_id}/attempt/{attempt_id}/content`: removes the stored response; 204. */
  @Delete('msg/:msg/attempt/:attempt/content')
  @HttpCode(204)
  async expungeContent(@Param('app') appIdOrUid: string, @Param('msg') msg: string, @Param('attempt') attemptId: string): Promise<void> {
    const app = await this.queries.app(appIdOrUid);
    await this.expunge.attempt(app.id, msg, attemptId);
  }

  /** Svix `POST /api/v1/app/{app_id}/msg/{msg_id}/endpoint/{endpoint_id}/resend`: 202, a manual attempt follows. */
  @Post('msg/:msg/endpoint/:ep/resend')
  @HttpCode(202)
  async resend(@Param('app') appIdOrUid: string, @Param('msg') msg: string, @Param('ep') ep: string): Promise<object> {
    const app = await this.queries.app(appIdOrUid);
    await this.resendMessage.execute({ appId: app.id, msg, endpoint: ep });
    return {};
  }

  private async list(appId: AppId, where: { msgId?: MessageId; endpointId?: EndpointId }, query: AttemptListQueryDto): Promise<ListResponse<MessageAttemptOut>> {
    const page = pageRequest(query, 'descending');
    const found = await this.queries.listAttempts(appId, where, attemptFilter(query), page);
    const withContent = query.with_content ?? true;
    const messages = query.with_msg ? await this.messagesOf(appId, found.rows.map((a) => a.msgId)) : null;
    return toPageResponse(found, page, (attempt) => toAttemptOut(attempt, withContent, messages?.get(attempt.msgId)));
  }

  private async messagesOf(appId: AppId, ids: MessageId[]) {
    const unique = [...new Set(ids)];
    const messages = await Promise.all(unique.map((id) => this.queries.message(appId, id).catch(() => null)));
    return new Map(messages.filter((m) => m !== null).map((m) => [m.id, m]));
  }
}

function attemptFilter(query: AttemptListQueryDto): AttemptFilter {
  const outcome = query.status === undefined ? undefined : query.status === 0 ? 'succeeded' : query.status === 2 ? 'failed' : 'none';
  return {
    outcome,
    statusCodeClass: query.status_code_class,
    endpointId: query.endpoint_id as EndpointId | undefined,
    eventTypes: query.event_types,
    channel: query.channel,
    tag: query.tag,
    before: query.before,
    after: query.after,
  };
}
