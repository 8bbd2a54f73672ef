import { createServer } from 'node:net';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type GrpcOptions } from '@nestjs/microservices';
import { ReflectionService } from '@grpc/reflection';
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
  /** Serve these `.proto` services over gRPC (with server reflection) on `port` (0 = any free port). */
  grpc?: GrpcService;
}

export interface GrpcService {
  /** Proto package(s), e.g. `hookstream.admin.v1`. */
  package: string;
  /** `.proto` files, relative to `includeDir`. */
  protoPath: string;
  includeDir: string;
  loader?: NonNullable<GrpcOptions['options']['loader']>;
  port: number;
}

const grpcPorts = new WeakMap<INestApplication, number>();

/** The port an application's gRPC server listens on (after `bootstrapService` with `grpc`), else undefined. */
export function grpcPortOf(app: INestApplication): number | undefined {
  return grpcPorts.get(app);
}

/**
 * Creates a Nest application with Hookstream's HTTP conventions, starts NATS RPC if asked, and listens. Signals are
 * left to the caller: a service's process wires them with `shutDownGracefullyOnSignals`, tests call `app.close()`.
 */
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
  }
  if (options.grpc) {
    const host = options.host ?? '0.0.0.0';
    const port = options.grpc.port === 0 ? await freePort(host) : options.grpc.port;
    app.connectMicroservice<GrpcOptions>(grpcTransportOptions(options.grpc, `${host}:${port}`));
    grpcPorts.set(app, port);
  }
  if (options.rpcQueue || options.grpc) await app.startAllMicroservices();
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

/** Nest's gRPC transport for `service`, with server reflection (grpc.reflection.v1 and v1alpha). */
export function grpcTransportOptions(service: GrpcService, url: string): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url,
      package: service.package,
      protoPath: service.protoPath,
      loader: { ...service.loader, includeDirs: [service.includeDir] },
      onLoadPackageDefinition: (definition, server) => {
        // @grpc/reflection types its argument with its own copy of proto-loader; the shape is the same.
        new ReflectionService(definition as ConstructorParameters<typeof ReflectionService>[0]).addToServer(server);
      },
    },
  };
}

/** A port free on `host` now (grpc-js does not report the port it bound through Nest). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
