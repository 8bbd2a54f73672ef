import type { AppId, MessageId } from '@hookstream/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Ingest's record of an accepted message: enough to deduplicate by (app, eventId) for longer than JetStream's
 * dedup window and to know whether its delivery tasks went out. The payload itself travels in the
 * `message.accepted` log event; delivery-log's projection is where the API reads it.
 */
@Entity({ schema: 'ingest', name: 'messages' })
@Index(['appId', 'eventId'], { unique: true })
export class MessageEntity {
  @PrimaryColumn('text')
  id: MessageId;

  @Column('text', { name: 'app_id' })
  appId: AppId;

  @Column('text', { name: 'event_id', nullable: true })
  eventId: string | null;

  @Column('text', { name: 'event_type' })
  eventType: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Set once every delivery task and the log event are published. */
  @Column('timestamptz', { name: 'dispatched_at', nullable: true })
  dispatchedAt: Date | null;
}
