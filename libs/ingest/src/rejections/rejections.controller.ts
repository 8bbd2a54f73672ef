import { Controller, Get, Param, Query } from '@nestjs/common';
import type { ListResponse, RejectionOut } from '@hookstream/contracts';
import { ListQueryDto, pageRequest, toListResponse } from '@hookstream/platform';
import { ApplicationsService } from '../applications/applications.service';
import { RejectionsService, toRejectionOut } from './rejections.service';

/** Hookstream extension routes: envelopes ingest refused, newest first, with their reasons. */
@Controller('api/v1')
export class RejectionsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly rejections: RejectionsService,
  ) {}

  @Get('app/:app/rejected')
  async listForApp(@Param('app') appIdOrUid: string, @Query() query: ListQueryDto): Promise<ListResponse<RejectionOut>> {
    const app = await this.applications.get(appIdOrUid);
    const page = pageRequest(query, 'descending');
    return toListResponse(await this.rejections.listForApp(app.id, page), page, toRejectionOut);
  }

  /** Operator view across apps; `unknown_app=true` keeps only envelopes addressed to no existing app. */
  @Get('rejected')
  async listAll(@Query() query: ListQueryDto, @Query('unknown_app') unknownApp: string | undefined): Promise<ListResponse<RejectionOut>> {
    const page = pageRequest(query, 'descending');
    return toListResponse(await this.rejections.listAll(page, unknownApp === 'true'), page, toRejectionOut);
  }
}
