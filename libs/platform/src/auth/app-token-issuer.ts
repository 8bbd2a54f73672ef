import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HookstreamConfig, secretOf, type KeyPair } from '../config/hookstream-config';
import type { KeyObject } from 'node:crypto';
import { APP_TOKEN_MAX_SECONDS, issueAppToken } from './app-token';
import { TokenRegistry } from './token-registry';

/**
 * Mints app tokens with HOOKSTREAM_TOKEN_KEY, for the service that issues them (delivery-log). At start it
 * publishes the public halves of its current and previous keys as the only ones that verify, so a key change
 * is: new key in HOOKSTREAM_TOKEN_KEY, old one in HOOKSTREAM_TOKEN_KEY_PREVIOUS until its tokens expire.
 */
@Injectable()
export class AppTokenIssuer implements OnModuleInit {
  private readonly keys: KeyPair<KeyObject>;

  constructor(
    config: HookstreamConfig,
    private readonly registry: TokenRegistry,
  ) {
    this.keys = secretOf(config, 'tokenKeys');
  }

  async onModuleInit(): Promise<void> {
    await this.registry.publishSigningKeys([this.keys.current, ...(this.keys.previous ? [this.keys.previous] : [])]);
  }

  issue(appId: string, lifetimeSeconds = APP_TOKEN_MAX_SECONDS): string {
    return issueAppToken(this.keys.current, appId, lifetimeSeconds).token;
  }
}
