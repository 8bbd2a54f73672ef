import type { AppId } from '@hookstream/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ schema: 'ingest', name: 'applications' })
export class ApplicationEntity {
  @PrimaryColumn('text')
  id: AppId;

  @Column('text', { nullable: true, unique: true })
  uid: string | null;

  @Column('text')
  name: string;

  @Column('int', { name: 'rate_limit', nullable: true })
  rateLimit: number | null;

  @Column('jsonb', { default: {} })
  metadata: Record<string, string>;

  /** App-wide default retry schedule in seconds; null = Hookstream's default. */
  @Column('jsonb', { name: 'retry_schedule', nullable: true })
  retrySchedule: number[] | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
