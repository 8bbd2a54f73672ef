import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { Subjects } from '@hookstream/contracts';
import { HookstreamConfig } from '../config/hookstream-config';
import { serveOpenApi } from '../http/openapi';
import { svixValidationPipe } from '../http/validation.pipe';
import { PrefixedNatsServer } from '../messaging/prefixed-nats-transport';

export interface ServiceBootstrap {
  /** The root module (already wired with `PlatformModule.forRoot`). */
  module: Type<unknown> | DynamicModule;
  config: HookstreamConfig;
  /** Request/reply handlers to serve over NATS (the signer), in a queue group of this name. */
  rpcQueue?: string;
  /** Listen on this port instead of config.port (0 = any free port; tests use it). */
  port?: number;
  host?: string;
  /** Shown as the OpenAPI document's title. */
  name?: string;
}

/** Creates a Nest application with Hookstream's HTTP conventions, starts NATS RPC if asked, and listens. */
export async function bootstrapService(options: ServiceBootstrap): Promise<INestApplication> {
  const app = await NestFactory.create(options.module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureHttp(app);
  serveOpenApi(app, `Hookstream ${options.name ?? 'API'}`);
  if (options.rpcQueue) {
    app.connectMicroservice(
      { strategy: new PrefixedNatsServer(new Subjects(options.config.prefix), natsTransportOptions(options.config, options.rpcQueue)) },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }
  app.enableShutdownHooks();
  await app.listen(options.port ?? options.config.port, options.host ?? '0.0.0.0');
  return app;
}

/** JSON bodies up to this size are parsed; ingest refuses payloads over 256 KiB itself, with a clear 413. */
const JSON_BODY_LIMIT = '1mb';

export function configureHttp(app: INestApplication): void {
  (app as NestExpressApplication).useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useGlobalPipes(svixValidationPipe());
  app.getHttpAdapter().getInstance().disable('x-powered-by');
}

export function natsTransportOptions(config: HookstreamConfig, queue?: string) {
  return {
    servers: config.natsUrl.split(','),
    queue,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  };
}
