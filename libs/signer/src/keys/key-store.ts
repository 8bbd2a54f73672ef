import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, MoreThan, type EntityManager, type Repository } from 'typeorm';
import type { SigningKeyOwner, SigningKeyType } from '@hookstream/contracts';
import { secretOf, HookstreamConfig } from '@hookstream/platform';
import { acceptUserSecret, generateEd25519Secret, generateSecret, parseSigningKey, type SigningKey } from '@hookstream/signing';
import { MasterKeyring } from '../encryption/master-keyring';
import { SigningKeyEntity } from '../persistence/signing-key.entity';
import { KeyCache } from './key-cache';
import { KeyChangeBus } from './key-change-bus';
import { rpcError } from './signing-key-errors';

export const SIGNER_CONNECTION = 'signer';
/** Old keys still signing after rotations; the oldest beyond this expire at once (Svix keeps 5 and refuses). */
export const MAX_OLD_KEYS = 10;
const INVALID_SECRET = 'secret must be "whsec_" followed by base64 of 24 to 75 bytes, or "whsk_" followed by base64 of a 64-byte ed25519 key';

export interface RotateKeyCommand {
  owner: SigningKeyOwner;
  key?: string;
  keyType?: SigningKeyType;
  graceSeconds?: number;
}

/**
 * Stores secrets sealed with the master key and hands out the unexpired ones, decrypted and parsed, newest
 * first. Parsed keys are cached per owner until the next expiry or any write for that owner (on any replica).
 */
@Injectable()
export class KeyStore {
  private readonly keyring: MasterKeyring;

  constructor(
    @InjectRepository(SigningKeyEntity, SIGNER_CONNECTION) private readonly keys: Repository<SigningKeyEntity>,
    private readonly config: HookstreamConfig,
    private readonly cache: KeyCache,
    private readonly changes: KeyChangeBus,
  ) {
    const masterKeys = secretOf(config, 'masterKeys');
    this.keyring = new MasterKeyring(masterKeys.current, masterKeys.previous);
  }

  /** Stores the owner's first secret (given, or generated). Idempotent: an owner that has one keeps it. */
  async create(owner: SigningKeyOwner, secret?: string, keyType: SigningKeyType = 'hmac-sha256'): Promise<void> {
    const plaintext = this.newSecret(secret, keyType);
    const created = await this.keys.manager.transaction(async (tx) => {
      await lockOwner(tx, owner);
      if ((await tx.count(SigningKeyEntity, { where: { owner } })) > 0) return false;
      await tx.insert(SigningKeyEntity, this.sealedRow(owner, plaintext));
      return true;
    });
    if (created) this.changes.changed(owner);
  }

  /**
   * Makes a new key the newest. Keys without an expiry get `now + grace`; beyond MAX_OLD_KEYS unexpired old
   * keys, the oldest expire now. A generated key has the current key's type unless `keyType` says otherwise.
   */
  async rotate(command: RotateKeyCommand): Promise<void> {
    const { owner } = command;
    const [current] = await this.active(owner);
    const plaintext = this.newSecret(command.key, command.keyType ?? current.type);
    const graceMs = (command.graceSeconds ?? this.config.rotationGraceSeconds) * 1000;
    await this.keys.manager.transaction(async (tx) => {
      await lockOwner(tx, owner);
      const now = new Date();
      await tx.update(SigningKeyEntity, { owner, expiresAt: IsNull() }, { expiresAt: new Date(now.getTime() + graceMs) });
      await tx.query(
        `UPDATE signer.signing_keys SET expires_at = $2 WHERE id IN (
           SELECT id FROM signer.signing_keys WHERE owner = $1 AND expires_at > $2
           ORDER BY created_at DESC OFFSET ${MAX_OLD_KEYS})`,
        [owner, now],
      );
      await tx.insert(SigningKeyEntity, this.sealedRow(owner, plaintext));
    });
    this.changes.changed(owner);
  }

  /** The newest unexpired key. */
  async newest(owner: SigningKeyOwner): Promise<SigningKey> {
    const [newest] = await this.active(owner);
    return newest;
  }

  /** Unexpired keys, newest first; throws not_found when the owner has none. */
  async active(owner: SigningKeyOwner): Promise<SigningKey[]> {
    const now = Date.now();
    const cached = this.cache.get(owner, now);
    if (cached) return cached;
    const rows = await this.unexpiredRows([owner], now);
    if (rows.length === 0) throw rpcError('not_found', `no signing secret for ${owner}`);
    return this.remember(owner, rows);
  }

  /**
   * Loads the keys of every owner not in the cache in one query (a batch for a fan-out names thousands of
   * endpoints the signer has not seen yet); owners without keys are left for `active` to refuse.
   */
  async preload(owners: SigningKeyOwner[]): Promise<void> {
    const now = Date.now();
    const missing = [...new Set(owners)].filter((owner) => !this.cache.get(owner, now));
    if (missing.length < 2) return;
    const byOwner = new Map<string, SigningKeyEntity[]>();
    for (const row of await this.unexpiredRows(missing, now)) {
      const rows = byOwner.get(row.owner) ?? [];
      rows.push(row);
      byOwner.set(row.owner, rows);
    }
    for (const [owner, rows] of byOwner) this.remember(owner, rows);
  }

  /** Newest first. */
  private unexpiredRows(owners: SigningKeyOwner[], now: number): Promise<SigningKeyEntity[]> {
    return this.keys.find({
      where: [
        { owner: In(owners), expiresAt: IsNull() },
        { owner: In(owners), expiresAt: MoreThan(new Date(now)) },
      ],
      order: { createdAt: 'DESC' },
    });
  }

  private remember(owner: string, rows: SigningKeyEntity[]): SigningKey[] {
    const keys = rows.map((row) => parseSigningKey(this.keyring.open(row.sealed, owner, row.masterKeyId)));
    const nextExpiry = Math.min(...rows.map((row) => row.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY));
    this.cache.set(owner, keys, nextExpiry);
    return keys;
  }

  private newSecret(secret: string | undefined, keyType: SigningKeyType): string {
    if (secret === undefined) return keyType === 'ed25519' ? generateEd25519Secret() : generateSecret();
    const accepted = acceptUserSecret(secret);
    if (accepted === null) throw rpcError('invalid', INVALID_SECRET);
    return accepted;
  }

  private sealedRow(owner: string, plaintext: string): Pick<SigningKeyEntity, 'owner' | 'sealed' | 'masterKeyId'> {
    return { owner, sealed: this.keyring.current.seal(plaintext, owner), masterKeyId: this.keyring.current.keyId };
  }
}

/** Serialises writes per owner (create racing create, rotate racing rotate) for the transaction's length. */
async function lockOwner(tx: EntityManager, owner: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('signer.signing_keys'), hashtext($1))`, [owner]);
}
