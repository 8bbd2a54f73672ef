import { RpcException } from '@nestjs/microservices';
import type { RpcErrorBody } from '@hookstream/contracts';

export function rpcError(code: RpcErrorBody['code'], message: string): RpcException {
  const body: RpcErrorBody = { status: 'error', code, message };
  return new RpcException(body);
}
