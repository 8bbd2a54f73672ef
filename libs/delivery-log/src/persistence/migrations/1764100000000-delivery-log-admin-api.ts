import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin API's needs: payloads kept as `json` (the exact key order, so a resend POSTs the same bytes),
 * `sending` bookkeeping, indexes for the list filters and retention, and background tasks (recover).
 */
export class DeliveryLogAdminApi1764100000000 implements MigrationInterface {
  name = 'DeliveryLogAdminApi1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE delivery_log.messages ALTER COLUMN payload TYPE json USING payload::json');
    await runner.query('CREATE INDEX messages_app_timestamp ON delivery_log.messages (app_id, timestamp)');
    await runner.query('ALTER TABLE delivery_log.deliveries ADD COLUMN sending_attempt_number int NOT NULL DEFAULT 0');
    await runner.query('CREATE INDEX deliveries_endpoint ON delivery_log.deliveries (endpoint_id, msg_id)');
    await runner.query('CREATE INDEX attempts_timestamp ON delivery_log.attempts (timestamp)');
    await runner.query(`
      CREATE TABLE delivery_log.background_tasks (
        id text PRIMARY KEY,
        task text NOT NULL,
        status text NOT NULL,
        app_id text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE delivery_log.background_tasks');
    await runner.query('DROP INDEX delivery_log.attempts_timestamp');
    await runner.query('DROP INDEX delivery_log.deliveries_endpoint');
    await runner.query('ALTER TABLE delivery_log.deliveries DROP COLUMN sending_attempt_number');
    await runner.query('DROP INDEX delivery_log.messages_app_timestamp');
    await runner.query('ALTER TABLE delivery_log.messages ALTER COLUMN payload TYPE jsonb USING payload::jsonb');
  }
}
