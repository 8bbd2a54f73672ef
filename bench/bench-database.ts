import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';

/** A database of the bench's own on the machine's Postgres, dropped at the end. */
export class BenchDatabase {
  readonly pool: Pool;

  private constructor(
    private readonly adminUrl: string,
    readonly name: string,
    readonly url: string,
  ) {
    this.pool = new Pool({ connectionString: url, max: 2 });
  }

  static async create(adminUrl: string, prefix: string): Promise<BenchDatabase> {
    const name = `${prefix}_${randomBytes(4).toString('hex')}`;
    await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return new BenchDatabase(adminUrl, name, url.toString());
  }

  async drop(): Promise<void> {
    await this.pool.end();
    await withAdmin(this.adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`));
  }
}

/** Runs `work` on a connection to the admin database, saying clearly when Postgres cannot be reached. */
export async function withAdmin<T>(adminUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`Postgres unreachable at ${redact(adminUrl)} (BENCH_DATABASE_ADMIN_URL): ${(error as Error).message}`);
  }
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
