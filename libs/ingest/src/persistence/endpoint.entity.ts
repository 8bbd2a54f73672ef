import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AppId, DisabledReason, EndpointId, SignatureProfile } from '@hookstream/contracts';

@Entity({ schema: 'ingest', name: 'endpoints' })
@Index(['appId', 'uid'], { unique: true })
export class EndpointEntity {
  @PrimaryColumn('text')
  id: EndpointId;

  @Column('text', { name: 'app_id' })
  appId: AppId;

  @Column('text', { nullable: true })
  uid: string | null;

  @Column('text')
  url: string;

  @Column('text', { default: '' })
  description: string;

  @Column('int', { default: 1 })
  version: number;

  @Column('boolean', { default: false })
  disabled: boolean;

  /** Null while enabled, and for endpoints disabled before reasons were kept. */
  @Column('text', { name: 'disabled_reason', nullable: true })
  disabledReason: DisabledReason | null;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt: Date | null;

  @Column('text', { name: 'filter_types', array: true, nullable: true })
  filterTypes: string[] | null;

  @Column('text', { array: true, nullable: true })
  channels: string[] | null;

  @Column('int', { name: 'rate_limit', nullable: true })
  rateLimit: number | null;

  @Column('jsonb', { default: {} })
  metadata: Record<string, string>;

  /** Custom headers sent with every delivery. */
  @Column('jsonb', { default: {} })
  headers: Record<string, string>;

  @Column('jsonb', { name: 'retry_schedule', nullable: true })
  retrySchedule: number[] | null;

  @Column('int', { name: 'timeout_ms', nullable: true })
  timeoutMs: number | null;

  @Column('jsonb', { name: 'signature_profiles', default: [] })
  signatureProfiles: SignatureProfile[];

  @Column('int', { name: 'max_concurrency', nullable: true })
  maxConcurrency: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
