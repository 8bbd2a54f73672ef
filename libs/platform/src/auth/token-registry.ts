import { createPublicKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { HookstreamConfig } from '../config/hookstream-config';
import { NatsClients } from '../messaging/nats-clients';
import { WatchedBucket } from '../messaging/watched-bucket';
import { APP_TOKEN_MAX_SECONDS, tokenKeyId, type AppTokenClaims } from './app-token';

/** A revocation outlives every token it can concern. */
const REVOCATION_TTL_MS = (APP_TOKEN_MAX_SECONDS + 3600) * 1000;

/**
 * What every service needs to check app tokens, shared through two KV buckets: the issuer's public keys
 * (`<P>_TOKEN_KEYS`, by key id) and revocations (`<P>_TOKEN_REVOCATIONS`: `token.<jti>` on logout, `app.<appId>`
 * when the app is deleted). Both are held in memory and followed by watches, so checking a token costs no I/O.
 */
@Injectable()
export class TokenRegistry {
  private opening: Promise<{ keys: WatchedBucket; revocations: WatchedBucket }> | null = null;
  private readonly publicKeys = new Map<string, KeyObject>();

  constructor(
    @Inject(NatsClients) private readonly nats: NatsClients,
    private readonly config: HookstreamConfig,
  ) {}

  /** Loads both buckets; until then no app token verifies. */
  open(): Promise<{ keys: WatchedBucket; revocations: WatchedBucket }> {
    this.opening ??= Promise.all([
      WatchedBucket.open(this.nats, 'TOKEN_KEYS', { replicas: this.config.streamReplicas }),
      WatchedBucket.open(this.nats, 'TOKEN_REVOCATIONS', { replicas: this.config.streamReplicas, ttl: REVOCATION_TTL_MS }),
    ]).then(([keys, revocations]) => ({ keys, revocations }));
    return this.opening;
  }

  /** The public key a token names, if the issuer published it (and has not withdrawn it). */
  publicKey(kid: string, keys: WatchedBucket): KeyObject | undefined {
    const der = keys.get(kid);
    if (!der) return undefined;
    let key = this.publicKeys.get(kid);
    if (!key) {
      key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
      this.publicKeys.set(kid, key);
    }
    return key;
  }

  isRevoked(claims: AppTokenClaims, revocations: WatchedBucket): boolean {
    if (revocations.get(`token.${claims.jti}`)) return true;
    const appRevokedAt = revocations.get(`app.${claims.app}`);
    return appRevokedAt !== undefined && Number(Buffer.from(appRevokedAt).toString()) >= claims.iat;
  }

  /**
   * The issuer's keys become the only ones that verify: the current key signs new tokens, the previous key's
   * tokens keep working until they expire or the previous key is dropped from the configuration.
   */
  async publishSigningKeys(signingKeys: KeyObject[]): Promise<void> {
    const { keys } = await this.open();
    const published = new Set<string>();
    for (const key of signingKeys) {
      const kid = tokenKeyId(key);
      published.add(kid);
      if (!keys.get(kid)) await keys.put(kid, createPublicKey(key).export({ format: 'der', type: 'spki' }));
    }
    for (const kid of [...keys.keys()]) {
      if (!published.has(kid)) await keys.delete(kid);
    }
  }

  /** Logout: this token stops working on every replica. */
  async revokeToken(claims: AppTokenClaims): Promise<void> {
    const { revocations } = await this.open();
    await revocations.put(`token.${claims.jti}`, nowText());
  }

  /** The app is deleted: every token issued for it so far stops working. */
  async revokeApp(appId: string): Promise<void> {
    const { revocations } = await this.open();
    await revocations.put(`app.${appId}`, nowText());
  }
}

function nowText(): Uint8Array {
  return Buffer.from(String(Math.floor(Date.now() / 1000)));
}
