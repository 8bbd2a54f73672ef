import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type {
  AppRecord,
  AttemptRecord,
  CancelledDelivery,
  ExpungedContent,
  LogEvent,
  MessageRecord,
  SendingDelivery,
} from '@hookstream/contracts';
import { DELIVERY_LOG_CONNECTION } from '../persistence/delivery-log-connection';
import { attemptStatus } from './delivery-status';
import { projectCircuitChange, upsertEndpoint } from './endpoint-health-projection';

/**
 * Applies LOG events to delivery-log's tables. Every statement is idempotent (redelivery) and order-tolerant:
 * a delivery's status is the one of its newest event by timestamp (an older attempt never overwrites a newer
 * status), except that a success beats a cancellation whatever their order; `last_attempt_number` and
 * `sending_attempt_number` only grow. So applying a set of events in any order, any number of times, ends in
 * the same rows (`log-projector.spec.ts` checks it).
 */
@Injectable()
export class LogProjector {
  constructor(@InjectDataSource(DELIVERY_LOG_CONNECTION) private readonly dataSource: DataSource) {}

  /** Returns false for event types this projection does not keep. `db` lets a rebuild run in its transaction. */
  async apply(event: LogEvent, db: EntityManager = this.dataSource.manager): Promise<boolean> {
    switch (event.type) {
      case 'app.upserted':
        await this.upsertApp(db, event.app);
        return true;
      case 'endpoint.upserted':
        await upsertEndpoint(db, event.endpoint);
        return true;
      case 'endpoint.circuit.changed':
        await projectCircuitChange(db, event.circuit);
        return true;
      case 'message.accepted':
        await this.insertMessage(db, event.message, event.endpointIds);
        return true;
      case 'attempt.made':
        await this.insertAttempt(db, event.attempt);
        return true;
      case 'delivery.cancelled':
        await this.cancelDelivery(db, event.delivery);
        return true;
      case 'delivery.sending':
        await this.markSending(db, event.delivery);
        return true;
      case 'message.content.expunged':
        await this.expungeMessage(db, event.content);
        return true;
      case 'attempt.content.expunged':
        await db.query(`UPDATE delivery_log.attempts SET response = '', error = NULL WHERE id = $1`, [event.content.attemptId]);
        return true;
      default:
        return false;
    }
  }

  private async upsertApp(db: EntityManager, app: AppRecord): Promise<void> {
    await db.query(
      `INSERT INTO delivery_log.apps (id, uid, name, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET uid = EXCLUDED.uid, name = EXCLUDED.name, updated_at = EXCLUDED.updated_at
       WHERE delivery_log.apps.updated_at <= EXCLUDED.updated_at`,
      [app.id, app.uid, app.name, app.updatedAt],
    );
  }

  private async insertMessage(db: EntityManager, message: MessageRecord, endpointIds: string[]): Promise<void> {
    await db.query(
      `WITH message AS (
         INSERT INTO delivery_log.messages (id, app_id, event_type, event_id, payload, channels, tags, timestamp)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING
       )
       INSERT INTO delivery_log.deliveries (msg_id, endpoint_id, app_id, status)
       SELECT $1, endpoint_id, $2, 'pending' FROM unnest($9::text[]) AS endpoint_id
       ON CONFLICT (msg_id, endpoint_id) DO NOTHING`,
      [
        message.id, message.appId, message.eventType, message.eventId, JSON.stringify(message.payload),
        message.channels, message.tags, message.timestamp, endpointIds,
      ],
    );
  }

  private async insertAttempt(db: EntityManager, attempt: AttemptRecord): Promise<void> {
    await db.query(
      `WITH attempt AS (
         INSERT INTO delivery_log.attempts (id, msg_id, app_id, endpoint_id, url, attempt_number, trigger, outcome,
           response_status_code, response, response_duration_ms, error, timestamp)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING
       )
       INSERT INTO delivery_log.deliveries AS d (msg_id, endpoint_id, app_id, status, last_attempt_number, last_attempt_at)
       VALUES ($2, $4, $3, $14, $6, $13)
       ON CONFLICT (msg_id, endpoint_id) DO UPDATE SET
         last_attempt_number = GREATEST(d.last_attempt_number, EXCLUDED.last_attempt_number),
         status = CASE
           WHEN NOT (d.last_attempt_at IS NULL OR d.last_attempt_at <= EXCLUDED.last_attempt_at
                     OR (EXCLUDED.status = 'succeeded' AND d.status = 'cancelled')) THEN d.status
           WHEN EXCLUDED.status = 'pending' AND d.sending_attempt_number > EXCLUDED.last_attempt_number THEN 'sending'
           ELSE EXCLUDED.status END,
         last_attempt_at = CASE
           WHEN d.last_attempt_at IS NULL OR d.last_attempt_at <= EXCLUDED.last_attempt_at
                OR (EXCLUDED.status = 'succeeded' AND d.status = 'cancelled') THEN EXCLUDED.last_attempt_at
           ELSE d.last_attempt_at END`,
      [
        attempt.id, attempt.msgId, attempt.appId, attempt.endpointId, attempt.url, attempt.attemptNumber,
        attempt.trigger, attempt.outcome, attempt.responseStatusCode, attempt.response, attempt.responseDurationMs,
        attempt.error, attempt.timestamp, attemptStatus(attempt),
      ],
    );
  }

  /** A cancellation newer than the last attempt wins, unless the delivery succeeded. */
  private async cancelDelivery(db: EntityManager, delivery: CancelledDelivery): Promise<void> {
    await db.query(
      `INSERT INTO delivery_log.deliveries AS d (msg_id, endpoint_id, app_id, status, last_attempt_at)
       VALUES ($1, $2, $3, 'cancelled', $4)
       ON CONFLICT (msg_id, endpoint_id) DO UPDATE SET status = 'cancelled', last_attempt_at = EXCLUDED.last_attempt_at
       WHERE d.status <> 'succeeded' AND (d.last_attempt_at IS NULL OR d.last_attempt_at <= EXCLUDED.last_attempt_at)`,
      [delivery.msgId, delivery.endpointId, delivery.appId, delivery.timestamp],
    );
  }

  /** `sending` until an attempt at least this new is recorded; never leaves a final status. */
  private async markSending(db: EntityManager, delivery: SendingDelivery): Promise<void> {
    await db.query(
      `INSERT INTO delivery_log.deliveries AS d (msg_id, endpoint_id, app_id, status, sending_attempt_number)
       VALUES ($1, $2, $3, 'sending', $4)
       ON CONFLICT (msg_id, endpoint_id) DO UPDATE SET
         sending_attempt_number = GREATEST(d.sending_attempt_number, EXCLUDED.sending_attempt_number),
         status = CASE WHEN d.status IN ('pending', 'sending') AND d.last_attempt_number < EXCLUDED.sending_attempt_number
                       THEN 'sending' ELSE d.status END`,
      [delivery.msgId, delivery.endpointId, delivery.appId, delivery.attemptNumber],
    );
  }

  private async expungeMessage(db: EntityManager, content: ExpungedContent): Promise<void> {
    await db.query('UPDATE delivery_log.messages SET payload = NULL WHERE id = $1 AND app_id = $2', [content.msgId, content.appId]);
  }
}
