import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { appTokenKey, HookstreamConfig, issueAppToken, OperatorOnly } from '@hookstream/platform';
import { LogQueries } from '../queries/log-queries';
import { AppPortalAccessInDto } from './recover.dto';

const DEFAULT_EXPIRY_SECONDS = 7 * 24 * 3600;

/** Svix `POST /api/v1/auth/app-portal-access/{app_id}`: an app-scoped token (`{ url, token }`), operator only. */
@ApiTags('Authentication')
@Controller('api/v1/auth')
export class AuthController {
  private readonly key: Buffer;

  constructor(
    private readonly queries: LogQueries,
    config: HookstreamConfig,
  ) {
    this.key = appTokenKey(config.masterKey);
  }

  @Post('app-portal-access/:app')
  @HttpCode(200)
  @OperatorOnly()
  async appPortalAccess(@Param('app') appIdOrUid: string, @Body() body: AppPortalAccessInDto): Promise<{ url: string; token: string }> {
    const app = await this.queries.app(appIdOrUid);
    const exp = Math.floor(Date.now() / 1000) + (body.expiry ?? DEFAULT_EXPIRY_SECONDS);
    const token = issueAppToken(this.key, { app: app.id, uid: app.uid, exp });
    // Hookstream has no hosted portal; the url carries the token as Svix's does, for a UI of your own.
    return { url: `/app-portal/${app.id}#key=${token}`, token };
  }
}
