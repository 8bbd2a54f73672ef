import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { HookstreamConfig } from '../config/hookstream-config';
import type { Principal } from './principal';

/** Why a request is refused with 429, and when to try again. */
export class RateLimited {
  constructor(
    readonly reason: string,
    readonly retryAfterSeconds: number,
  ) {}
}

/**
 * The admin API's limits (`ApiLimits`), counted in this process: requests a second per app token and per client
 * address, a higher budget for the operator token, and failed authentications a minute per address — past that
 * an address is refused before its token is even looked at.
 */
@Injectable()
export class ApiRateLimits {
  private readonly operator: RateLimiterMemory;
  private readonly appToken: RateLimiterMemory;
  private readonly address: RateLimiterMemory;
  private readonly authFailures: RateLimiterMemory;

  constructor(config: HookstreamConfig) {
    const limits = config.apiLimits;
    this.operator = new RateLimiterMemory({ keyPrefix: 'operator', points: limits.operatorPerSecond, duration: 1 });
    this.appToken = new RateLimiterMemory({ keyPrefix: 'app-token', points: limits.appTokenPerSecond, duration: 1 });
    this.address = new RateLimiterMemory({ keyPrefix: 'address', points: limits.addressPerSecond, duration: 1 });
    this.authFailures = new RateLimiterMemory({ keyPrefix: 'auth-failures', points: limits.authFailuresPerMinute, duration: 60 });
  }

  /** Refused while the address has used up its failed authentications. */
  async beforeAuthentication(address: string): Promise<RateLimited | null> {
    const failures = await this.authFailures.get(address);
    if (!failures || failures.remainingPoints > 0) return null;
    return new RateLimited('Too many failed authentications from this address', retryAfter(failures));
  }

  async authenticationFailed(address: string): Promise<void> {
    await this.authFailures.penalty(address, 1);
  }

  /** Counts the request against its principal's budget (and its address's, for app tokens). */
  async consume(principal: Principal, address: string): Promise<RateLimited | null> {
    if (principal.kind === 'operator') return take(this.operator, 'operator', 'Rate limit of the operator token exceeded');
    return (
      (await take(this.appToken, principal.token.jti, 'Rate limit of this token exceeded')) ??
      (await take(this.address, address, 'Rate limit of this client address exceeded'))
    );
  }
}

async function take(limiter: RateLimiterMemory, key: string, reason: string): Promise<RateLimited | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    return new RateLimited(reason, retryAfter(refusal));
  }
}

function retryAfter(state: RateLimiterRes): number {
  return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
}
