import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult } from '@nestjs/terminus';
import { Public } from '../auth/principal';
import { NotReadyException, ReadinessRegistry } from './readiness';

@ApiExcludeController()
@Controller()
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessRegistry,
  ) {}

  /** Liveness: the process answers. */
  @Get('healthz')
  @HealthCheck()
  healthz() {
    return this.health.check([]);
  }

  /** Readiness: NATS and the service's database are reachable. */
  @Get('readyz')
  @HealthCheck()
  readyz() {
    return this.health.check([() => this.dependencies()]);
  }

  private async dependencies(): Promise<HealthIndicatorResult> {
    const results = await this.readiness.check();
    const down = Object.values(results).some((r) => r.status === 'down');
    if (down) throw new NotReadyException({ status: 'error', error: results });
    return results;
  }
}
