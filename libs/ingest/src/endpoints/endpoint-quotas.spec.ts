import { UnprocessableEntityException } from '@nestjs/common';
import type { AppQuotas, Principal } from '@hookstream/platform';
import { assertEndpointQuota, assertWithinTokenBounds } from './endpoint-quotas';

const quotas: AppQuotas = { endpointsPerApp: 3, maxConcurrency: 10, timeoutMs: 20_000, rateLimit: 50 };
const appToken: Principal = { kind: 'app', appId: 'app_1', token: { app: 'app_1', jti: 'j', kid: 'k', iat: 0, exp: 1 } };

describe('endpoint quotas', () => {
  it('lets an app token set each bounded setting up to its bound', () => {
    expect(() => assertWithinTokenBounds({ maxConcurrency: 10, timeoutMs: 20_000, rateLimit: 50 }, appToken, quotas)).not.toThrow();
    expect(() => assertWithinTokenBounds({ maxConcurrency: null }, appToken, quotas)).not.toThrow();
  });

  it.each([
    [{ maxConcurrency: 11 }, /maxConcurrency may be at most 10/],
    [{ timeoutMs: 20_001 }, /timeoutMs may be at most 20000/],
    [{ rateLimit: 51 }, /rateLimit may be at most 50/],
  ])('refuses an app token one past a bound: %p', (settings, message) => {
    expect(() => assertWithinTokenBounds(settings, appToken, quotas)).toThrow(message);
  });

  it('does not bound the operator', () => {
    expect(() => assertWithinTokenBounds({ maxConcurrency: 1000, timeoutMs: 120_000 }, { kind: 'operator' }, quotas)).not.toThrow();
  });

  it('allows endpoints up to the quota and refuses the one past it', () => {
    expect(() => assertEndpointQuota(2, quotas)).not.toThrow();
    expect(() => assertEndpointQuota(3, quotas)).toThrow(UnprocessableEntityException);
  });
});
