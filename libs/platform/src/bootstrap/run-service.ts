import { Inject, Logger, Module, type DynamicModule, type INestApplication, type OnModuleDestroy, type Type } from '@nestjs/common';
import { ConfigError, HookstreamConfig, loadConfig, type SecretName } from '../config/hookstream-config';
import { stopWorkers } from '../messaging/jetstream-worker';
import { NatsClients } from '../messaging/nats-clients';
import { PlatformModule } from '../platform.module';
import { bootstrapService, listeningUrl, type GrpcService } from './bootstrap-service';
import { shutDownGracefullyOnSignals } from './graceful-shutdown';

@Module({})
class HookstreamRoot implements OnModuleDestroy {
  constructor(
    @Inject(NatsClients) private readonly nats: NatsClients,
    @Inject(HookstreamConfig) private readonly config: HookstreamConfig,
  ) {}

  /**
   * Stops every JetStream worker of the process at once. Nest destroys the root module first and the others one
   * after another, and each worker's stop waits out its last pull request (up to 5 s): left to the service modules,
   * the all-in-one took 15 s to close. Their own stops then find their workers stopped (`stop` is idempotent).
   */
  async onModuleDestroy(): Promise<void> {
    await stopWorkers(this.nats.js, this.config.shutdownTimeoutMs);
  }
}

/** The root module of a Hookstream process: the platform plus the given service modules. */
export function serviceRoot(config: HookstreamConfig, serviceName: string, modules: Type<unknown>[]): DynamicModule {
  return { module: HookstreamRoot, imports: [PlatformModule.forRoot({ config, serviceName }), ...modules] };
}

export interface ServiceDefinition {
  name: string;
  /** Port when PORT is not set, so the services can run side by side on one machine. */
  defaultPort: number;
  modules: Type<unknown>[];
  /** The secrets the service uses; it loads these and no others (production refuses to start without them). */
  secrets: readonly SecretName[];
  /** Queue group for NATS request/reply handlers, for a service that serves them. */
  rpcQueue?: string;
  /** gRPC services to serve on HOOKSTREAM_GRPC_PORT, for a service that serves them. */
  grpc?: Omit<GrpcService, 'port'>;
}

/** Validates config (exiting with the list of problems), boots the service, and shuts it down gracefully on SIGTERM. */
export async function runService(service: ServiceDefinition, config = loadConfigOrExit(service.defaultPort, service.secrets)): Promise<INestApplication> {
  const app = await bootstrapService({
    module: serviceRoot(config, service.name, service.modules),
    config,
    rpcQueue: service.rpcQueue,
    grpc: service.grpc && { ...service.grpc, port: config.grpcPort },
    name: service.name,
  });
  shutDownGracefullyOnSignals(app, config);
  new Logger(service.name).log(`${service.name} listening on ${listeningUrl(app)}`);
  return app;
}

export function loadConfigOrExit(defaultPort: number, secrets: readonly SecretName[]): HookstreamConfig {
  try {
    return loadConfig(process.env, defaultPort, secrets);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
