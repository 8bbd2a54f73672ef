import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  SignerPatterns,
  type CreateKeyRequest,
  type RevealKeyRequest,
  type RevealKeyResponse,
  type SignRequest,
  type SignResponse,
} from '@hookstream/contracts';
import { signatureHeaders } from '@hookstream/signing';
import { KeyStore } from '../keys/key-store';

/** The signer's NATS request/reply API. Secrets leave this service only through `revealKey` (the API's secret GET). */
@Controller()
export class SignerRpcController {
  constructor(private readonly keys: KeyStore) {}

  @MessagePattern(SignerPatterns.createKey)
  async createKey(@Payload() request: CreateKeyRequest): Promise<{ ok: true }> {
    await this.keys.create(request.owner, request.secret);
    return { ok: true };
  }

  @MessagePattern(SignerPatterns.revealKey)
  async revealKey(@Payload() request: RevealKeyRequest): Promise<RevealKeyResponse> {
    return { key: await this.keys.newest(request.owner) };
  }

  @MessagePattern(SignerPatterns.sign)
  async sign(@Payload() request: SignRequest): Promise<SignResponse> {
    const secrets = await this.keys.active(request.owner);
    return { headers: signatureHeaders({ ...request, secrets }) };
  }
}
