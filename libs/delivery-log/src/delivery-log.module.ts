import { Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { deliveryLogConsumer, Subjects } from '@hookstream/contracts';
import {
  AppTokenIssuer,
  HookstreamConfig,
  NatsClients,
  natsTransportOptions,
  prepareServiceDatabase,
  PrefixedNatsClient,
  ReadinessRegistry,
  reportConsumerLag,
  serviceDataSourceOptions,
} from '@hookstream/platform';
import { AttemptsController } from './api/attempts.controller';
import { DeadLettersController } from './api/dead-letters.controller';
import { AuthController } from './api/auth.controller';
import { BackgroundTasksController } from './api/background-tasks.controller';
import { ConsoleAssetsController } from './console/console-assets.controller';
import { EndpointLogController } from './api/endpoint-log.controller';
import { MessagesReadController } from './api/messages.controller';
import { AdminGrpcController } from './grpc/admin.grpc.controller';
import { LiveStatusController } from './live/live-status.controller';
import { IngestClient, INGEST_TRANSPORT } from './ingest-client/ingest.client';
import { DELIVERY_LOG_DATABASE, ENTITIES } from './persistence/delivery-log-database';
import { DELIVERY_LOG_CONNECTION } from './persistence/delivery-log-connection';
import { LogConsumer } from './projection/log.consumer';
import { LogProjector } from './projection/log-projector';
import { RetentionJob } from './retention/retention.job';
import { EndpointHealthQuery } from './queries/endpoint-health.query';
import { LogQueries } from './queries/log-queries';
import { projectionCatchUpProvider } from './queries/jetstream-projection-progress';
import { ExpungeContent } from './use-cases/expunge-content/expunge-content';
import { RecoverEndpoint } from './use-cases/recover-endpoint/recover-endpoint';
import { ResendMessage } from './use-cases/resend-message/resend-message';

export { DELIVERY_LOG_DATABASE };

/** delivery-log: projects the LOG stream into Postgres and serves messages, attempts, stats, resend and recover. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      name: DELIVERY_LOG_CONNECTION,
      inject: [HookstreamConfig],
      useFactory: (config: HookstreamConfig) => serviceDataSourceOptions(config.databaseUrl, DELIVERY_LOG_DATABASE),
    }),
    TypeOrmModule.forFeature(ENTITIES, DELIVERY_LOG_CONNECTION),
  ],
  controllers: [DeadLettersController, MessagesReadController, AttemptsController, EndpointLogController, BackgroundTasksController, AuthController, LiveStatusController, AdminGrpcController, ConsoleAssetsController],
  providers: [
    reportConsumerLag((subjects) => [deliveryLogConsumer(subjects)]),
    AppTokenIssuer,
    LogProjector,
    RetentionJob,
    LogConsumer,
    LogQueries,
    projectionCatchUpProvider,
    EndpointHealthQuery,
    ExpungeContent,
    ResendMessage,
    RecoverEndpoint,
    IngestClient,
    {
      provide: INGEST_TRANSPORT,
      inject: [HookstreamConfig, NatsClients],
      useFactory: (config: HookstreamConfig, nats: NatsClients) => new PrefixedNatsClient(new Subjects(config.prefix), natsTransportOptions(config), nats.connection),
    },
  ],
})
export class DeliveryLogModule implements OnModuleInit {
  constructor(
    @InjectDataSource(DELIVERY_LOG_CONNECTION) private readonly dataSource: DataSource,
    private readonly config: HookstreamConfig,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    await prepareServiceDatabase(this.dataSource, DELIVERY_LOG_CONNECTION, this.config, this.readiness);
  }
}
