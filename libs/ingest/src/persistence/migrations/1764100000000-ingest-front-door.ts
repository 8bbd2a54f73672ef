import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rejections, Idempotency-Key responses, event types (with JSON Schemas) and subject bindings. */
export class IngestFrontDoor1764100000000 implements MigrationInterface {
  name = 'IngestFrontDoor1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE ingest.rejections (
        id text PRIMARY KEY,
        app_id text,
        app_ref text NOT NULL,
        subject text NOT NULL,
        code text NOT NULL,
        reason text NOT NULL,
        excerpt text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX rejections_app ON ingest.rejections (app_id, id)');
    await runner.query(`
      CREATE TABLE ingest.idempotency_keys (
        scope text PRIMARY KEY,
        state text NOT NULL,
        status_code int,
        body jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE ingest.event_types (
        name text PRIMARY KEY,
        description text NOT NULL DEFAULT '',
        archived boolean NOT NULL DEFAULT false,
        deprecated boolean NOT NULL DEFAULT false,
        schemas jsonb,
        feature_flag text,
        group_name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE ingest.bindings (
        id text PRIMARY KEY,
        subject text NOT NULL,
        event_type text NOT NULL,
        app_id_pointer text NOT NULL,
        event_id_pointer text,
        payload_pointer text NOT NULL DEFAULT '',
        description text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE ingest.bindings');
    await runner.query('DROP TABLE ingest.event_types');
    await runner.query('DROP TABLE ingest.idempotency_keys');
    await runner.query('DROP TABLE ingest.rejections');
  }
}
