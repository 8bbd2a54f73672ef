import { createServer, isIPv6, type AddressInfo } from 'node:net';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type GrpcOptions } from '@nestjs/microservices';
import { ReflectionService } from '@grpc/reflection';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { Subjects } from '@hookstream/contracts';
import { HookstreamConfig } from '../config/hookstream-config';
import { serveOpenApi } from '../http/openapi';
import { answerBodyParserErrors, rejectUnstorableRequests } from '../http/request-hygiene';
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
  /** Listen on this address instead of config.host (HOOKSTREAM_HOST), for REST and gRPC alike. */
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
  configureHttp(app, options.config);
  serveOpenApi(app, `Hookstream ${options.name ?? 'API'}`);
  if (options.rpcQueue) {
    app.connectMicroservice(
      { strategy: new PrefixedNatsServer(new Subjects(options.config.prefix), natsTransportOptions(options.config, options.rpcQueue)) },
      { inheritAppConfig: true },
    );
  }
  const host = options.host ?? options.config.host;
  if (options.grpc) {
    const port = options.grpc.port === 0 ? await freePort(host) : options.grpc.port;
    app.connectMicroservice<GrpcOptions>(grpcTransportOptions(options.grpc, hostAndPort(host, port)));
    grpcPorts.set(app, port);
  }
  if (options.rpcQueue || options.grpc) await app.startAllMicroservices();
  await app.listen(options.port ?? options.config.port, host);
  return app;
}

/** `host:port`, with an IPv6 host in brackets (`[::]:50051`). */
export function hostAndPort(host: string, port: number): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The address the application's HTTP server is bound to, as a URL (`http://127.0.0.1:3001`). */
export function listeningUrl(app: INestApplication): string {
  const { address, port } = app.getHttpServer().address() as AddressInfo;
  return `http://${hostAndPort(address, port)}`;
}

/** JSON bodies up to this size are parsed; ingest refuses payloads over 256 KiB itself, with a clear 413. */
const JSON_BODY_LIMIT = '1mb';

export function configureHttp(app: INestApplication, config: HookstreamConfig): void {
  const express = (app as NestExpressApplication).useBodyParser('json', { limit: JSON_BODY_LIMIT });
  express.use(answerBodyParserErrors);
  express.use(rejectUnstorableRequests);
  app.useGlobalPipes(svixValidationPipe());
  // The client address that rate limits count: the socket's peer, or what the trusted proxies in front say.
  express.set('trust proxy', config.apiLimits.trustProxyHops || false);
  express.disable('x-powered-by');
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
