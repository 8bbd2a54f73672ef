import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './child-service';

const run = promisify(execFile);
const BIN = process.env.TEST_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A Postgres of the test's own (Debian's binaries, a temp data dir, trust auth, a free loopback port), so a test
 * can stop and restart it without touching the machine's shared one. Postgres refuses to run as root; as root
 * it runs as the `postgres` user.
 */
export class PrivatePostgres {
  private constructor(
    private readonly dataDir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dataDir = mkdtempSync(join(tmpdir(), 'hs-pg-'));
    const owner = await postgresUser();
    if (owner) chownSync(dataDir, owner.uid, owner.gid);
    const postgres = new PrivatePostgres(dataDir, await freePort());
    await postgres.pg('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await postgres.startServer();
    return postgres;
  }

  /** The instance's own `postgres` database. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async startServer(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dataDir} -c fsync=off`;
    await this.pg('pg_ctl', ['-D', this.dataDir, '-o', options, '-l', join(this.dataDir, 'server.log'), '-w', '-t', '30', 'start']);
  }

  /**
   * `pg_ctl stop -m fast`: every connection is cut, as when a database fails over or restarts; `immediate`: the
   * server dies without a checkpoint, as in a crash, and recovers from its WAL on the next start.
   */
  async stopServer(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop']).catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async pg(tool: string, args: string[]): Promise<void> {
    const binary = join(BIN, tool);
    const asPostgres = process.getuid?.() === 0;
    await run(asPostgres ? 'runuser' : binary, asPostgres ? ['-u', 'postgres', '--', binary, ...args] : args, { timeout: 60_000 });
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
