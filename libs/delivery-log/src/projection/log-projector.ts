import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  attemptUrl,
  type AppRecord,
  type DeadLetterRecord,
  type AttemptRecord,
  type CancelledDelivery,
  type ExpungedContent,
  type LogEvent,
  type MessageRecord,
  type SendingDelivery,
} from '@hookstream/contracts';
import { PreparedStatement } from '@hookstream/platform';
import { DELIVERY_LOG_CONNECTION } from '../persistence/delivery-log-connection';
import { attemptStatus } from './delivery-status';
import { projectCircuitChange, upsertEndpoint } from './endpoint-health-projection';

const INSERT_MESSAGES = new PreparedStatement(
  'delivery_log.messages.insert',
  `WITH input AS (
     SELECT * FROM json_to_recordset($1::json) AS t(id text, app_id text, event_type text, event_id text, payload json,
                                                    channels text[], tags text[], timestamp timestamptz, endpoint_ids text[])
   ), message AS (
     INSERT INTO delivery_log.messages (id, app_id, event_type, event_id, payload, channels, tags, timestamp)
     SELECT id, app_id, event_type, event_id, payload, channels, tags, timestamp FROM input ON CONFLICT (id) DO NOTHING
   )
   INSERT INTO delivery_log.deliveries (msg_id, endpoint_id, app_id, status)
   SELECT input.id, endpoint_id, input.app_id, 'pending' FROM input, unnest(input.endpoint_ids) AS endpoint_id
   ON CONFLICT (msg_id, endpoint_id) DO NOTHING`,
);

const INSERT_ATTEMPTS = new PreparedStatement(
  'delivery_log.attempts.insert',
  `WITH input AS (
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[],
                          $9::int[], $10::text[], $11::int[], $12::text[], $13::timestamptz[], $14::text[])
       AS t(id, msg_id, app_id, endpoint_id, url, attempt_number, trigger, outcome, response_status_code, response,
            response_duration_ms, error, timestamp, status)
   ), attempt AS (
     INSERT INTO delivery_log.attempts (id, msg_id, app_id, endpoint_id, url, attempt_number, trigger, outcome,
       response_status_code, response, response_duration_ms, error, timestamp)
     SELECT id, msg_id, app_id, endpoint_id, url, attempt_number, trigger, outcome, response_status_code, response,
       response_duration_ms, error, timestamp FROM input
     ON CONFLICT (id) DO NOTHING
   )
   INSERT INTO delivery_log.deliveries AS d (msg_id, endpoint_id, app_id, status, last_attempt_number, last_attempt_at)
   SELECT msg_id, endpoint_id, app_id, status, attempt_number, timestamp FROM input ORDER BY msg_id, endpoint_id
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
);

const MARK_SENDING = new PreparedStatement(
  'delivery_log.deliveries.mark-sending',
  `INSERT INTO delivery_log.deliveries AS d (msg_id, endpoint_id, app_id, status, sending_attempt_number)
   SELECT msg_id, endpoint_id, app_id, 'sending', attempt_number
   FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS t(msg_id, endpoint_id, app_id, attempt_number)
   ORDER BY msg_id, endpoint_id
   ON CONFLICT (msg_id, endpoint_id) DO UPDATE SET
     sending_attempt_number = GREATEST(d.sending_attempt_number, EXCLUDED.sending_attempt_number),
     status = CASE WHEN d.status IN ('pending', 'sending') AND d.last_attempt_number < EXCLUDED.sending_attempt_number
                   THEN 'sending' ELSE d.status END`,
);

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

  /**
   * Applies a batch of events in one transaction (`db`, or a new one): messages, attempts and `delivery.sending`
   * as multi-row statements, the rarer events one by one. The rules above make the result independent of the order.
   * A batch that comes down to one statement runs without a transaction: a statement is atomic on its own, and on a
   * quiet service most batches are one event, for which BEGIN and COMMIT were two of its three round trips.
   */
  async applyAll(events: LogEvent[], db?: EntityManager): Promise<void> {
    const statements = this.statementsFor(events);
    if (db) {
      for (const statement of statements) await statement(db);
      return;
    }
    if (statements.length <= 1) {
      await statements[0]?.(this.dataSource.manager);
      return;
    }
    await this.dataSource.transaction(async (tx) => {
      for (const statement of statements) await statement(tx);
    });
  }

  /** The statements that apply `events` (every projection write is a single statement; `apply` makes at most one). */
  private statementsFor(events: LogEvent[]): Array<(db: EntityManager) => Promise<unknown>> {
    const statements: Array<(db: EntityManager) => Promise<unknown>> = [];
    const messages: AcceptedMessage[] = [];
    const attempts: AttemptRecord[] = [];
    const sendings: SendingDelivery[] = [];
    for (const event of events) {
      if (event.type === 'message.accepted') messages.push({ message: event.message, endpointIds: event.endpointIds });
      else if (event.type === 'attempt.made') attempts.push(event.attempt);
      else if (event.type === 'delivery.sending') sendings.push(event.delivery);
      else statements.push((db) => this.apply(event, db));
    }
    for (const rows of messageRowsJson(messages)) statements.push((db) => this.insertMessages(db, rows));
    for (const rows of oncePerDelivery(attempts)) statements.push((db) => this.insertAttempts(db, rows));
    for (const rows of oncePerDelivery(sendings)) statements.push((db) => this.markSending(db, rows));
    return statements;
  }

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
        for (const rows of messageRowsJson([{ message: event.message, endpointIds: event.endpointIds }])) await this.insertMessages(db, rows);
        return true;
      case 'attempt.made':
        await this.insertAttempts(db, [event.attempt]);
        return true;
      case 'delivery.cancelled':
        await this.cancelDelivery(db, event.delivery);
        return true;
      case 'delivery.sending':
        await this.markSending(db, [event.delivery]);
        return true;
      case 'message.content.expunged':
        await this.expungeMessage(db, event.content);
        return true;
      case 'attempt.content.expunged':
        await db.query(`UPDATE delivery_log.attempts SET response = '', error = NULL WHERE id = $1`, [event.content.attemptId]);
        return true;
      case 'dead_letter.recorded':
        await this.insertDeadLetter(db, event.deadLetter);
        return true;
      default:
        return false;
    }
  }

  private async insertDeadLetter(db: EntityManager, dead: DeadLetterRecord): Promise<void> {
    await db.query(
      `INSERT INTO delivery_log.dead_letters (id, consumer, stream, stream_seq, subject, app_id, deliveries, reason, excerpt, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [dead.id, dead.consumer, dead.stream, dead.streamSeq, dead.subject, dead.appId, dead.deliveries, dead.reason, dead.excerpt, dead.timestamp],
    );
  }

  private async upsertApp(db: EntityManager, app: AppRecord): Promise<void> {
    await db.query(
      `INSERT INTO delivery_log.apps (id, uid, name, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET uid = EXCLUDED.uid, name = EXCLUDED.name, updated_at = EXCLUDED.updated_at
       WHERE delivery_log.apps.updated_at <= EXCLUDED.updated_at`,
      [app.id, app.uid, app.name, app.updatedAt],
    );
  }

  /**
   * The messages and a `pending` delivery per matched endpoint, in one statement. `rowsJson` is a JSON array of rows
   * (`messageRowsJson`) read by `json_to_recordset`, which keeps each payload's text as it came (the column is `json`).
   */
  private async insertMessages(db: EntityManager, rowsJson: string): Promise<void> {
    await INSERT_MESSAGES.run(db, [rowsJson]);
  }

  /** Rows must name distinct deliveries: one statement cannot update a row twice (`oncePerDelivery`). */
  private async insertAttempts(db: EntityManager, attempts: AttemptRecord[]): Promise<void> {
    await INSERT_ATTEMPTS.run(db, [
      attempts.map((a) => a.id), attempts.map((a) => a.msgId), attempts.map((a) => a.appId),
      attempts.map((a) => a.endpointId), attempts.map((a) => attemptUrl(a.url)), attempts.map((a) => a.attemptNumber),
      attempts.map((a) => a.trigger), attempts.map((a) => a.outcome), attempts.map((a) => a.responseStatusCode),
      attempts.map((a) => a.response), attempts.map((a) => a.responseDurationMs), attempts.map((a) => a.error),
      attempts.map((a) => a.timestamp), attempts.map(attemptStatus),
    ]);
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

  /** `sending` until an attempt at least this new is recorded; never leaves a final status. Distinct deliveries only. */
  private async markSending(db: EntityManager, deliveries: SendingDelivery[]): Promise<void> {
    await MARK_SENDING.run(db, [
      deliveries.map((d) => d.msgId), deliveries.map((d) => d.endpointId),
      deliveries.map((d) => d.appId), deliveries.map((d) => d.attemptNumber),
    ]);
  }

  private async expungeMessage(db: EntityManager, content: ExpungedContent): Promise<void> {
    await db.query('UPDATE delivery_log.messages SET payload = NULL WHERE id = $1 AND app_id = $2', [content.msgId, content.appId]);
  }
}

interface AcceptedMessage {
  message: MessageRecord;
  endpointIds: string[];
}

/** Bytes of rows per multi-row message statement: a batch of large payloads goes in several. */
const MESSAGE_STATEMENT_BYTES = 1 << 20;

/** The rows of `insertMessages` as JSON arrays of at most `MESSAGE_STATEMENT_BYTES` each (a larger row goes alone). */
export function messageRowsJson(messages: AcceptedMessage[]): string[] {
  const arrays: string[] = [];
  let rows: string[] = [];
  let bytes = 0;
  for (const { message, endpointIds } of messages) {
    const row = JSON.stringify({
      id: message.id, app_id: message.appId, event_type: message.eventType, event_id: message.eventId, payload: message.payload,
      channels: message.channels, tags: message.tags, timestamp: message.timestamp, endpoint_ids: endpointIds,
    });
    if (rows.length > 0 && bytes + row.length > MESSAGE_STATEMENT_BYTES) {
      arrays.push(`[${rows.join(',')}]`);
      rows = [];
      bytes = 0;
    }
    rows.push(row);
    bytes += row.length;
  }
  if (rows.length > 0) arrays.push(`[${rows.join(',')}]`);
  return arrays;
}

/**
 * Splits rows into groups that each name a delivery (message, endpoint) at most once — the second event of a
 * delivery in a batch goes into the second group, and so on — so each group can be one multi-row upsert.
 */
export function oncePerDelivery<T extends { msgId: string; endpointId: string }>(rows: T[]): T[][] {
  const groups: T[][] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.msgId}\u0000${row.endpointId}`;
    const index = seen.get(key) ?? 0;
    seen.set(key, index + 1);
    (groups[index] ??= []).push(row);
  }
  return groups;
}
