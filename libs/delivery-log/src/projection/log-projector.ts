import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppRecord, AttemptRecord, CancelledDelivery, EndpointRecord, LogEvent, MessageRecord } from '@hookstream/contracts';
import { DELIVERY_LOG_CONNECTION } from '../persistence/delivery-log-connection';

/**
 * Applies LOG events to delivery-log's tables. Every statement is idempotent (redelivery) and order-tolerant
 * (an attempt may arrive before its message; an older attempt never overwrites a newer status).
 */
@Injectable()
export class LogProjector {
  constructor(@InjectDataSource(DELIVERY_LOG_CONNECTION) private readonly db: DataSource) {}

  /** Returns false for event types this projection does not keep. */
  async apply(event: LogEvent): Promise<boolean> {
    switch (event.type) {
      case 'app.upserted':
        await this.upsertApp(event.app);
        return true;
      case 'endpoint.upserted':
        await this.upsertEndpoint(event.endpoint);
        return true;
      case 'message.accepted':
        await this.insertMessage(event.message, event.endpointIds);
        return true;
      case 'attempt.made':
        await this.insertAttempt(event.attempt);
        return true;
      case 'delivery.cancelled':
        await this.cancelDelivery(event.delivery);
        return true;
      default:
        return false;
    }
  }

  private async upsertApp(app: AppRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO delivery_log.apps (id, uid, name, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET uid = EXCLUDED.uid, name = EXCLUDED.name, updated_at = EXCLUDED.updated_at
       WHERE delivery_log.apps.updated_at <= EXCLUDED.updated_at`,
      [app.id, app.uid, app.name, app.updatedAt],
    );
  }

  private async upsertEndpoint(endpoint: EndpointRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO delivery_log.endpoints (id, app_id, uid, url, disabled, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET uid = EXCLUDED.uid, url = EXCLUDED.url, disabled = EXCLUDED.disabled,
         updated_at = EXCLUDED.updated_at
       WHERE delivery_log.endpoints.updated_at <= EXCLUDED.updated_at`,
      [endpoint.id, endpoint.appId, endpoint.uid, endpoint.url, endpoint.disabled, endpoint.updatedAt],
    );
  }

  private async insertMessage(message: MessageRecord, endpointIds: string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO delivery_log.messages (id, app_id, event_type, event_id, payload, channels, tags, timestamp)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
        [message.id, message.appId, message.eventType, message.eventId, message.payload, message.channels, message.tags, message.timestamp],
      );
      await tx.query(
        `INSERT INTO delivery_log.deliveries (msg_id, endpoint_id, app_id, status)
         SELECT $1, endpoint_id, $2, 'pending' FROM unnest($3::text[]) AS endpoint_id
         ON CONFLICT (msg_id, endpoint_id) DO NOTHING`,
        [message.id, message.appId, endpointIds],
      );
    });
  }

  private async insertAttempt(attempt: AttemptRecord): Promise<void> {
    const status = attempt.outcome === 'succeeded' ? 'succeeded' : attempt.final ? 'failed' : 'pending';
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO delivery_log.attempts (id, msg_id, app_id, endpoint_id, url, attempt_number, trigger, outcome,
           response_status_code, response, response_duration_ms, error, timestamp)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING`,
        [
          attempt.id, attempt.msgId, attempt.appId, attempt.endpointId, attempt.url, attempt.attemptNumber,
          attempt.trigger, attempt.outcome, attempt.responseStatusCode, attempt.response, attempt.responseDurationMs,
          attempt.error, attempt.timestamp,
        ],
      );
      await tx.query(
        `INSERT INTO delivery_log.deliveries (msg_id, endpoint_id, app_id, status, last_attempt_number, last_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (msg_id, endpoint_id) DO UPDATE SET status = EXCLUDED.status,
           last_attempt_number = EXCLUDED.last_attempt_number, last_attempt_at = EXCLUDED.last_attempt_at
         WHERE delivery_log.deliveries.last_attempt_at IS NULL
            OR delivery_log.deliveries.last_attempt_at <= EXCLUDED.last_attempt_at`,
        [attempt.msgId, attempt.endpointId, attempt.appId, status, attempt.attemptNumber, attempt.timestamp],
      );
    });
  }

  /** Cancellation is final unless the delivery already succeeded. */
  private async cancelDelivery(delivery: CancelledDelivery): Promise<void> {
    await this.db.query(
      `INSERT INTO delivery_log.deliveries (msg_id, endpoint_id, app_id, status, last_attempt_at)
       VALUES ($1, $2, $3, 'cancelled', $4)
       ON CONFLICT (msg_id, endpoint_id) DO UPDATE SET status = 'cancelled', last_attempt_at = EXCLUDED.last_attempt_at
       WHERE delivery_log.deliveries.status <> 'succeeded'`,
      [delivery.msgId, delivery.endpointId, delivery.appId, delivery.timestamp],
    );
  }
}
