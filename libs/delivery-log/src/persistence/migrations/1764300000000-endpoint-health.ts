import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Why and since when an endpoint is disabled, and the latest circuit change a dispatcher reported per endpoint. */
export class EndpointHealth1764300000000 implements MigrationInterface {
  name = 'EndpointHealth1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE delivery_log.endpoints ADD COLUMN disabled_reason text, ADD COLUMN disabled_at timestamptz');
    await runner.query(`
      CREATE TABLE delivery_log.endpoint_circuits (
        endpoint_id text PRIMARY KEY,
        app_id text NOT NULL,
        state text NOT NULL,
        replica_id text NOT NULL,
        since timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE delivery_log.endpoint_circuits');
    await runner.query('ALTER TABLE delivery_log.endpoints DROP COLUMN disabled_at, DROP COLUMN disabled_reason');
  }
}
