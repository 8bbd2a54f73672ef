import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import {
  SignerPatterns,
  type CreateKeyRequest,
  type RevealKeyRequest,
  type RevealKeyResponse,
  type RotateKeyRequest,
  type RpcErrorBody,
  type SignBatchRequest,
  type SignBatchResponse,
  type SignRequest,
  type SignResponse,
} from '@hookstream/contracts';

export const SIGNER_TRANSPORT = Symbol('SIGNER_TRANSPORT');
const RPC_TIMEOUT_MS = 5000;

export class SignerError extends Error {
  constructor(
    readonly code: RpcErrorBody['code'] | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}

/** Typed client of the signer's request/reply API, for ingest (secrets) and the dispatcher (signatures). */
@Injectable()
export class SignerClient implements OnModuleDestroy {
  constructor(@Inject(SIGNER_TRANSPORT) private readonly transport: ClientProxy) {}

  createKey(request: CreateKeyRequest): Promise<{ ok: true }> {
    return this.call(SignerPatterns.createKey, request);
  }

  revealKey(request: RevealKeyRequest): Promise<RevealKeyResponse> {
    return this.call(SignerPatterns.revealKey, request);
  }

  rotateKey(request: RotateKeyRequest): Promise<{ ok: true }> {
    return this.call(SignerPatterns.rotateKey, request);
  }

  sign(request: SignRequest): Promise<SignResponse> {
    return this.call(SignerPatterns.sign, request);
  }

  /** Many signatures in one round trip; `results[i]` answers `requests[i]` (headers or its own error). */
  signBatch(request: SignBatchRequest): Promise<SignBatchResponse> {
    return this.call(SignerPatterns.signBatch, request);
  }

  async onModuleDestroy(): Promise<void> {
    await this.transport.close();
  }

  private async call<T>(pattern: string, data: object): Promise<T> {
    try {
      return await firstValueFrom(this.transport.send<T>(pattern, data).pipe(timeout(RPC_TIMEOUT_MS)));
    } catch (error) {
      throw toSignerError(pattern, error);
    }
  }
}

function toSignerError(pattern: string, error: unknown): SignerError {
  const body = error as Partial<RpcErrorBody> | undefined;
  if (body?.status === 'error' && body.code && body.message) return new SignerError(body.code, body.message);
  const message = error instanceof Error ? error.message : JSON.stringify(error);
  return new SignerError('unavailable', `signer ${pattern} failed: ${message}`);
}
