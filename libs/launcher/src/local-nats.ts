import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { isLocalHost, isReachable, onPath, waitUntilReachable } from './reachability';

/**
 * Makes sure NATS answers at `natsUrl`. When nothing listens on a local address, starts `nats-server` from PATH
 * with JetStream and a data dir under `.hookstream/`; otherwise says exactly what is missing.
 */
export async function ensureNats(natsUrl: string, log: (line: string) => void): Promise<void> {
  const url = new URL(natsUrl.split(',')[0]);
  const host = url.hostname;
  const port = Number(url.port || 4222);
  if (await isReachable(host, port)) return;
  if (!isLocalHost(host)) throw new Error(`NATS is not reachable at ${natsUrl}. Start it, or point NATS_URL at a running server.`);
  const binary = onPath('nats-server');
  if (!binary) {
    throw new Error(
      `NATS is not reachable at ${natsUrl} and no nats-server is on PATH.\n` +
        '  Install it (Debian/Ubuntu: apt-get install nats-server; macOS: brew install nats-server),\n' +
        '  or run one with JetStream yourself: nats-server -js, or set NATS_URL.',
    );
  }
  const dataDir = resolve('.hookstream/nats');
  mkdirSync(dataDir, { recursive: true });
  log(`starting ${binary} -js on ${host}:${port} (data in ${dataDir})`);
  const child = spawn(binary, ['-js', '-a', host, '-p', String(port), '-sd', dataDir], { stdio: 'ignore' });
  child.unref();
  process.once('exit', () => child.kill('SIGTERM'));
  await waitUntilReachable(host, port, 10_000, 'nats-server');
}
