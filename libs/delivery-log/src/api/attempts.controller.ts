import { Controller, Get, Param, Query } from '@nestjs/common';
import type { ListResponse, MessageAttemptOut } from '@hookstream/contracts';
import { ListQueryDto, pageRequest, toListResponse } from '@hookstream/platform';
import { toAttemptOut } from './delivery-log.mapper';
import { DeliveryLogQueries } from './delivery-log-query.service';

@Controller('api/v1/app/:app/attempt')
export class AttemptsController {
  constructor(private readonly queries: DeliveryLogQueries) {}

  /** Svix `GET /api/v1/app/{app_id}/attempt/msg/{msg_id}`: newest first. */
  @Get('msg/:msg')
  async byMessage(
    @Param('app') appIdOrUid: string,
    @Param('msg') msg: string,
    @Query() query: ListQueryDto,
  ): Promise<ListResponse<MessageAttemptOut>> {
    const app = await this.queries.app(appIdOrUid);
    const message = await this.queries.message(app.id, msg);
    const page = pageRequest(query, 'descending');
    return toListResponse(await this.queries.attemptsOfMessage(app.id, message.id, page), page, toAttemptOut);
  }
}
