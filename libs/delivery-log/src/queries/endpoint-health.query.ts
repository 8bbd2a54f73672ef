import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { EndpointHealthOut } from '@hookstream/contracts';
import { DELIVERY_LOG_CONNECTION } from '../persistence/delivery-log-connection';
import { AttemptProjection, EndpointCircuitProjection, type EndpointProjection } from '../persistence/entities';
import { toEndpointHealthOut, type RecentAttempt } from './endpoint-health.mapper';

/** The success rate covers this many of the endpoint's newest attempts (a count, not a time window). */
export const SUCCESS_RATE_WINDOW = 100;
/** Newest attempts listed in `lastAttempts`. */
export const LAST_ATTEMPTS = 10;

/** An endpoint's health as the projections know it: disabled and why, its circuit, its recent attempts. */
@Injectable()
export class EndpointHealthQuery {
  constructor(
    @InjectRepository(AttemptProjection, DELIVERY_LOG_CONNECTION) private readonly attempts: Repository<AttemptProjection>,
    @InjectRepository(EndpointCircuitProjection, DELIVERY_LOG_CONNECTION) private readonly circuits: Repository<EndpointCircuitProjection>,
  ) {}

  async of(endpoint: EndpointProjection): Promise<EndpointHealthOut> {
    const [recent, circuit] = await Promise.all([
      this.attempts.find({
        select: { outcome: true, responseStatusCode: true, timestamp: true },
        where: { endpointId: endpoint.id },
        order: { id: 'DESC' },
        take: SUCCESS_RATE_WINDOW,
      }) as Promise<RecentAttempt[]>,
      this.circuits.findOneBy({ endpointId: endpoint.id }),
    ]);
    return toEndpointHealthOut(endpoint, circuit, recent, { window: SUCCESS_RATE_WINDOW, listed: LAST_ATTEMPTS });
  }
}
