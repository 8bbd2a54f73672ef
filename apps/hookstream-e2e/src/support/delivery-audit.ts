import type { NatsConnection } from 'nats';
import { Client } from 'pg';
import { logEventsOf, streamNames, Subjects, type LogMessageBody } from '@hookstream/contracts';
import type { Receiver } from './receiver';
import { waitFor } from './test-environment';

export interface ReceivedCounts {
  /** POSTs the receiver got on the path. */
  requests: number;
  /** Distinct messages among them (`webhook-id` is the message id). */
  distinct: number;
  /** POSTs of a message received before: at-least-once delivery's redeliveries. */
  duplicates: number;
}

export function receivedOn(receiver: Receiver, path: string): ReceivedCounts {
  const onPath = receiver.requests.filter((r) => r.path === path);
  const distinct = new Set(onPath.map((r) => r.headers['webhook-id'])).size;
  return { requests: onPath.length, distinct, duplicates: onPath.length - distinct };
}

/** What ingest and delivery-log recorded for one app and its one endpoint, read with SQL. */
export interface RecordedDeliveries {
  /** ingest's receipts (one per accepted event) and those whose tasks were never marked published. */
  receipts: number;
  undispatched: number;
  /** delivery-log's projection: deliveries by final status, attempt rows and the messages they cover. */
  succeeded: number;
  failed: number;
  attempts: number;
  attemptedMessages: number;
}

export async function recordedDeliveries(databaseUrl: string, appId: string, endpointId: string): Promise<RecordedDeliveries> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const count = async (sql: string, params: string[]): Promise<number[]> => {
      const row = (await client.query(sql, params)).rows[0] as Record<string, string>;
      return Object.values(row).map(Number);
    };
    const [receipts, undispatched] = await count(
      'SELECT count(*) AS all, count(*) FILTER (WHERE dispatched_at IS NULL) AS undispatched FROM ingest.messages WHERE app_id = $1',
      [appId],
    );
    const [succeeded, failed] = await count(
      `SELECT count(*) FILTER (WHERE status = 'succeeded') AS succeeded, count(*) FILTER (WHERE status = 'failed') AS failed
         FROM delivery_log.deliveries WHERE endpoint_id = $1`,
      [endpointId],
    );
    const [attempts, attemptedMessages] = await count('SELECT count(*) AS attempts, count(DISTINCT msg_id) AS messages FROM delivery_log.attempts WHERE endpoint_id = $1', [
      endpointId,
    ]);
    return { receipts, undispatched, succeeded, failed, attempts, attemptedMessages };
  } finally {
    await client.end();
  }
}

/**
 * Waits (bounded) until everything about `total` events to one endpoint is recorded: a receipt each, all marked
 * dispatched, a final delivery status and an attempt for each message. A timeout says what was recorded by then.
 */
export async function waitForRecorded(databaseUrl: string, appId: string, endpointId: string, total: number, timeoutMs = 45_000): Promise<RecordedDeliveries> {
  let last: RecordedDeliveries | null = null;
  try {
    return await waitFor(
      async () => {
        last = await recordedDeliveries(databaseUrl, appId, endpointId);
        const settled = last.receipts === total && last.undispatched === 0 && last.succeeded + last.failed === total && last.attemptedMessages === total;
        return settled && last;
      },
      timeoutMs,
      `${total} events recorded (receipts dispatched, deliveries final, attempts projected)`,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; recorded by then: ${JSON.stringify(last)}`);
  }
}

/** The ids of delivery-log's attempt rows for one endpoint. */
export async function projectedAttemptIds(databaseUrl: string, endpointId: string): Promise<Set<string>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = (await client.query('SELECT id FROM delivery_log.attempts WHERE endpoint_id = $1', [endpointId])).rows as { id: string }[];
    return new Set(rows.map((row) => row.id));
  } finally {
    await client.end();
  }
}

/**
 * The ids of every `attempt.made` the LOG stream holds for one app, read back with an ordered consumer (bounded in
 * time): what the dispatchers stored, to hold the projection against.
 */
export async function storedAttemptIds(nats: NatsConnection, prefix: string, appId: string, timeoutMs = 20_000): Promise<Set<string>> {
  const subjects = new Subjects(prefix);
  const stream = streamNames(subjects).log;
  const subject = subjects.log(appId, 'attempt.made');
  const info = await (await nats.jetstreamManager()).streams.info(stream, { subjects_filter: subject });
  const messages = info.state.subjects?.[subject] ?? 0;
  const consumer = await nats.jetstream().consumers.get(stream, { filterSubjects: subject });
  const ids = new Set<string>();
  let read = 0;
  await waitFor(
    async () => {
      const batch = await consumer.fetch({ max_messages: 500, expires: 1000 });
      for await (const msg of batch) {
        read += 1;
        for (const event of logEventsOf(msg.json<LogMessageBody>())) if (event.type === 'attempt.made') ids.add(event.attempt.id);
      }
      return read >= messages;
    },
    timeoutMs,
    `${messages} LOG messages on ${subject}`,
  );
  return ids;
}
