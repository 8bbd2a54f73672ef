import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Why and since when an endpoint is disabled (null while enabled). Endpoints disabled before this know neither. */
export class EndpointDisabledReason1764300000000 implements MigrationInterface {
  name = 'EndpointDisabledReason1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE ingest.endpoints ADD COLUMN disabled_reason text, ADD COLUMN disabled_at timestamptz');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE ingest.endpoints DROP COLUMN disabled_at, DROP COLUMN disabled_reason');
  }
}
