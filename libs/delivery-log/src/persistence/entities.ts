import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AppId, AttemptId, AttemptOutcome, AttemptTrigger, CircuitState, DisabledReason, EndpointId, MessageId } from '@hookstream/contracts';

// Projections of the LOG stream. They hold nothing that replaying the stream cannot rebuild.

@Entity({ schema: 'delivery_log', name: 'apps' })
export class AppProjection {
  @PrimaryColumn('text')
  id: AppId;

  @Column('text', { nullable: true })
  uid: string | null;

  @Column('text')
  name: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

@Entity({ schema: 'delivery_log', name: 'endpoints' })
export class EndpointProjection {
  @PrimaryColumn('text')
  id: EndpointId;

  @Column('text', { name: 'app_id' })
  appId: AppId;

  @Column('text', { nullable: true })
  uid: string | null;

  @Column('text')
  url: string;

  @Column('boolean')
  disabled: boolean;

  @Column('text', { name: 'disabled_reason', nullable: true })
  disabledReason: DisabledReason | null;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt: Date | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

/** The latest circuit change any dispatcher replica reported for an endpoint (`endpoint.circuit.changed`). */
@Entity({ schema: 'delivery_log', name: 'endpoint_circuits' })
export class EndpointCircuitProjection {
  @PrimaryColumn('text', { name: 'endpoint_id' })
  endpointId: EndpointId;

  @Column('text', { name: 'app_id' })
  appId: AppId;

  @Column('text')
  state: CircuitState;

  @Column('text', { name: 'replica_id' })
  replicaId: string;

  @Column('timestamptz')
  since: Date;
}

@Entity({ schema: 'delivery_log', name: 'messages' })
@Index(['appId', 'id'])
export class MessageProjection {
  @PrimaryColumn('text')
  id: MessageId;

  @Column('text', { name: 'app_id' })
  appId: AppId;

  @Column('text', { name: 'event_type' })
  eventType: string;

  @Column('text', { name: 'event_id', nullable: true })
  eventId: string | null;

  /** `json`, not `jsonb`: keeps the key order, so a resend POSTs the bytes the first delivery did. Null once expunged. */
  @Column('json', { nullable: true })
  payload: Record<string, unknown> | null;

  @Column('text', { array: true, nullable: true })
  channels: string[] | null;

  @Column('text', { array: true, nullable: true })
  tags: string[] | null;

  @Column('timestamptz')
  timestamp: Date;
}

@Entity({ schema: 'delivery_log', name: 'attempts' })
@Index(['msgId', 'id'])
@Index(['endpointId', 'id'])
export class AttemptProjection {
  @PrimaryColumn('text')
  id: AttemptId;

  @Column('text', { name: 'msg_id' })
  msgId: MessageId;

  @Column('text', { name: 'app_id' })
  appId: AppId;

  @Column('text', { name: 'endpoint_id' })
  endpointId: EndpointId;

  @Column('text')
  url: string;

  @Column('int', { name: 'attempt_number' })
  attemptNumber: number;

  @Column('text')
  trigger: AttemptTrigger;

  @Column('text')
  outcome: AttemptOutcome;

  @Column('int', { name: 'response_status_code' })
  responseStatusCode: number;

  @Column('text')
  response: string;

  @Column('int', { name: 'response_duration_ms' })
  responseDurationMs: number;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('timestamptz')
  timestamp: Date;
}

export type DeliveryStatus = 'pending' | 'sending' | 'succeeded' | 'failed' | 'cancelled';

/** Status of one (message, endpoint) delivery. */
@Entity({ schema: 'delivery_log', name: 'deliveries' })
export class DeliveryProjection {
  @PrimaryColumn('text', { name: 'msg_id' })
  msgId: MessageId;

  @PrimaryColumn('text', { name: 'endpoint_id' })
  endpointId: EndpointId;

  @Column('text', { name: 'app_id' })
  appId: AppId;

  @Column('text')
  status: DeliveryStatus;

  /** Highest attempt number seen; older events never overwrite newer state. */
  @Column('int', { name: 'last_attempt_number', default: 0 })
  lastAttemptNumber: number;

  @Column('timestamptz', { name: 'last_attempt_at', nullable: true })
  lastAttemptAt: Date | null;

  /** Attempt announced by `delivery.sending`; the status is `sending` until an attempt this new is recorded. */
  @Column('int', { name: 'sending_attempt_number', default: 0 })
  sendingAttemptNumber: number;
}

export type BackgroundTaskStatus = 'running' | 'finished' | 'failed';

/** Svix background tasks (endpoint recover). Not a projection: a rebuild keeps them. */
@Entity({ schema: 'delivery_log', name: 'background_tasks' })
export class BackgroundTaskRecord {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  task: string;

  @Column('text')
  status: BackgroundTaskStatus;

  @Column('text', { name: 'app_id' })
  appId: AppId;

  @Column('jsonb')
  data: Record<string, unknown>;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

@Entity({ schema: 'delivery_log', name: 'dead_letters' })
export class DeadLetterProjection {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  consumer: string;

  @Column('text')
  stream: string;

  @Column('bigint', { name: 'stream_seq' })
  streamSeq: string;

  @Column('text')
  subject: string;

  @Column('text', { name: 'app_id', nullable: true })
  appId: AppId | null;

  @Column('integer')
  deliveries: number;

  @Column('text')
  reason: string;

  @Column('text')
  excerpt: string;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt: Date;
}
