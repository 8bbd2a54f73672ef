import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { collectDefaultMetrics, register } from 'prom-client';
import { streamDefinitions } from '@hookstream/contracts';
import { HookstreamConfig } from './config/hookstream-config';
import { ApiRateLimits } from './auth/api-rate-limits';
import { APP_DIRECTORY_TRANSPORT, AppDirectory } from './auth/app-directory';
import { AuthGuard } from './auth/auth.guard';
import { Authenticator } from './auth/authenticator';
import { TokenRegistry } from './auth/token-registry';
import { natsTransportOptions } from './bootstrap/bootstrap-service';
import { PrefixedNatsClient } from './messaging/prefixed-nats-transport';
import { SvixExceptionFilter } from './http/svix-exception.filter';
import { connectNats, NatsClients } from './messaging/nats-clients';
import { DeadLetters } from './messaging/dead-letters';
import { LogPublisher } from './messaging/log-publisher';
import { ensureStream } from './messaging/stream-setup';
import { registerConsumerLagMetrics } from './observability/consumer-lag';
import { HealthController } from './observability/health.controller';
import { loggerParams } from './observability/logging';
import { MetricsController } from './observability/metrics.controller';
import { ReadinessRegistry } from './observability/readiness';

export interface PlatformOptions {
  config: HookstreamConfig;
  /** Name of the process as NATS and the logs see it (`ingest`, `all-in-one`, …). */
  serviceName: string;
}

/**
 * What every Hookstream process has: validated config, JSON logs, one NATS connection with the streams in
 * place, the authorisation guard, Svix-style errors, /healthz, /readyz and /metrics.
 */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(@Inject(NatsClients) private readonly nats: NatsClients) {}

  static forRoot({ config, serviceName }: PlatformOptions): DynamicModule {
    collectProcessMetricsOnce();
    registerConsumerLagMetrics();
    return {
      module: PlatformModule,
      imports: [
        TerminusModule,
        LoggerModule.forRoot(loggerParams(config.logLevel, serviceName)),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: HookstreamConfig, useValue: config },
        {
          provide: NatsClients,
          useFactory: async () => {
            const clients = await connectNats(config.natsUrl, `hookstream-${serviceName}`, config.prefix);
            for (const stream of streamDefinitions(clients.subjects, config.streamReplicas, config.streamLimits)) {
              await ensureStream(clients.jsm, stream);
            }
            return clients;
          },
        },
        {
          provide: ReadinessRegistry,
          inject: [NatsClients],
          useFactory: (nats: NatsClients) => {
            const registry = new ReadinessRegistry();
            registry.register('nats', async () => {
              if (nats.connection.isClosed()) throw new Error('NATS connection closed');
              await nats.connection.flush();
            });
            return registry;
          },
        },
        LogPublisher,
        DeadLetters,
        TokenRegistry,
        Authenticator,
        ApiRateLimits,
        AppDirectory,
        {
          provide: APP_DIRECTORY_TRANSPORT,
          inject: [NatsClients],
          useFactory: (nats: NatsClients) => new PrefixedNatsClient(nats.subjects, natsTransportOptions(config), nats.connection),
        },
        AuthGuard,
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_FILTER, useClass: SvixExceptionFilter },
      ],
      exports: [HookstreamConfig, NatsClients, ReadinessRegistry, LogPublisher, DeadLetters, TokenRegistry, Authenticator, ApiRateLimits, AppDirectory, AuthGuard],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.nats.connection.isClosed()) await this.nats.connection.drain();
  }
}

/**
 * How often the event-loop lag histogram samples the loop. prom-client's default, 10 ms, wakes an idle service 100
 * times a second: 7–17 ms of CPU a second per service on the bench machine, idle; at 100 ms the four services together
 * went from 39 to 5 ms a second (docs/benchmarks.md). Sustained lag still shows; a single block shorter than the
 * interval is caught only when a sample falls in it.
 */
const EVENT_LOOP_SAMPLE_MS = 100;

/** prom-client's registry is per process; several Nest apps in one process (tests, all-in-one) share it. */
function collectProcessMetricsOnce(): void {
  if (register.getSingleMetric('process_cpu_user_seconds_total')) return;
  collectDefaultMetrics({ eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
}
