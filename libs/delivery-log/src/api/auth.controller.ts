import { Body, Controller, ForbiddenException, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AppDirectory, AppTokenIssuer, AppTokensAllowed, CurrentPrincipal, OperatorOnly, TokenRegistry, type Principal } from '@hookstream/platform';
import { AppPortalAccessInDto } from './recover.dto';

/** Svix's authentication routes: app portal tokens and logout. */
@ApiTags('Authentication')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly directory: AppDirectory,
    private readonly issuer: AppTokenIssuer,
    private readonly tokens: TokenRegistry,
  ) {}

  /**
   * `POST /api/v1/auth/app-portal-access/{app_id}` (operator only): a token bound to the app's id, for `expiry`
   * seconds (default and most: 7 days). The app is resolved by ingest, so an app created a moment ago has one.
   */
  @Post('app-portal-access/:app')
  @HttpCode(200)
  @OperatorOnly()
  async appPortalAccess(@Param('app') appIdOrUid: string, @Body() body: AppPortalAccessInDto): Promise<{ url: string; token: string }> {
    const appId = await this.directory.idOf(appIdOrUid);
    if (!appId) throw new NotFoundException(`Application "${appIdOrUid}" not found`);
    const token = this.issuer.issue(appId, body.expiry ?? undefined);
    // Hookstream has no hosted portal; the url carries the token as Svix's does, for a UI of your own.
    return { url: `/app-portal/${appId}#key=${token}`, token };
  }

  /** `POST /api/v1/auth/logout`: the calling app token stops working on every replica at once. */
  @Post('logout')
  @HttpCode(204)
  @AppTokensAllowed()
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    if (principal.kind !== 'app') throw new ForbiddenException('Only app tokens can log out; the operator token is configuration');
    await this.tokens.revokeToken(principal.token);
  }
}
