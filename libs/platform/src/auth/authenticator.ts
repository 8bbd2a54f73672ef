import { timingSafeEqual } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HookstreamConfig } from '../config/hookstream-config';
import { APP_TOKEN_PREFIX, verifyAppToken } from './app-token';
import type { Principal } from './principal';
import { TokenRegistry } from './token-registry';

/**
 * Turns an `Authorization: Bearer …` value into a principal: the operator token (HOOKSTREAM_ADMIN_TOKEN), or an
 * app token whose signature, expiry and revocation check out. A process that did not load the operator token
 * (the dispatcher, the signer) authenticates nobody.
 */
@Injectable()
export class Authenticator implements OnModuleInit {
  private readonly operatorToken: Buffer | null;

  constructor(
    config: HookstreamConfig,
    private readonly registry: TokenRegistry,
  ) {
    this.operatorToken = config.secrets.adminToken ? Buffer.from(config.secrets.adminToken) : null;
  }

  /** A service that serves the API loads the token buckets before it takes a request. */
  async onModuleInit(): Promise<void> {
    if (this.operatorToken) await this.registry.open();
  }

  async authenticate(authorization: string | undefined): Promise<Principal | null> {
    if (!this.operatorToken || !authorization) return null;
    const presented = authorization.replace(/^Bearer\s+/i, '');
    if (presented.startsWith(APP_TOKEN_PREFIX)) return this.appPrincipal(presented);
    const bytes = Buffer.from(presented);
    return bytes.length === this.operatorToken.length && timingSafeEqual(bytes, this.operatorToken) ? { kind: 'operator' } : null;
  }

  private async appPrincipal(token: string): Promise<Principal | null> {
    const { keys, revocations } = await this.registry.open();
    const claims = verifyAppToken(token, (kid) => this.registry.publicKey(kid, keys));
    if (!claims || this.registry.isRevoked(claims, revocations)) return null;
    return { kind: 'app', appId: claims.app, token: claims };
  }
}
