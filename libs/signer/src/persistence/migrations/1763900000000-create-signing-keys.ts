import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSigningKeys1763900000000 implements MigrationInterface {
  name = 'CreateSigningKeys1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE SCHEMA IF NOT EXISTS signer');
    await runner.query(`
      CREATE TABLE signer.signing_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner text NOT NULL,
        sealed bytea NOT NULL,
        master_key_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz
      )`);
    await runner.query('CREATE INDEX signing_keys_owner_created ON signer.signing_keys (owner, created_at DESC)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE signer.signing_keys');
  }
}
