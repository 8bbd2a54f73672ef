import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per (endpoint, orderingKey) sequence numbers, and the number each message got, so a re-run reuses it. */
export class OrderingSequences1764200000000 implements MigrationInterface {
  name = 'OrderingSequences1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE ingest.ordering_sequences (
        endpoint_id text NOT NULL,
        ordering_key text NOT NULL,
        last_seq bigint NOT NULL,
        PRIMARY KEY (endpoint_id, ordering_key)
      )`);
    await runner.query(`
      CREATE TABLE ingest.message_orderings (
        msg_id text NOT NULL,
        endpoint_id text NOT NULL,
        seq bigint NOT NULL,
        PRIMARY KEY (msg_id, endpoint_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE ingest.message_orderings');
    await runner.query('DROP TABLE ingest.ordering_sequences');
  }
}
