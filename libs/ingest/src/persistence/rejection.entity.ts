import type { AppId, RejectionCode } from '@hookstream/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An envelope ingest refused, with its reason (listed by the API, published on `<prefix>.rejected.<app>`). */
@Entity({ schema: 'ingest', name: 'rejections' })
export class RejectionEntity {
  @PrimaryColumn('text')
  id: string;

  /** Null when the addressed app does not exist. */
  @Column('text', { name: 'app_id', nullable: true })
  appId: AppId | null;

  @Column('text', { name: 'app_ref' })
  appRef: string;

  @Column('text')
  subject: string;

  @Column('text')
  code: RejectionCode;

  @Column('text')
  reason: string;

  @Column('text')
  excerpt: string;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt: Date;
}
