import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A signing secret, encrypted at rest. Only the signer reads or writes this table. */
@Entity({ schema: 'signer', name: 'signing_keys' })
@Index(['owner', 'createdAt'])
export class SigningKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `ep_…` for an endpoint's secret, `callback:app_…` for an app's callback secret. */
  @Column('text')
  owner: string;

  /** iv (12 bytes) | auth tag (16 bytes) | AES-256-GCM ciphertext, with the owner as additional data. */
  @Column('bytea')
  sealed: Buffer;

  /** Which master key sealed it (first 8 bytes of its SHA-256, hex), so re-encryption can find old rows. */
  @Column('text', { name: 'master_key_id' })
  masterKeyId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Set when a rotation retires the key; it keeps signing until then (grace period). */
  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt: Date | null;
}
