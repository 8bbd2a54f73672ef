import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import {
  EndpointHeadersInDto,
  EndpointHeadersPatchInDto,
  EndpointInDto,
  EndpointPatchDto,
  EndpointSecretRotateInDto,
  EndpointUpdateDto,
  type EndpointHeadersOut,
  type EndpointOut,
  type EndpointSecretOut,
  type ListResponse,
} from '@hookstream/contracts';
import { CurrentPrincipal, ListQueryDto, pageRequest, toListResponse, type Principal } from '@hookstream/platform';
import { ApplicationsService } from '../applications/applications.service';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { toEndpointOut } from './endpoint.mapper';
import { EndpointsService } from './endpoints.service';

@Controller('api/v1/app/:app/endpoint')
@UseInterceptors(IdempotencyInterceptor)
export class EndpointsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly endpoints: EndpointsService,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Param('app') appIdOrUid: string, @Body() body: EndpointInDto, @CurrentPrincipal() principal: Principal): Promise<EndpointOut> {
    const app = await this.applications.get(appIdOrUid);
    return toEndpointOut(await this.endpoints.create(app, body, principal));
  }

  @Get()
  async list(@Param('app') appIdOrUid: string, @Query() query: ListQueryDto): Promise<ListResponse<EndpointOut>> {
    const app = await this.applications.get(appIdOrUid);
    const page = pageRequest(query, 'ascending');
    return toListResponse(await this.endpoints.list(app, page), page, toEndpointOut);
  }

  @Get(':endpoint')
  async get(@Param('app') appIdOrUid: string, @Param('endpoint') endpoint: string): Promise<EndpointOut> {
    const app = await this.applications.get(appIdOrUid);
    return toEndpointOut(await this.endpoints.get(app, endpoint));
  }

  @Put(':endpoint')
  async update(@Param('app') appIdOrUid: string, @Param('endpoint') endpoint: string, @Body() body: EndpointUpdateDto, @CurrentPrincipal() principal: Principal): Promise<EndpointOut> {
    const app = await this.applications.get(appIdOrUid);
    return toEndpointOut(await this.endpoints.update(app, await this.endpoints.get(app, endpoint), body, principal));
  }

  @Patch(':endpoint')
  async patch(@Param('app') appIdOrUid: string, @Param('endpoint') endpoint: string, @Body() body: EndpointPatchDto, @CurrentPrincipal() principal: Principal): Promise<EndpointOut> {
    const app = await this.applications.get(appIdOrUid);
    return toEndpointOut(await this.endpoints.patch(app, await this.endpoints.get(app, endpoint), body, principal));
  }

  @Delete(':endpoint')
  @HttpCode(204)
  async remove(@Param('app') appIdOrUid: string, @Param('endpoint') endpoint: string): Promise<void> {
    const app = await this.applications.get(appIdOrUid);
    await this.endpoints.remove(app, await this.endpoints.get(app, endpoint));
  }

  @Get(':endpoint/headers')
  async headers(@Param('app') appIdOrUid: string, @Param('endpoint') endpoint: string): Promise<EndpointHeadersOut> {
    const app = await this.applications.get(appIdOrUid);
    return this.endpoints.headers(await this.endpoints.get(app, endpoint));
  }

  @Put(':endpoint/headers')
  @HttpCode(204)
  async replaceHeaders(@Param('app') appIdOrUid: string, @Param('endpoint') endpoint: string, @Body() body: EndpointHeadersInDto): Promise<void> {
    const app = await this.applications.get(appIdOrUid);
    await this.endpoints.setHeaders(app, await this.endpoints.get(app, endpoint), body.headers, false);
  }

  @Patch(':endpoint/headers')
  @HttpCode(204)
  async patchHeaders(@Param('app') appIdOrUid: string, @Param('endpoint') endpoint: string, @Body() body: EndpointHeadersPatchInDto): Promise<void> {
    const app = await this.applications.get(appIdOrUid);
    await this.endpoints.setHeaders(app, await this.endpoints.get(app, endpoint), body.headers, true);
  }

  @Get(':endpoint/secret')
  async secret(@Param('app') appIdOrUid: string, @Param('endpoint') endpoint: string): Promise<EndpointSecretOut> {
    const app = await this.applications.get(appIdOrUid);
    return { key: await this.endpoints.secret(await this.endpoints.get(app, endpoint)) };
  }

  @Post(':endpoint/secret/rotate')
  @HttpCode(204)
  async rotateSecret(
    @Param('app') appIdOrUid: string,
    @Param('endpoint') endpoint: string,
    @Body() body: EndpointSecretRotateInDto,
  ): Promise<void> {
    const app = await this.applications.get(appIdOrUid);
    await this.endpoints.rotateSecret(await this.endpoints.get(app, endpoint), body);
  }
}
