import { HttpException, HttpStatus } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { status as GrpcStatus } from '@grpc/grpc-js';

const GRPC_STATUS_OF_HTTP: Partial<Record<number, GrpcStatus>> = {
  [HttpStatus.BAD_REQUEST]: GrpcStatus.INVALID_ARGUMENT,
  [HttpStatus.UNAUTHORIZED]: GrpcStatus.UNAUTHENTICATED,
  [HttpStatus.FORBIDDEN]: GrpcStatus.PERMISSION_DENIED,
  [HttpStatus.NOT_FOUND]: GrpcStatus.NOT_FOUND,
  [HttpStatus.CONFLICT]: GrpcStatus.ALREADY_EXISTS,
  [HttpStatus.UNPROCESSABLE_ENTITY]: GrpcStatus.FAILED_PRECONDITION,
  [HttpStatus.TOO_MANY_REQUESTS]: GrpcStatus.RESOURCE_EXHAUSTED,
  [HttpStatus.SERVICE_UNAVAILABLE]: GrpcStatus.UNAVAILABLE,
};

/**
 * The gRPC answer for what the shared (HTTP-minded) code threw: client errors and 503 keep their meaning and
 * message; anything else is an internal error whose details stay in the log.
 */
export function rpcExceptionOf(error: unknown): RpcException {
  if (error instanceof RpcException) return error;
  if (error instanceof HttpException) {
    const code = GRPC_STATUS_OF_HTTP[error.getStatus()];
    if (code !== undefined) return new RpcException({ code, message: error.message });
    if (error.getStatus() < 500) return new RpcException({ code: GrpcStatus.UNKNOWN, message: error.message });
  }
  return new RpcException({ code: GrpcStatus.INTERNAL, message: 'Internal error' });
}
