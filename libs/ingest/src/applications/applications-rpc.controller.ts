import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IngestPatterns, type AppId, type ResolveAppRequest, type ResolveAppResponse } from '@hookstream/contracts';
import { IngestRpcErrorFilter } from '../manual-delivery/manual-delivery.controller';
import { ApplicationsService } from './applications.service';

/** Answers the API guard of every service: which app an id or uid names now. */
@Controller()
@UseFilters(IngestRpcErrorFilter)
export class ApplicationsRpcController {
  constructor(private readonly applications: ApplicationsService) {}

  @MessagePattern(IngestPatterns.resolveApp)
  async resolve(@Payload() request: ResolveAppRequest): Promise<ResolveAppResponse> {
    if (typeof request?.app !== 'string' || request.app.length === 0) return { id: null };
    const app = await this.applications.find(request.app);
    return { id: (app?.id as AppId | undefined) ?? null };
  }
}
