import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, type Repository } from 'typeorm';
import { HookstreamConfig } from '@hookstream/platform';
import { generateSecret, isAcceptableSecret, normalizeSecret } from '@hookstream/signing';
import { SecretCipher } from '../encryption/secret-cipher';
import { SigningKeyEntity } from '../persistence/signing-key.entity';
import { rpcError } from './signing-key-errors';

export const SIGNER_CONNECTION = 'signer';

/**
 * Stores secrets sealed with the master key and hands out the unexpired ones, decrypted, newest first.
 * Decrypted secrets are cached per owner; any write for an owner drops its cache entry.
 */
@Injectable()
export class KeyStore {
  private readonly cipher: SecretCipher;
  private readonly cache = new Map<string, { secrets: string[]; validUntil: number }>();

  constructor(
    @InjectRepository(SigningKeyEntity, SIGNER_CONNECTION) private readonly keys: Repository<SigningKeyEntity>,
    config: HookstreamConfig,
  ) {
    this.cipher = new SecretCipher(config.masterKey);
  }

  /** Stores the owner's first secret (given, or generated). Idempotent: an owner that has one keeps it. */
  async create(owner: string, secret?: string): Promise<void> {
    if (secret !== undefined && !isAcceptableSecret(secret)) {
      throw rpcError('invalid', 'secret must be "whsec_" followed by base64 of 24 to 75 bytes');
    }
    const existing = await this.keys.count({ where: { owner } });
    if (existing > 0) return;
    const plaintext = secret === undefined ? generateSecret() : normalizeSecret(secret);
    await this.keys.insert({ owner, sealed: this.cipher.seal(plaintext, owner), masterKeyId: this.cipher.keyId });
    this.cache.delete(owner);
  }

  /** The newest unexpired secret, as the API shows it. */
  async newest(owner: string): Promise<string> {
    const [newest] = await this.active(owner);
    return newest;
  }

  /** Unexpired secrets, newest first; throws not_found when the owner has none. */
  async active(owner: string): Promise<string[]> {
    const now = Date.now();
    const cached = this.cache.get(owner);
    if (cached && cached.validUntil > now) return cached.secrets;
    const rows = await this.keys.find({
      where: [
        { owner, expiresAt: IsNull() },
        { owner, expiresAt: MoreThan(new Date(now)) },
      ],
      order: { createdAt: 'DESC' },
    });
    if (rows.length === 0) throw rpcError('not_found', `no signing secret for ${owner}`);
    const secrets = rows.map((row) => this.cipher.open(row.sealed, owner));
    const nextExpiry = Math.min(...rows.map((row) => row.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY));
    this.cache.set(owner, { secrets, validUntil: nextExpiry });
    return secrets;
  }
}
