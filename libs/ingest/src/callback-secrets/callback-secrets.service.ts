import { Injectable } from '@nestjs/common';
import type { AppId, EndpointSecretRotateInDto, SigningKeyOwner } from '@hookstream/contracts';
import { SignerClient } from '@hookstream/signer-client';
import { translateSignerError } from '../signing/signer-errors';

export function callbackKeyOwner(appId: AppId): SigningKeyOwner {
  return `callback:${appId}`;
}

/**
 * The app's callback secret: it signs the one-off deliveries to an envelope's `callbackUrl`. Created
 * with the app; `ensure` also creates it for apps that predate it (createKey is idempotent in the signer).
 */
@Injectable()
export class CallbackSecretsService {
  constructor(private readonly signer: SignerClient) {}

  async ensure(appId: AppId): Promise<void> {
    await translateSignerError(() => this.signer.createKey({ owner: callbackKeyOwner(appId) }));
  }

  async reveal(appId: AppId): Promise<string> {
    await this.ensure(appId);
    const { key } = await translateSignerError(() => this.signer.revealKey({ owner: callbackKeyOwner(appId) }));
    return key;
  }

  async rotate(appId: AppId, input: EndpointSecretRotateInDto): Promise<void> {
    await this.ensure(appId);
    await translateSignerError(() =>
      this.signer.rotateKey({
        owner: callbackKeyOwner(appId),
        key: input.key ?? undefined,
        keyType: input.keyType,
        graceSeconds: input.graceSeconds,
      }),
    );
  }
}
