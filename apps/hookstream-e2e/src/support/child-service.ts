import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { HookstreamConfig } from '@hookstream/platform';
import { waitFor } from './test-environment';

/** A built app that runs as a child process: one service, or the all-in-one launcher (all four in one process). */
export type BuiltService = 'ingest' | 'dispatcher' | 'delivery-log' | 'signer' | 'all-in-one';

/** The built entry point of a service (`npx nx build <service>`; npm test builds every app first). */
export function builtMain(service: BuiltService): string {
  return join(__dirname, `../../../../dist/apps/${service}/apps/${service}/src/main.js`);
}

export function assertBuilt(...services: BuiltService[]): void {
  for (const service of services) {
    const main = builtMain(service);
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npx nx build ${service}\` first (npm test does)`);
  }
}

/** The env a service process needs to join a test environment (its NATS, database, prefix). */
export function serviceEnv(config: HookstreamConfig, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NATS_URL: config.natsUrl,
    DATABASE_URL: config.databaseUrl,
    HOOKSTREAM_PREFIX: config.prefix,
    HOOKSTREAM_SSRF_ALLOW: '127.0.0.1/32',
    HOOKSTREAM_GRPC_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    ...overrides,
  };
}

/** A built service running as a child process, as it runs in a pod: its own NATS connection, pools and signals. */
export class ChildService {
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly output: string[] = [];

  private constructor(
    readonly name: BuiltService,
    readonly port: number,
    readonly process: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => process.once('exit', (code, signal) => resolve({ code, signal })));
    for (const stream of [process.stdout, process.stderr]) stream?.on('data', (chunk: Buffer) => this.keep(chunk.toString('utf8')));
  }

  /** Spawns the service on a free port and waits (bounded) until it answers /readyz. */
  static async start(service: BuiltService, env: Record<string, string>, readyWithinMs = 30_000): Promise<ChildService> {
    assertBuilt(service);
    const port = await freePort();
    const child = spawn(process.execPath, [builtMain(service)], {
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const running = new ChildService(service, port, child);
    await running.waitUntilReady(readyWithinMs);
    return running;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** /readyz's status code, or 0 when nothing answers. */
  async readiness(): Promise<number> {
    try {
      const response = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(3000) });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  }

  async waitUntilReady(timeoutMs: number): Promise<void> {
    await waitFor(async () => {
      if (!this.running) throw new Error(`${this.name} exited before it was ready:\n${this.log()}`);
      return (await this.readiness()) === 200;
    }, timeoutMs, `${this.name} to be ready`);
  }

  signal(signal: NodeJS.Signals): void {
    this.process.kill(signal);
  }

  /** Resolves with how the process ended, or rejects if it has not within `timeoutMs`. */
  async exit(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${timeoutMs} ms:\n${this.log()}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the process if it still runs (afterAll, even after a failure) and waits for it to go. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.process.kill('SIGKILL');
    await this.exit(10_000);
  }

  /** The last lines the process wrote, for failure messages. */
  log(): string {
    return this.output.join('').split('\n').slice(-40).join('\n');
  }

  private keep(text: string): void {
    this.output.push(text);
    if (this.output.length > 200) this.output.splice(0, this.output.length - 200);
  }
}

/** A TCP port free on loopback now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
