import { Module, type INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { LoggerModule } from 'nestjs-pino';
import { loadConfig } from '../config/hookstream-config';
import { loggerParams } from '../observability/logging';
import { bootstrapService, hostAndPort, listeningUrl } from './bootstrap-service';

@Module({ imports: [LoggerModule.forRoot(loggerParams('silent', 'bootstrap-test'))] })
class BareModule {}

/** Whether anything answers HTTP on host:port (any status counts; a refused connection does not). */
async function answers(host: string, port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://${hostAndPort(host, port)}/`, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

describe('bootstrapService: the listening address', () => {
  const apps: INestApplication[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  async function start(env: Record<string, string>, host?: string): Promise<{ app: INestApplication; port: number }> {
    const app = await bootstrapService({ module: BareModule, config: loadConfig(env, 0, []), port: 0, host });
    apps.push(app);
    return { app, port: (app.getHttpServer().address() as AddressInfo).port };
  }

  it("listens on the configuration's host by default: loopback only outside production", async () => {
    const { app, port } = await start({});
    expect(listeningUrl(app)).toBe(`http://127.0.0.1:${port}`);
    expect(await answers('127.0.0.1', port)).toBe(true);
    // Another address of this machine (all of 127/8 is local on Linux) finds nothing listening.
    expect(await answers('127.0.0.2', port)).toBe(false);
  });

  it('listens on every address when HOOKSTREAM_HOST is 0.0.0.0', async () => {
    const { app, port } = await start({ HOOKSTREAM_HOST: '0.0.0.0' });
    expect(listeningUrl(app)).toBe(`http://0.0.0.0:${port}`);
    expect(await answers('127.0.0.2', port)).toBe(true);
  });

  it('prefers an explicit host to the configured one', async () => {
    const { port } = await start({ HOOKSTREAM_HOST: '0.0.0.0' }, '127.0.0.1');
    expect(await answers('127.0.0.1', port)).toBe(true);
    expect(await answers('127.0.0.2', port)).toBe(false);
  });
});

describe('hostAndPort', () => {
  it('brackets IPv6 hosts only', () => {
    expect(hostAndPort('0.0.0.0', 50051)).toBe('0.0.0.0:50051');
    expect(hostAndPort('::', 50051)).toBe('[::]:50051');
    expect(hostAndPort('localhost', 3000)).toBe('localhost:3000');
  });
});
