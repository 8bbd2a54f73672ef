import type { INestApplication, Type } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { DeliveryLogModule } from '@hookstream/delivery-log';
import { DispatcherModule } from '@hookstream/dispatcher';
import { IngestModule } from '@hookstream/ingest';
import { startAllInOne } from '@hookstream/launcher';
import { bootstrapService, grpcPortOf, serviceRoot, type HookstreamConfig } from '@hookstream/platform';
import { SignerModule } from '@hookstream/signer';

export interface RunningService {
  app: INestApplication;
  url: string;
  /** `127.0.0.1:<port>` of the gRPC admin API, for a process that serves it. */
  grpcAddress?: string;
}

export function baseUrl(app: INestApplication): string {
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export async function startService(config: HookstreamConfig, name: string, module: Type<unknown>, rpcQueue?: string): Promise<RunningService> {
  const app = await bootstrapService({ module: serviceRoot(config, name, [module]), config, rpcQueue, port: 0, host: '127.0.0.1' });
  return { app, url: baseUrl(app) };
}

/**
 * Signer, ingest and delivery-log in process, for tests that run the dispatcher as a child process (to kill,
 * restart or read it). Index 1 is ingest, whose REST API the tests drive.
 */
export async function startAllButDispatcher(config: HookstreamConfig): Promise<RunningService[]> {
  return [
    await startService(config, 'signer', SignerModule, 'signer'),
    await startService(config, 'ingest', IngestModule),
    await startService(config, 'delivery-log', DeliveryLogModule),
  ];
}

/** The four services as separate Nest applications, each with its own NATS connection and HTTP port. */
export class FourServices {
  private constructor(
    readonly signer: RunningService,
    readonly ingest: RunningService,
    readonly dispatcher: RunningService,
    readonly deliveryLog: RunningService,
  ) {}

  static async start(config: HookstreamConfig): Promise<FourServices> {
    const signer = await startService(config, 'signer', SignerModule, 'signer');
    const ingest = await startService(config, 'ingest', IngestModule, 'ingest');
    const dispatcher = await startService(config, 'dispatcher', DispatcherModule);
    const deliveryLog = await startService(config, 'delivery-log', DeliveryLogModule);
    return new FourServices(signer, ingest, dispatcher, deliveryLog);
  }

  /**
   * Each service with JetStream workers waits out its open pull request (5 s) when closed: side by side that is 5 s,
   * not 15. The signer, which holds no worker and which the dispatcher signs with, goes last.
   */
  async stop(): Promise<void> {
    await Promise.all([this.ingest, this.dispatcher, this.deliveryLog].map((service) => service.app.close()));
    await this.signer.app.close();
  }
}

export async function startAllInOneForTest(config: HookstreamConfig): Promise<RunningService> {
  const app = await startAllInOne(config, 0, '127.0.0.1');
  return { app, url: baseUrl(app), grpcAddress: `127.0.0.1:${grpcPortOf(app)}` };
}
