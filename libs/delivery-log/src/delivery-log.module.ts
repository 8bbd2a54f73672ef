import { Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HookstreamConfig, prepareServiceDatabase, ReadinessRegistry, serviceDataSourceOptions } from '@hookstream/platform';
import { AttemptsController } from './api/attempts.controller';
import { DeliveryLogQueries } from './api/delivery-log-query.service';
import { MessagesReadController } from './api/messages.controller';
import { DELIVERY_LOG_CONNECTION } from './persistence/delivery-log-connection';
import {
  AppProjection,
  AttemptProjection,
  DeliveryProjection,
  EndpointProjection,
  MessageProjection,
} from './persistence/entities';
import { CreateDeliveryLogTables1763900000000 } from './persistence/migrations/1763900000000-create-delivery-log-tables';
import { LogConsumer } from './projection/log.consumer';
import { LogProjector } from './projection/log-projector';

const ENTITIES = [AppProjection, EndpointProjection, MessageProjection, AttemptProjection, DeliveryProjection];

export const DELIVERY_LOG_DATABASE = {
  schema: DELIVERY_LOG_CONNECTION,
  entities: ENTITIES,
  migrations: [CreateDeliveryLogTables1763900000000],
};

/** delivery-log: projects the LOG stream into Postgres and serves messages and attempts. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      name: DELIVERY_LOG_CONNECTION,
      inject: [HookstreamConfig],
      useFactory: (config: HookstreamConfig) => serviceDataSourceOptions(config.databaseUrl, DELIVERY_LOG_DATABASE),
    }),
    TypeOrmModule.forFeature(ENTITIES, DELIVERY_LOG_CONNECTION),
  ],
  controllers: [MessagesReadController, AttemptsController],
  providers: [LogProjector, LogConsumer, DeliveryLogQueries],
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
