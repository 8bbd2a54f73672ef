import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { EndpointId, MessageId } from '@hookstream/contracts';
import { INGEST_CONNECTION } from '../persistence/ingest-connection';

/**
 * Numbers the messages sharing an `orderingKey` per endpoint (1, 2, …) in the order ingest accepts them; the
 * dispatcher sends number n only after n − 1 is final. A message keeps the numbers it got the first time, so
 * re-running an event after a crash leaves no gap for later messages to wait on forever.
 */
@Injectable()
export class OrderingSequences {
  constructor(@InjectDataSource(INGEST_CONNECTION) private readonly db: DataSource) {}

  async assign(msgId: MessageId, endpointIds: EndpointId[], orderingKey: string): Promise<Map<EndpointId, number>> {
    return this.db.transaction(async (tx) => {
      const existing: Array<{ endpoint_id: EndpointId; seq: string }> = await tx.query(
        'SELECT endpoint_id, seq FROM ingest.message_orderings WHERE msg_id = $1',
        [msgId],
      );
      const seqs = new Map(existing.map((row) => [row.endpoint_id, Number(row.seq)]));
      const missing = endpointIds.filter((id) => !seqs.has(id));
      if (missing.length === 0) return seqs;
      const assigned: Array<{ endpoint_id: EndpointId; last_seq: string }> = await tx.query(
        `INSERT INTO ingest.ordering_sequences (endpoint_id, ordering_key, last_seq)
         SELECT endpoint_id, $2, 1 FROM unnest($1::text[]) AS endpoint_id
         ON CONFLICT (endpoint_id, ordering_key) DO UPDATE SET last_seq = ingest.ordering_sequences.last_seq + 1
         RETURNING endpoint_id, last_seq`,
        [missing, orderingKey],
      );
      await tx.query(
        `INSERT INTO ingest.message_orderings (msg_id, endpoint_id, seq)
         SELECT $1, endpoint_id, seq FROM unnest($2::text[], $3::bigint[]) AS t(endpoint_id, seq)`,
        [msgId, assigned.map((row) => row.endpoint_id), assigned.map((row) => row.last_seq)],
      );
      for (const row of assigned) seqs.set(row.endpoint_id, Number(row.last_seq));
      return seqs;
    });
  }
}
