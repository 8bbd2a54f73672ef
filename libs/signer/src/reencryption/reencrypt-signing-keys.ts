import type { DataSource } from 'typeorm';
import { SecretCipher } from '../encryption/secret-cipher';

interface SealedRow {
  id: string;
  owner: string;
  sealed: Buffer;
}

/**
 * Reseals every signing key sealed with `oldKey` under `newKey`, in one transaction (rows locked), and returns
 * how many it resealed. Idempotent: rows already under `newKey` are left alone, so a rerun after a crash is safe.
 * The signer runs it at start-up when HOOKSTREAM_MASTER_KEY_PREVIOUS is set; it can also be called on its own.
 */
export async function reencryptSigningKeys(dataSource: DataSource, oldKey: Buffer, newKey: Buffer): Promise<number> {
  const from = new SecretCipher(oldKey);
  const to = new SecretCipher(newKey);
  if (from.keyId === to.keyId) return 0;
  return dataSource.transaction(async (tx) => {
    const rows: SealedRow[] = await tx.query(
      'SELECT id, owner, sealed FROM signer.signing_keys WHERE master_key_id = $1 FOR UPDATE',
      [from.keyId],
    );
    for (const row of rows) {
      let plaintext: string;
      try {
        plaintext = from.open(row.sealed, row.owner);
      } catch {
        throw new Error(`re-encryption: signing key ${row.id} of ${row.owner} does not open with master key ${from.keyId}`);
      }
      await tx.query('UPDATE signer.signing_keys SET sealed = $2, master_key_id = $3 WHERE id = $1', [
        row.id,
        to.seal(plaintext, row.owner),
        to.keyId,
      ]);
    }
    return rows.length;
  });
}
