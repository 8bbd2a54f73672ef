import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { pageRequest, type Principal } from '@hookstream/platform';
import { LogQueries } from '../queries/log-queries';
import { toPageResponse } from '../queries/paging';
import { RecoverEndpoint } from '../use-cases/recover-endpoint/recover-endpoint';
import { deliveryStatusOf, toBackgroundTaskOut, toEndpointMessageOut, toEndpointStats } from './delivery-log.mapper';
import { StatsQueryDto, StatusFilterDto } from './list-queries.dto';
import { assertVisible, CurrentPrincipal } from './principal.decorator';
import { RecoverInDto } from './recover.dto';

/** delivery-log's part of an endpoint: what was sent to it, its stats, recover. ingest serves the rest. */
@ApiTags('Endpoint')
@Controller('api/v1/app/:app/endpoint/:ep')
export class EndpointLogController {
  constructor(
    private readonly queries: LogQueries,
    private readonly recoverEndpoint: RecoverEndpoint,
  ) {}

  /** Svix `GET /api/v1/app/{app_id}/endpoint/{endpoint_id}/msg` (`listAttemptedMessages`): newest first. */
  @Get('msg')
  async attemptedMessages(@Param('app') appIdOrUid: string, @Param('ep') ep: string, @Query() query: StatusFilterDto, @CurrentPrincipal() principal: Principal) {
    const app = assertVisible(await this.queries.app(appIdOrUid), principal);
    const endpoint = await this.queries.endpoint(app.id, ep);
    const page = pageRequest(query, 'descending');
    const filter = {
      status: deliveryStatusOf(query.status), eventTypes: query.event_types, channel: query.channel, tag: query.tag,
      before: query.before, after: query.after,
    };
    const found = await this.queries.attemptedMessages(app.id, endpoint.id, filter, page);
    return toPageResponse(found, page, (row) => toEndpointMessageOut(row.message, row.delivery, query.with_content ?? true));
  }

  /** Svix `GET /api/v1/app/{app_id}/endpoint/{endpoint_id}/stats`: deliveries by status, messages in [since, until). */
  @Get('stats')
  async stats(@Param('app') appIdOrUid: string, @Param('ep') ep: string, @Query() query: StatsQueryDto, @CurrentPrincipal() principal: Principal) {
    const app = assertVisible(await this.queries.app(appIdOrUid), principal);
    const endpoint = await this.queries.endpoint(app.id, ep);
    return toEndpointStats(await this.queries.endpointStats(app.id, endpoint.id, query.since, query.until));
  }

  /** Svix `POST /api/v1/app/{app_id}/endpoint/{endpoint_id}/recover`: 202 with a background task. */
  @Post('recover')
  @HttpCode(202)
  async recover(@Param('app') appIdOrUid: string, @Param('ep') ep: string, @Body() body: RecoverInDto, @CurrentPrincipal() principal: Principal) {
    const app = assertVisible(await this.queries.app(appIdOrUid), principal);
    const task = await this.recoverEndpoint.execute({ appId: app.id, endpoint: ep, since: body.since, until: body.until ?? null });
    const { data: _data, ...recoverOut } = toBackgroundTaskOut(task);
    return recoverOut;
  }
}
