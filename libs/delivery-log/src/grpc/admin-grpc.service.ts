import { ADMIN_GRPC_PACKAGE, ADMIN_PROTO_FILE, ADMIN_PROTO_LOADER_OPTIONS, PROTO_ROOT } from '@hookstream/contracts';
import type { GrpcService } from '@hookstream/platform';

/** What delivery-log serves over gRPC (`hookstream.admin.v1.AdminService`); the port comes from HOOKSTREAM_GRPC_PORT. */
export const ADMIN_GRPC_SERVICE_DEFINITION: Omit<GrpcService, 'port'> = {
  package: ADMIN_GRPC_PACKAGE,
  protoPath: ADMIN_PROTO_FILE,
  includeDir: PROTO_ROOT,
  loader: ADMIN_PROTO_LOADER_OPTIONS,
};
