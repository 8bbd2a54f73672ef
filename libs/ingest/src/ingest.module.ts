import { Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ingestBindingsConsumer, ingestConsumer, ingestEndpointHealthConsumer } from '@hookstream/contracts';
import { HookstreamConfig, prepareServiceDatabase, ReadinessRegistry, reportConsumerLag, serviceDataSourceOptions } from '@hookstream/platform';
import { SignerClientModule } from '@hookstream/signer-client';
import { ApplicationsController } from './applications/applications.controller';
import { ApplicationsRpcController } from './applications/applications-rpc.controller';
import { ApplicationsService } from './applications/applications.service';
import { BindingsConsumer } from './bindings/bindings.consumer';
import { BindingsController } from './bindings/bindings.controller';
import { BindingsService } from './bindings/bindings.service';
import { CallbackDestinations } from './callbacks/callback-destinations.service';
import { CallbackSecretsController } from './callback-secrets/callback-secrets.controller';
import { CallbackSecretsService } from './callback-secrets/callback-secrets.service';
import { EndpointCache } from './endpoints/endpoint-cache';
import { EndpointEvents } from './endpoints/endpoint-events';
import { EndpointHealthConsumer } from './endpoints/endpoint-health.consumer';
import { EndpointsController } from './endpoints/endpoints.controller';
import { EndpointsService } from './endpoints/endpoints.service';
import { EventTypesController } from './event-types/event-types.controller';
import { EventTypesService } from './event-types/event-types.service';
import { PayloadSchemas } from './event-types/payload-schemas';
import { AcceptEventUseCase } from './events/accept-event.use-case';
import { MessageReceipts } from './events/message-receipts';
import { EventsConsumer } from './events/events.consumer';
import { MessagesController } from './events/messages.controller';
import { TaskPublisher } from './events/task-publisher';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { ManualDeliveryController } from './manual-delivery/manual-delivery.controller';
import { ManualDeliveryUseCase } from './manual-delivery/manual-delivery.use-case';
import { ApplicationEntity } from './persistence/application.entity';
import { BindingEntity } from './persistence/binding.entity';
import { EndpointEntity } from './persistence/endpoint.entity';
import { EventTypeEntity } from './persistence/event-type.entity';
import { INGEST_CONNECTION } from './persistence/ingest-connection';
import { MessageEntity } from './persistence/message.entity';
import { CreateIngestTables1763900000000 } from './persistence/migrations/1763900000000-create-ingest-tables';
import { IngestFrontDoor1764100000000 } from './persistence/migrations/1764100000000-ingest-front-door';
import { OrderingSequences1764200000000 } from './persistence/migrations/1764200000000-ordering-sequences';
import { EndpointDisabledReason1764300000000 } from './persistence/migrations/1764300000000-endpoint-disabled-reason';
import { OrderingSequences } from './ordering/ordering-sequences';
import { RejectionEntity } from './persistence/rejection.entity';
import { RejectionsController } from './rejections/rejections.controller';
import { RejectionsService } from './rejections/rejections.service';

const ENTITIES = [ApplicationEntity, EndpointEntity, MessageEntity, RejectionEntity, EventTypeEntity, BindingEntity];

export const INGEST_DATABASE = {
  schema: INGEST_CONNECTION,
  entities: ENTITIES,
  migrations: [CreateIngestTables1763900000000, IngestFrontDoor1764100000000, OrderingSequences1764200000000, EndpointDisabledReason1764300000000],
};

/** ingest: the front door (NATS subjects, bindings, REST) and the control plane (apps, endpoints, event types). */
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
  controllers: [
    ApplicationsController,
    EndpointsController,
    CallbackSecretsController,
    MessagesController,
    EventTypesController,
    BindingsController,
    RejectionsController,
    ManualDeliveryController,
    ApplicationsRpcController,
  ],
  providers: [
    reportConsumerLag((subjects) => [ingestConsumer(subjects), ingestBindingsConsumer(subjects), ingestEndpointHealthConsumer(subjects)]),
    ApplicationsService,
    OrderingSequences,
    EndpointsService,
    EndpointCache,
    EndpointEvents,
    CallbackSecretsService,
    CallbackDestinations,
    EventTypesService,
    PayloadSchemas,
    AcceptEventUseCase,
    MessageReceipts,
    TaskPublisher,
    RejectionsService,
    BindingsService,
    IdempotencyStore,
    IdempotencyInterceptor,
    ManualDeliveryUseCase,
    EventsConsumer,
    BindingsConsumer,
    EndpointHealthConsumer,
  ],
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
