import type { Params } from 'nestjs-pino';

/**
 * nestjs-pino's settings: JSON logs at `level`, named after the process, with no per-request middleware.
 * The middleware would bind each request's logger with AsyncLocalStorage, and on Node 20 the first request (a
 * readiness probe is enough) switches promise hooks on for the rest of the process: a JS callback on every promise
 * of the delivery path (2–3 % of the dispatcher's and ingest's CPU in self time alone, more in garbage; see
 * docs/benchmarks.md). Request errors name their route themselves (SvixExceptionFilter).
 */
export function loggerParams(level: string, serviceName: string): Params {
  return {
    forRoutes: [],
    pinoHttp: { level, name: serviceName, redact: ['req.headers.authorization', 'req.headers.cookie'] },
  };
}
