import { Body, Controller, Get, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { EndpointSecretRotateInDto, type EndpointSecretOut } from '@hookstream/contracts';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { ApplicationsService } from '../applications/applications.service';
import { CallbackSecretsService } from './callback-secrets.service';

/** Hookstream extension routes: the app-level secret that signs per-request `callbackUrl` deliveries. */
@Controller('api/v1/app/:app/callback-secret')
@UseInterceptors(IdempotencyInterceptor)
export class CallbackSecretsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly secrets: CallbackSecretsService,
  ) {}

  @Get()
  async get(@Param('app') appIdOrUid: string): Promise<EndpointSecretOut> {
    const app = await this.applications.get(appIdOrUid);
    return { key: await this.secrets.reveal(app.id) };
  }

  @Post('rotate')
  @HttpCode(204)
  async rotate(@Param('app') appIdOrUid: string, @Body() body: EndpointSecretRotateInDto): Promise<void> {
    const app = await this.applications.get(appIdOrUid);
    await this.secrets.rotate(app.id, body);
  }
}
