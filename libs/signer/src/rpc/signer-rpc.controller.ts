import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import {
  SignerPatterns,
  type CreateKeyRequest,
  type RevealKeyRequest,
  type RevealKeyResponse,
  type RotateKeyRequest,
  type RpcErrorBody,
  type SignBatchItem,
  type SignBatchRequest,
  type SignBatchResponse,
  type SignRequest,
  type SignResponse,
} from '@hookstream/contracts';
import { displayedKey, signatureHeadersWithKeys } from '@hookstream/signing';
import { KeyStore } from '../keys/key-store';
import { rpcError } from '../keys/signing-key-errors';
import { SignerRpcErrorFilter } from './signer-rpc-error.filter';

/**
 * The signer's NATS request/reply API. Secrets leave this service only through `revealKey` (the API's secret
 * GET), and for ed25519 keys not even then: only the public key is shown.
 */
@Controller()
@UseFilters(SignerRpcErrorFilter)
export class SignerRpcController {
  constructor(private readonly keys: KeyStore) {}

  @MessagePattern(SignerPatterns.createKey)
  async createKey(@Payload() request: CreateKeyRequest): Promise<{ ok: true }> {
    await this.keys.create(request.owner, request.secret, request.keyType);
    return { ok: true };
  }

  @MessagePattern(SignerPatterns.rotateKey)
  async rotateKey(@Payload() request: RotateKeyRequest): Promise<{ ok: true }> {
    if (request.graceSeconds !== undefined && !(request.graceSeconds >= 0)) {
      throw rpcError('invalid', 'graceSeconds must be a number of seconds ≥ 0');
    }
    await this.keys.rotate(request);
    return { ok: true };
  }

  @MessagePattern(SignerPatterns.revealKey)
  async revealKey(@Payload() request: RevealKeyRequest): Promise<RevealKeyResponse> {
    const newest = await this.keys.newest(request.owner);
    return { key: displayedKey(newest), keyType: newest.type };
  }

  @MessagePattern(SignerPatterns.sign)
  async sign(@Payload() request: SignRequest): Promise<SignResponse> {
    return { headers: await this.signOne(request) };
  }

  /** Many signatures in one round trip (the dispatcher's batches); one failing request fails only its item. */
  @MessagePattern(SignerPatterns.signBatch)
  async signBatch(@Payload() batch: SignBatchRequest): Promise<SignBatchResponse> {
    await this.keys.preload(batch.requests.map((request) => request.owner));
    const results = await Promise.all(
      batch.requests.map(async (request): Promise<SignBatchItem> => {
        try {
          return { headers: await this.signOne(request) };
        } catch (error) {
          return { error: toErrorBody(error) };
        }
      }),
    );
    return { results };
  }

  private async signOne(request: SignRequest): Promise<Record<string, string>> {
    const keys = await this.keys.active(request.owner);
    try {
      return signatureHeadersWithKeys({ ...request, keys });
    } catch (error) {
      throw rpcError('invalid', `cannot sign ${request.msgId} for ${request.owner}: ${(error as Error).message}`);
    }
  }
}

function toErrorBody(error: unknown): RpcErrorBody {
  if (error instanceof RpcException) {
    const body = error.getError() as RpcErrorBody;
    if (typeof body === 'object' && body.status === 'error') return body;
  }
  return { status: 'error', code: 'internal', message: 'signing failed' };
}
