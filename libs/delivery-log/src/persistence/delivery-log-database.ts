import { DELIVERY_LOG_CONNECTION } from './delivery-log-connection';
import {
  AppProjection,
  AttemptProjection,
  BackgroundTaskRecord,
  DeadLetterProjection,
  DeliveryProjection,
  EndpointCircuitProjection,
  EndpointProjection,
  MessageProjection,
} from './entities';
import { CreateDeliveryLogTables1763900000000 } from './migrations/1763900000000-create-delivery-log-tables';
import { DeliveryLogAdminApi1764100000000 } from './migrations/1764100000000-delivery-log-admin-api';
import { EndpointHealth1764300000000 } from './migrations/1764300000000-endpoint-health';
import { AttemptUrlsWithoutCredentials1764500000000 } from './migrations/1764500000000-attempt-urls-without-credentials';
import { DeadLetters1765000000000 } from './migrations/1765000000000-dead-letters';

export const ENTITIES = [AppProjection, EndpointProjection, MessageProjection, AttemptProjection, DeliveryProjection, BackgroundTaskRecord, EndpointCircuitProjection, DeadLetterProjection];

/** The projections a rebuild empties and refills from the LOG stream (background tasks are not projections). */
export const PROJECTION_TABLES = ['apps', 'endpoints', 'messages', 'attempts', 'deliveries', 'endpoint_circuits', 'dead_letters'].map((t) => `delivery_log.${t}`);

export const DELIVERY_LOG_DATABASE = {
  schema: DELIVERY_LOG_CONNECTION,
  entities: ENTITIES,
  migrations: [CreateDeliveryLogTables1763900000000, DeliveryLogAdminApi1764100000000, EndpointHealth1764300000000, AttemptUrlsWithoutCredentials1764500000000, DeadLetters1765000000000],
};
