import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { connect } from 'nats';
import { withAdmin } from './bench-database';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  kernel: string;
  node: string;
  nats: string;
  postgres: string;
  redis: string;
  commit: string;
  loadAtStart: string;
}

/** What the numbers were measured on. Reaching NATS and Postgres here also fails the run early when either is down. */
export async function machineInfo(natsUrl: string, databaseAdminUrl: string): Promise<MachineInfo> {
  const nats = await connect({ servers: natsUrl, timeout: 5000 }).catch((error: Error) => {
    throw new Error(`NATS unreachable at ${natsUrl} (NATS_URL): ${error.message}`);
  });
  const natsVersion = nats.info?.version ?? 'unknown';
  await nats.close();
  const postgres = await withAdmin(databaseAdminUrl, async (admin) => (await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v);
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    kernel: `Linux ${release()}`,
    node: process.version,
    nats: `nats-server ${natsVersion}`,
    postgres: `PostgreSQL ${postgres}`,
    redis: command('redis-server', ['--version']).replace(/^Redis server v=(\S+).*$/s, 'Redis $1'),
    commit: command('git', ['rev-parse', '--short', 'HEAD']),
    loadAtStart: loadAverage(),
  };
}

export function loadAverage(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
}

function cpuModel(): string {
  const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
  return match?.[1].trim() ?? cpus()[0]?.model ?? 'unknown CPU';
}

function command(program: string, args: string[]): string {
  try {
    return execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return `${program}: not available`;
  }
}
