import { DELIVERY_LOG_CONNECTION } from './delivery-log-connection';
import { AppProjection, AttemptProjection, BackgroundTaskRecord, DeliveryProjection, EndpointProjection, MessageProjection } from './entities';
import { CreateDeliveryLogTables1763900000000 } from './migrations/1763900000000-create-delivery-log-tables';
import { DeliveryLogAdminApi1764100000000 } from './migrations/1764100000000-delivery-log-admin-api';

export const ENTITIES = [AppProjection, EndpointProjection, MessageProjection, AttemptProjection, DeliveryProjection, BackgroundTaskRecord];

/** The projections a rebuild empties and refills from the LOG stream (background tasks are not projections). */
export const PROJECTION_TABLES = ['apps', 'endpoints', 'messages', 'attempts', 'deliveries'].map((t) => `delivery_log.${t}`);

export const DELIVERY_LOG_DATABASE = {
  schema: DELIVERY_LOG_CONNECTION,
  entities: ENTITIES,
  migrations: [CreateDeliveryLogTables1763900000000, DeliveryLogAdminApi1764100000000],
};
