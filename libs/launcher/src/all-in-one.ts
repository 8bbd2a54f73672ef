import type { INestApplication } from '@nestjs/common';
import { ADMIN_GRPC_SERVICE_DEFINITION, DeliveryLogModule } from '@hookstream/delivery-log';
import { DispatcherModule } from '@hookstream/dispatcher';
import { IngestModule } from '@hookstream/ingest';
import { bootstrapService, serviceRoot, type HookstreamConfig } from '@hookstream/platform';
import { SignerModule } from '@hookstream/signer';

export const ALL_SERVICES = [SignerModule, IngestModule, DispatcherModule, DeliveryLogModule];

/**
 * All four services in one process, every REST route on one port (development, demos, small installs), and
 * delivery-log's gRPC admin API on HOOKSTREAM_GRPC_PORT.
 */
export function startAllInOne(config: HookstreamConfig, port?: number, host?: string): Promise<INestApplication> {
  return bootstrapService({
    module: serviceRoot(config, 'all-in-one', ALL_SERVICES),
    config,
    rpcQueue: 'signer',
    port,
    host,
    grpc: { ...ADMIN_GRPC_SERVICE_DEFINITION, port: config.grpcPort },
    name: 'all-in-one',
  });
}
