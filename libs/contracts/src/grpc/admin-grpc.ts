import { join } from 'node:path';

/** The gRPC admin API: `hookstream.admin.v1.AdminService` (libs/contracts/proto/hookstream/admin/v1/admin.proto). */
export const ADMIN_GRPC_PACKAGE = 'hookstream.admin.v1';
export const ADMIN_GRPC_SERVICE = 'AdminService';

/** The directory holding the `.proto` tree (builds copy it next to the compiled contracts). */
export const PROTO_ROOT = join(__dirname, '..', '..', 'proto');
export const ADMIN_PROTO_FILE = 'hookstream/admin/v1/admin.proto';
export const ADMIN_PROTO_PATH = join(PROTO_ROOT, ADMIN_PROTO_FILE);

/**
 * proto-loader options shared by the server and clients: fields in lowerCamelCase (as the JSON API), 64-bit
 * numbers as strings, unset optional fields left undefined.
 */
export const ADMIN_PROTO_LOADER_OPTIONS = { keepCase: false, longs: String, enums: String, defaults: true, arrays: true, oneofs: true };
