import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  EndpointInDto,
  EndpointSecretRotateInDto,
  type EndpointOut,
  type EndpointSecretOut,
  type ListResponse,
} from '@hookstream/contracts';
import { ListQueryDto, pageRequest, toListResponse } from '@hookstream/platform';
import { ApplicationsService } from '../applications/applications.service';
import { toEndpointOut } from './endpoint.mapper';
import { EndpointsService } from './endpoints.service';

@Controller('api/v1/app/:app/endpoint')
export class EndpointsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly endpoints: EndpointsService,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Param('app') appIdOrUid: string, @Body() body: EndpointInDto): Promise<EndpointOut> {
    const app = await this.applications.get(appIdOrUid);
    return toEndpointOut(await this.endpoints.create(app, body));
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
