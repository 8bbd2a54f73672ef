import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDeliveryLogTables1763900000000 implements MigrationInterface {
  name = 'CreateDeliveryLogTables1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE SCHEMA IF NOT EXISTS delivery_log');
    await runner.query(`
      CREATE TABLE delivery_log.apps (
        id text PRIMARY KEY,
        uid text,
        name text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX apps_uid ON delivery_log.apps (uid)');
    await runner.query(`
      CREATE TABLE delivery_log.endpoints (
        id text PRIMARY KEY,
        app_id text NOT NULL,
        uid text,
        url text NOT NULL,
        disabled boolean NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE delivery_log.messages (
        id text PRIMARY KEY,
        app_id text NOT NULL,
        event_type text NOT NULL,
        event_id text,
        payload jsonb,
        channels text[],
        tags text[],
        timestamp timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX messages_app ON delivery_log.messages (app_id, id)');
    await runner.query('CREATE INDEX messages_event_id ON delivery_log.messages (app_id, event_id)');
    await runner.query(`
      CREATE TABLE delivery_log.attempts (
        id text PRIMARY KEY,
        msg_id text NOT NULL,
        app_id text NOT NULL,
        endpoint_id text NOT NULL,
        url text NOT NULL,
        attempt_number int NOT NULL,
        trigger text NOT NULL,
        outcome text NOT NULL,
        response_status_code int NOT NULL,
        response text NOT NULL,
        response_duration_ms int NOT NULL,
        error text,
        timestamp timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX attempts_msg ON delivery_log.attempts (msg_id, id)');
    await runner.query('CREATE INDEX attempts_endpoint ON delivery_log.attempts (endpoint_id, id)');
    await runner.query(`
      CREATE TABLE delivery_log.deliveries (
        msg_id text NOT NULL,
        endpoint_id text NOT NULL,
        app_id text NOT NULL,
        status text NOT NULL,
        last_attempt_number int NOT NULL DEFAULT 0,
        last_attempt_at timestamptz,
        PRIMARY KEY (msg_id, endpoint_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP SCHEMA delivery_log CASCADE');
  }
}
