import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attempts recorded before the dispatcher left an endpoint URL's credentials out of `attempt.made` kept them in
 * `url` (`https://user:pass@host/…`); drops them, as the projection now does for every attempt. No way back.
 */
export class AttemptUrlsWithoutCredentials1764500000000 implements MigrationInterface {
  name = 'AttemptUrlsWithoutCredentials1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(String.raw`
      UPDATE delivery_log.attempts
         SET url = regexp_replace(url, '^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@', '\1')
       WHERE url ~ '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@'`);
  }

  async down(): Promise<void> {
    // The credentials are gone; nothing to restore.
  }
}
