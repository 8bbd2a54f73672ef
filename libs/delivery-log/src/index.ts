export { DeliveryLogModule, DELIVERY_LOG_DATABASE } from './delivery-log.module';
export { rebuildDeliveryLog, type RebuildResult } from './rebuild/rebuild-projections';
export { RetentionJob } from './retention/retention.job';
export { ADMIN_GRPC_SERVICE_DEFINITION } from './grpc/admin-grpc.service';
