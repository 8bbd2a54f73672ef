import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { newMessageId, type AppId, type MessageId } from '@hookstream/contracts';
import { GroupCommit, PreparedStatement, type SubmitOptions } from '@hookstream/platform';
import { INGEST_CONNECTION } from '../persistence/ingest-connection';
import { MessageEntity } from '../persistence/message.entity';

/** Receipts written or marked in one statement. */
const MAX_BATCH = 256;

/**
 * How long a dispatched mark may wait for others (`SubmitOptions.linger`). Only the event's own ack waits on it: its
 * tasks are already out, and a duplicate arriving meanwhile re-publishes them into JetStream's dedup window.
 */
const MARK_LINGER_MS = 10;

export type MessageReceipt = Pick<MessageEntity, 'id' | 'createdAt' | 'dispatchedAt'>;

export interface ReceiptRequest {
  appId: AppId;
  eventId: string | null;
  eventType: string;
}

interface ReceiptRow {
  id: MessageId;
  created_at: Date;
  dispatched_at: Date | null;
}

const INSERT_RECEIPTS = new PreparedStatement<ReceiptRow>(
  'ingest.messages.insert',
  `INSERT INTO ingest.messages (id, app_id, event_id, event_type)
   SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
   ON CONFLICT DO NOTHING RETURNING id, created_at, dispatched_at`,
);

const SELECT_RECEIPT = new PreparedStatement<ReceiptRow>(
  'ingest.messages.by-event-id',
  'SELECT id, created_at, dispatched_at FROM ingest.messages WHERE app_id = $1 AND event_id = $2',
);

const MARK_DISPATCHED = new PreparedStatement(
  'ingest.messages.mark-dispatched',
  'UPDATE ingest.messages SET dispatched_at = now() WHERE id = ANY($1::text[])',
);

/**
 * `ingest.messages`, the receipts of accepted messages, written by group commit: under load the events being
 * accepted at once share one INSERT and one UPDATE instead of a round trip each; at moderate rates the UPDATEs of
 * events from a stream linger to share one. Prepared SQL, as this runs once per event: the query builder's cost
 * showed in the profiles, and Postgres's parsing and planning at each call in its backend's CPU.
 */
@Injectable()
export class MessageReceipts {
  private readonly recording = new GroupCommit<ReceiptRequest, MessageReceipt>({ write: (requests) => this.recordAll(requests), maxBatch: MAX_BATCH });
  private readonly marking = new GroupCommit<MessageId, void>({ write: (ids) => this.markAll(ids), maxBatch: MAX_BATCH, lingerMs: MARK_LINGER_MS });

  /** Messages whose tasks are all published and whose mark is not written yet (lingering or in flight). */
  private readonly marksPending = new Set<MessageId>();

  constructor(@InjectRepository(MessageEntity, INGEST_CONNECTION) private readonly messages: Repository<MessageEntity>) {}

  /** Inserts the receipt, or returns the one an earlier delivery of the same (app, eventId) created. */
  record(request: ReceiptRequest): Promise<MessageReceipt> {
    return this.recording.submit(request);
  }

  /**
   * Every delivery task and the log event of the message are published. Until the mark is written, a duplicate of
   * the message recorded here reads as dispatched already, as it would once the mark is in.
   */
  async markDispatched(id: MessageId, options: SubmitOptions = {}): Promise<void> {
    this.marksPending.add(id);
    try {
      await this.marking.submit(id, options);
    } finally {
      this.marksPending.delete(id);
    }
  }

  private async recordAll(requests: ReceiptRequest[]): Promise<MessageReceipt[]> {
    const ids = requests.map(() => newMessageId());
    const inserted = await INSERT_RECEIPTS.run(this.messages.manager, [
      ids,
      requests.map((r) => r.appId),
      requests.map((r) => r.eventId),
      requests.map((r) => r.eventType),
    ]);
    const byId = new Map(inserted.map((row) => [row.id, row]));
    return Promise.all(requests.map(async (request, index) => toReceipt(byId.get(ids[index]) ?? this.withPendingMark(await this.existing(request)))));
  }

  private withPendingMark(row: ReceiptRow): ReceiptRow {
    if (row.dispatched_at || !this.marksPending.has(row.id)) return row;
    return { ...row, dispatched_at: new Date() };
  }

  /** The receipt that made this request's INSERT conflict: same app and eventId. */
  private async existing({ appId, eventId }: ReceiptRequest): Promise<ReceiptRow> {
    const rows = await SELECT_RECEIPT.run(this.messages.manager, [appId, eventId]);
    if (!rows[0]) throw new Error(`message receipt for app ${appId}, eventId ${eventId ?? '(none)'} neither inserted nor found`);
    return rows[0];
  }

  private async markAll(ids: MessageId[]): Promise<void[]> {
    await MARK_DISPATCHED.run(this.messages.manager, [ids]);
    return ids.map(() => undefined);
  }
}

function toReceipt(row: ReceiptRow): MessageReceipt {
  return { id: row.id, createdAt: row.created_at, dispatchedAt: row.dispatched_at };
}
