import { existsSync } from 'node:fs';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { sleep } from './bench-clock';
import { freePort, ManagedProcess } from './managed-process';

const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/** A redis-server of the bench's own on a free loopback port, without persistence; stopped by its pid. */
export class RedisServer {
  private constructor(
    readonly process: ManagedProcess,
    readonly port: number,
  ) {}

  static async start(logDir: string): Promise<RedisServer> {
    if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} not found: install Debian's redis-server (apt-get install redis-server) or set REDIS_SERVER`);
    const port = await freePort();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'];
    const process = ManagedProcess.spawn('redis-server', REDIS_SERVER, args, {}, join(logDir, 'redis-server.log'));
    const server = new RedisServer(process, port);
    await server.waitForPing();
    return server;
  }

  private async waitForPing(): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      this.process.assertRunning();
      const client = new IORedis({ host: '127.0.0.1', port: this.port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => undefined);
      const ok = await client
        .connect()
        .then(() => client.ping())
        .then((reply) => reply === 'PONG', () => false);
      client.disconnect();
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`redis-server on 127.0.0.1:${this.port} did not answer PING within 10 s; log: ${this.process.logPath}\n${this.process.logTail()}`);
      await sleep(100);
    }
  }

  stop(): Promise<void> {
    return this.process.stop(5000);
  }
}
