import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Svix event type; `schemas` maps a version ("1") to a JSON Schema that payloads of this type must satisfy. */
@Entity({ schema: 'ingest', name: 'event_types' })
export class EventTypeEntity {
  @PrimaryColumn('text')
  name: string;

  @Column('text', { default: '' })
  description: string;

  @Column('boolean', { default: false })
  archived: boolean;

  @Column('boolean', { default: false })
  deprecated: boolean;

  @Column('jsonb', { nullable: true })
  schemas: Record<string, Record<string, unknown>> | null;

  @Column('text', { name: 'feature_flag', nullable: true })
  featureFlag: string | null;

  @Column('text', { name: 'group_name', nullable: true })
  groupName: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
