import { UnprocessableEntityException } from '@nestjs/common';
import type { AppQuotas, Principal } from '@hookstream/platform';

/** The delivery settings an app token may not raise past the operator's bounds. */
export interface BoundedSettings {
  maxConcurrency?: number | null;
  timeoutMs?: number | null;
  rateLimit?: number | null;
}

/**
 * Refuses (422) settings an app token may not give its endpoints: the operator sets the bounds
 * (HOOKSTREAM_APP_TOKEN_MAX_*), so a customer cannot make one endpoint take the dispatcher's capacity. The
 * operator token is not bounded.
 */
export function assertWithinTokenBounds(settings: BoundedSettings, principal: Principal, quotas: AppQuotas): void {
  if (principal.kind === 'operator') return;
  const bounds: [keyof BoundedSettings, number][] = [
    ['maxConcurrency', quotas.maxConcurrency],
    ['timeoutMs', quotas.timeoutMs],
    ['rateLimit', quotas.rateLimit],
  ];
  const over = bounds.filter(([name, bound]) => (settings[name] ?? 0) > bound).map(([name, bound]) => `${name} may be at most ${bound} with an app token`);
  if (over.length > 0) throw new UnprocessableEntityException(over.join('; '));
}

/** Refuses (422) one endpoint more than the app may have. */
export function assertEndpointQuota(existing: number, quotas: AppQuotas): void {
  if (existing >= quotas.endpointsPerApp) {
    throw new UnprocessableEntityException(`An application may have at most ${quotas.endpointsPerApp} endpoints (HOOKSTREAM_MAX_ENDPOINTS_PER_APP)`);
  }
}
