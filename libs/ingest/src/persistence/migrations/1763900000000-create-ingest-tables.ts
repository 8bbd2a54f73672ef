import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIngestTables1763900000000 implements MigrationInterface {
  name = 'CreateIngestTables1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE SCHEMA IF NOT EXISTS ingest');
    await runner.query(`
      CREATE TABLE ingest.applications (
        id text PRIMARY KEY,
        uid text UNIQUE,
        name text NOT NULL,
        rate_limit int,
        metadata jsonb NOT NULL DEFAULT '{}',
        retry_schedule jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE ingest.endpoints (
        id text PRIMARY KEY,
        app_id text NOT NULL REFERENCES ingest.applications (id) ON DELETE CASCADE,
        uid text,
        url text NOT NULL,
        description text NOT NULL DEFAULT '',
        version int NOT NULL DEFAULT 1,
        disabled boolean NOT NULL DEFAULT false,
        filter_types text[],
        channels text[],
        rate_limit int,
        metadata jsonb NOT NULL DEFAULT '{}',
        headers jsonb NOT NULL DEFAULT '{}',
        retry_schedule jsonb,
        timeout_ms int,
        signature_profiles jsonb NOT NULL DEFAULT '[]',
        max_concurrency int,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (app_id, uid)
      )`);
    await runner.query('CREATE INDEX endpoints_app ON ingest.endpoints (app_id, id)');
    await runner.query(`
      CREATE TABLE ingest.messages (
        id text PRIMARY KEY,
        app_id text NOT NULL,
        event_id text,
        event_type text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        UNIQUE (app_id, event_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE ingest.messages');
    await runner.query('DROP TABLE ingest.endpoints');
    await runner.query('DROP TABLE ingest.applications');
  }
}
