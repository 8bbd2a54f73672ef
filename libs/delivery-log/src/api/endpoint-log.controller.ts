import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EndpointHealthOut } from '@hookstream/contracts';
import { pageRequest } from '@hookstream/platform';
import { EndpointHealthQuery } from '../queries/endpoint-health.query';
import { LogQueries } from '../queries/log-queries';
import { toPageResponse } from '../queries/paging';
import { RecoverEndpoint } from '../use-cases/recover-endpoint/recover-endpoint';
import { deliveryStatusOf, toBackgroundTaskOut, toEndpointMessageOut, toEndpointStats } from './delivery-log.mapper';
import { StatsQueryDto, StatusFilterDto } from './list-queries.dto';
import { RecoverInDto } from './recover.dto';

/** delivery-log's part of an endpoint: what was sent to it, its stats, recover. ingest serves the rest. */
@ApiTags('Endpoint')
@Controller('api/v1/app/:app/endpoint/:ep')
export class EndpointLogController {
  constructor(
    private readonly queries: LogQueries,
    private readonly recoverEndpoint: RecoverEndpoint,
    private readonly health: EndpointHealthQuery,
  ) {}

  /** Hookstream extension: disabled and why, the circuit a dispatcher last reported, the recent attempts. */
  @Get('health')
  @ApiOperation({
    summary: 'Endpoint health (Hookstream extension)',
    description:
      'disabled, disabledReason (manual, gone, receiver-requested, failing), disabledAt; circuit: the latest state a dispatcher ' +
      'replica reported (closed, open, half-open) and since when; successRate over the last 100 attempts; the 10 newest attempts.',
  })
  async endpointHealth(@Param('app') appIdOrUid: string, @Param('ep') ep: string): Promise<EndpointHealthOut> {
    const app = await this.queries.app(appIdOrUid);
    return this.health.of(await this.queries.endpoint(app.id, ep));
  }

  /** Svix `GET /api/v1/app/{app_id}/endpoint/{endpoint_id}/msg` (`listAttemptedMessages`): newest first. */
  @Get('msg')
  async attemptedMessages(@Param('app') appIdOrUid: string, @Param('ep') ep: string, @Query() query: StatusFilterDto) {
    const app = await this.queries.app(appIdOrUid);
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
  async stats(@Param('app') appIdOrUid: string, @Param('ep') ep: string, @Query() query: StatsQueryDto) {
    const app = await this.queries.app(appIdOrUid);
    const endpoint = await this.queries.endpoint(app.id, ep);
    return toEndpointStats(await this.queries.endpointStats(app.id, endpoint.id, query.since, query.until));
  }

  /** Svix `POST /api/v1/app/{app_id}/endpoint/{endpoint_id}/recover`: 202 with a background task. */
  @Post('recover')
  @HttpCode(202)
  async recover(@Param('app') appIdOrUid: string, @Param('ep') ep: string, @Body() body: RecoverInDto) {
    const app = await this.queries.app(appIdOrUid);
    const task = await this.recoverEndpoint.execute({ appId: app.id, endpoint: ep, since: body.since, until: body.until ?? null });
    const { data: _data, ...recoverOut } = toBackgroundTaskOut(task);
    return recoverOut;
  }
}
