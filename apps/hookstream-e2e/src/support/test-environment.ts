import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { loadConfig, secretOf, type HookstreamConfig } from '@hookstream/platform';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** A private corner of the machine's NATS and Postgres: its own prefix, streams and database. */
export class TestEnvironment {
  private constructor(
    readonly config: HookstreamConfig,
    readonly nats: NatsConnection,
    private readonly database: string,
  ) {}

  static async create(overrides: Record<string, string> = {}): Promise<TestEnvironment> {
    const suffix = randomBytes(4).toString('hex');
    const database = `hs_e2e_${suffix}`;
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const databaseUrl = new URL(ADMIN_URL);
    databaseUrl.pathname = `/${database}`;
    const config = loadConfig({
      NATS_URL,
      DATABASE_URL: databaseUrl.toString(),
      HOOKSTREAM_PREFIX: `hse2e_${suffix}`,
      HOOKSTREAM_SSRF_ALLOW: '127.0.0.1/32,::1/128',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      HOOKSTREAM_GRPC_PORT: '0', // any free port: suites run side by side
      ...overrides,
    });
    return new TestEnvironment(config, await connect({ servers: config.natsUrl.split(',') }), database);
  }

  get prefix(): string {
    return this.config.prefix;
  }

  /** The operator token the in-process services of this environment accept. */
  get adminToken(): string {
    return secretOf(this.config, 'adminToken');
  }

  /** Deletes this run's streams (KV buckets included) and database. */
  async destroy(): Promise<void> {
    const jsm = await this.nats.jetstreamManager();
    for (const stream of await jsm.streams.names().next()) {
      const ours = stream.startsWith(`${this.prefix.toUpperCase()}_`) || stream.startsWith(`KV_${this.prefix.toUpperCase()}_`);
      if (ours) await jsm.streams.delete(stream);
    }
    await this.nats.close();
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
    await admin.end();
  }
}

/** Polls `probe` until it returns a value, at most `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
