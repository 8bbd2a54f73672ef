import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { ApplicationInDto, ApplicationPatchDto, type ApplicationOut, type ListResponse } from '@hookstream/contracts';
import { ListQueryDto, OperatorOnly, pageRequest, toListResponse } from '@hookstream/platform';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { toApplicationOut } from './application.mapper';
import { ApplicationsService } from './applications.service';

@Controller('api/v1/app')
@UseInterceptors(IdempotencyInterceptor)
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  async create(
    @Body() body: ApplicationInDto,
    @Query('get_if_exists') getIfExists: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ApplicationOut> {
    const { app, created } = await this.applications.create(body, getIfExists === 'true');
    res.status(created ? 201 : 200);
    return toApplicationOut(app);
  }

  @Get()
  async list(@Query() query: ListQueryDto): Promise<ListResponse<ApplicationOut>> {
    const page = pageRequest(query, 'ascending');
    return toListResponse(await this.applications.list(page), page, toApplicationOut);
  }

  @Get(':app')
  async get(@Param('app') app: string): Promise<ApplicationOut> {
    return toApplicationOut(await this.applications.get(app));
  }

  @Put(':app')
  @OperatorOnly()
  async update(@Param('app') appIdOrUid: string, @Body() body: ApplicationInDto): Promise<ApplicationOut> {
    return toApplicationOut(await this.applications.update(await this.applications.get(appIdOrUid), body));
  }

  @Patch(':app')
  @OperatorOnly()
  async patch(@Param('app') appIdOrUid: string, @Body() body: ApplicationPatchDto): Promise<ApplicationOut> {
    return toApplicationOut(await this.applications.patch(await this.applications.get(appIdOrUid), body));
  }

  @Delete(':app')
  @OperatorOnly()
  @HttpCode(204)
  async remove(@Param('app') appIdOrUid: string): Promise<void> {
    await this.applications.remove(await this.applications.get(appIdOrUid));
  }
}
