import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { INGEST_CONNECTION } from '../persistence/ingest-connection';

/** How long a response stays cached under its Idempotency-Key (Svix keeps them 12 h). */
export const IDEMPOTENCY_TTL_HOURS = 12;

export interface CachedResponse {
  statusCode: number;
  body: unknown;
}

export type Claim = { kind: 'claimed' } | { kind: 'done'; response: CachedResponse } | { kind: 'in_progress' };

/**
 * `ingest.idempotency_keys`: one row per (token, method, path, Idempotency-Key) scope. The first request
 * inserts it `in_progress`; a unique primary key makes concurrent duplicates see that row instead. Rows older
 * than the TTL count as absent and are taken over.
 */
@Injectable()
export class IdempotencyStore {
  constructor(@InjectDataSource(INGEST_CONNECTION) private readonly db: DataSource) {}

  async claim(scope: string): Promise<Claim> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO ingest.idempotency_keys (scope, state) VALUES ($1, 'in_progress')
       ON CONFLICT (scope) DO UPDATE SET state = 'in_progress', status_code = NULL, body = NULL, created_at = now()
         WHERE ingest.idempotency_keys.created_at < now() - make_interval(hours => $2)
       RETURNING scope`,
      [scope, IDEMPOTENCY_TTL_HOURS],
    );
    if (inserted.length > 0) return { kind: 'claimed' };
    return this.read(scope);
  }

  async read(scope: string): Promise<Claim> {
    const rows: Array<{ state: string; status_code: number | null; body: unknown }> = await this.db.query(
      'SELECT state, status_code, body FROM ingest.idempotency_keys WHERE scope = $1',
      [scope],
    );
    const row = rows[0];
    // The first request failed and released the key: the caller may claim it now.
    if (!row) return this.claim(scope);
    if (row.state === 'done' && row.status_code !== null) return { kind: 'done', response: { statusCode: row.status_code, body: row.body } };
    return { kind: 'in_progress' };
  }

  async complete(scope: string, response: CachedResponse): Promise<void> {
    await this.db.query(`UPDATE ingest.idempotency_keys SET state = 'done', status_code = $2, body = $3 WHERE scope = $1`, [
      scope,
      response.statusCode,
      JSON.stringify(response.body ?? null),
    ]);
  }

  /** The first request failed: forget the key so a retry runs again. */
  async release(scope: string): Promise<void> {
    await this.db.query('DELETE FROM ingest.idempotency_keys WHERE scope = $1', [scope]);
  }
}
