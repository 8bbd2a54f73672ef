import { Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HookstreamConfig, prepareServiceDatabase, ReadinessRegistry, serviceDataSourceOptions } from '@hookstream/platform';
import { SignerClientModule } from '@hookstream/signer';
import { ApplicationsController } from './applications/applications.controller';
import { ApplicationsService } from './applications/applications.service';
import { EndpointHealthConsumer } from './endpoints/endpoint-health.consumer';
import { CallbackSecretsController } from './callback-secrets/callback-secrets.controller';
import { CallbackSecretsService } from './callback-secrets/callback-secrets.service';
import { EndpointsController } from './endpoints/endpoints.controller';
import { EndpointsService } from './endpoints/endpoints.service';
import { AcceptEventUseCase } from './events/accept-event.use-case';
import { EventsConsumer } from './events/events.consumer';
import { MessagesController } from './events/messages.controller';
import { RejectionPublisher } from './events/rejection-publisher';
import { ApplicationEntity } from './persistence/application.entity';
import { EndpointEntity } from './persistence/endpoint.entity';
import { INGEST_CONNECTION } from './persistence/ingest-connection';
import { MessageEntity } from './persistence/message.entity';
import { CreateIngestTables1763900000000 } from './persistence/migrations/1763900000000-create-ingest-tables';

const ENTITIES = [ApplicationEntity, EndpointEntity, MessageEntity];

export const INGEST_DATABASE = {
  schema: INGEST_CONNECTION,
  entities: ENTITIES,
  migrations: [CreateIngestTables1763900000000],
};

/** ingest: the front door (NATS subjects, REST) and the control plane (apps, endpoints). */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      name: INGEST_CONNECTION,
      inject: [HookstreamConfig],
      useFactory: (config: HookstreamConfig) => serviceDataSourceOptions(config.databaseUrl, INGEST_DATABASE),
    }),
    TypeOrmModule.forFeature(ENTITIES, INGEST_CONNECTION),
    SignerClientModule,
  ],
  controllers: [ApplicationsController, EndpointsController, CallbackSecretsController, MessagesController],
  providers: [ApplicationsService, EndpointsService, CallbackSecretsService, AcceptEventUseCase, RejectionPublisher, EventsConsumer, EndpointHealthConsumer],
})
export class IngestModule implements OnModuleInit {
  constructor(
    @InjectDataSource(INGEST_CONNECTION) private readonly dataSource: DataSource,
    private readonly config: HookstreamConfig,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    await prepareServiceDatabase(this.dataSource, INGEST_CONNECTION, this.config, this.readiness);
  }
}
