import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A platform subject mapped to an event type; app id, event id and payload are read by JSON pointer. */
@Entity({ schema: 'ingest', name: 'bindings' })
export class BindingEntity {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  subject: string;

  @Column('text', { name: 'event_type' })
  eventType: string;

  @Column('text', { name: 'app_id_pointer' })
  appIdPointer: string;

  @Column('text', { name: 'event_id_pointer', nullable: true })
  eventIdPointer: string | null;

  @Column('text', { name: 'payload_pointer', default: '' })
  payloadPointer: string;

  @Column('text', { default: '' })
  description: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
