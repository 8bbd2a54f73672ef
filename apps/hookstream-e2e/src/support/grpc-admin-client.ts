import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ADMIN_PROTO_LOADER_OPTIONS, ADMIN_PROTO_PATH } from '@hookstream/contracts';

type Unary = (request: object, metadata: grpc.Metadata, callback: (error: grpc.ServiceError | null, response: unknown) => void) => void;
export type AdminClient = grpc.Client & Record<string, Unary>;
export interface Page<T> {
  data: T[];
  done: boolean;
}

/** The service constructor at a dotted path of a loaded package definition. */
export function serviceAt(loaded: grpc.GrpcObject, path: string): grpc.ServiceClientConstructor {
  const found = path.split('.').reduce<unknown>((node, name) => (node as grpc.GrpcObject)[name], loaded);
  return found as grpc.ServiceClientConstructor;
}

/** A client generated at run time from the same `.proto` the server loads. */
export function adminClient(address: string): AdminClient {
  const definition = protoLoader.loadSync(ADMIN_PROTO_PATH, ADMIN_PROTO_LOADER_OPTIONS);
  const AdminService = serviceAt(grpc.loadPackageDefinition(definition), 'hookstream.admin.v1.AdminService');
  return new AdminService(address, grpc.credentials.createInsecure()) as unknown as AdminClient;
}

function bearer(token: string): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (token) metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

export function call<T = unknown>(client: AdminClient, method: string, request: object, token: string): Promise<T> {
  return new Promise((resolve, reject) => client[method].call(client, request, bearer(token), (error, response) => (error ? reject(error) : resolve(response as T))));
}

export async function codeOf(promise: Promise<unknown>): Promise<grpc.status> {
  try {
    await promise;
    return grpc.status.OK;
  } catch (error) {
    return (error as grpc.ServiceError).code;
  }
}


/** The methods AdminService declares, from the same `.proto` the server loads. */
export function adminMethods(): string[] {
  const definition = protoLoader.loadSync(ADMIN_PROTO_PATH, ADMIN_PROTO_LOADER_OPTIONS);
  return Object.keys(definition['hookstream.admin.v1.AdminService'] as object);
}
