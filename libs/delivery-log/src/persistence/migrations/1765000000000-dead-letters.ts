import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Messages a consumer gave up on (`dead_letter.recorded`), one row per (stream, consumer, sequence). */
export class DeadLetters1765000000000 implements MigrationInterface {
  name = 'DeadLetters1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE delivery_log.dead_letters (
        id text PRIMARY KEY,
        consumer text NOT NULL,
        stream text NOT NULL,
        stream_seq bigint NOT NULL,
        subject text NOT NULL,
        app_id text,
        deliveries integer NOT NULL,
        reason text NOT NULL,
        excerpt text NOT NULL,
        recorded_at timestamptz NOT NULL,
        UNIQUE (stream, consumer, stream_seq)
      )`);
    await runner.query('CREATE INDEX dead_letters_app ON delivery_log.dead_letters (app_id, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE delivery_log.dead_letters');
  }
}
