import { isIP } from 'node:net';
import { resolve } from 'node:path';
import * as ipaddr from 'ipaddr.js';
import { databaseUrlProblem, natsUrlProblems } from './connection-urls';

/** Development defaults; production (`NODE_ENV=production`) refuses to start without the two secrets. */
const DEV_ADMIN_TOKEN = 'hs_dev_admin_token';
const DEV_MASTER_KEY = 'ZGV2LW9ubHktbWFzdGVyLWtleS1kby1ub3QtdXNlISE='; // base64 of a 32-byte dev-only key

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 20_000;

/** Validated configuration, injected by this class as its token. */
export class HookstreamConfig {
  readonly production: boolean;
  readonly natsUrl: string;
  readonly databaseUrl: string;
  readonly port: number;
  readonly adminToken: string;
  /** 32 bytes for AES-256-GCM. */
  readonly masterKey: Buffer;
  /** HOOKSTREAM_MASTER_KEY_PREVIOUS: after a master key change, the signer opens rows sealed with it and reseals them. */
  readonly masterKeyPrevious: Buffer | null;
  /** HOOKSTREAM_ROTATION_GRACE_SECONDS: how long rotated-out signing keys keep signing (default 24 h). */
  readonly rotationGraceSeconds: number;
  readonly ssrfAllow: string[];
  readonly prefix: string;
  readonly streamReplicas: number;
  readonly logLevel: string;
  readonly runMigrations: boolean;
  /** Deliveries of one task (crashes, handler errors) before it is dead-lettered. */
  readonly dispatchMaxDeliver: number;
  /** An endpoint failing without a success for this long is disabled (Svix: 5 days). */
  readonly endpointDisableAfterSeconds: number;
  /** delivery-log expunges message payloads older than this (days). */
  readonly payloadRetentionDays: number;
  /** delivery-log deletes attempts older than this (days). */
  readonly attemptRetentionDays: number;
  /** HOOKSTREAM_GRPC_PORT: the gRPC admin API's port in delivery-log and the all-in-one launcher (0 = any free port). */
  readonly grpcPort: number;
  /** HOOKSTREAM_CONSOLE_DIR: the web console's static build, served by delivery-log at /console (absolute path). */
  readonly consoleDir: string;
  /**
   * HOOKSTREAM_SHUTDOWN_TIMEOUT_MS: on SIGTERM, how long in-flight messages get to finish before they are handed
   * back to JetStream (default 20 s; with the pods' 5 s preStop it stays inside a 30 s grace period).
   */
  readonly shutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/** pino's levels. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and validates the environment (SPEC §8 names). Throws ConfigError listing every problem at once. */
export function loadConfig(env: Env = process.env, defaultPort = 3000): HookstreamConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';

  const natsUrl = env.NATS_URL ?? 'nats://127.0.0.1:4222';
  problems.push(...natsUrlProblems(natsUrl));

  const databaseUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hookstream';
  const databaseProblem = databaseUrlProblem(databaseUrl);
  if (databaseProblem) problems.push(databaseProblem);

  const port = parseInteger(env.PORT, defaultPort);
  if (port === null || port < 0 || port > 65535) problems.push(`PORT must be a port number, got "${env.PORT}"`);

  const adminToken = env.HOOKSTREAM_ADMIN_TOKEN ?? (production ? '' : DEV_ADMIN_TOKEN);
  if (!adminToken) problems.push('HOOKSTREAM_ADMIN_TOKEN is required in production');
  else if (adminToken.length < 16) problems.push('HOOKSTREAM_ADMIN_TOKEN must be at least 16 characters');

  const masterKey = parseMasterKey(env.HOOKSTREAM_MASTER_KEY ?? (production ? undefined : DEV_MASTER_KEY), problems);

  const masterKeyPrevious = env.HOOKSTREAM_MASTER_KEY_PREVIOUS
    ? parseMasterKey(env.HOOKSTREAM_MASTER_KEY_PREVIOUS, problems, 'HOOKSTREAM_MASTER_KEY_PREVIOUS')
    : null;

  const rotationGraceSeconds = parseInteger(env.HOOKSTREAM_ROTATION_GRACE_SECONDS, 24 * 3600);
  if (rotationGraceSeconds === null) problems.push('HOOKSTREAM_ROTATION_GRACE_SECONDS must be a whole number of seconds');

  // Development delivers to loopback receivers; production allows only what is configured.
  const ssrfDefault = production ? '' : '127.0.0.0/8,::1/128';
  const ssrfAllow = (env.HOOKSTREAM_SSRF_ALLOW ?? ssrfDefault).split(',').map((s) => s.trim()).filter(Boolean);
  for (const cidr of ssrfAllow) {
    if (!isValidCidr(cidr)) problems.push(`HOOKSTREAM_SSRF_ALLOW: "${cidr}" is not a CIDR (e.g. 127.0.0.1/32)`);
  }

  const prefix = env.HOOKSTREAM_PREFIX ?? 'hookstream';
  if (!/^[A-Za-z0-9_-]+$/.test(prefix)) problems.push(`HOOKSTREAM_PREFIX must match [A-Za-z0-9_-]+, got "${prefix}"`);

  const streamReplicas = parseInteger(env.HOOKSTREAM_STREAM_REPLICAS, 1);
  if (streamReplicas === null || ![1, 3, 5].includes(streamReplicas)) problems.push('HOOKSTREAM_STREAM_REPLICAS must be 1, 3 or 5');

  const dispatchMaxDeliver = parseInteger(env.HOOKSTREAM_DISPATCH_MAX_DELIVER, 100);
  if (dispatchMaxDeliver === null || dispatchMaxDeliver < 2) problems.push('HOOKSTREAM_DISPATCH_MAX_DELIVER must be an integer ≥ 2');

  const endpointDisableAfterSeconds = parseInteger(env.HOOKSTREAM_ENDPOINT_DISABLE_AFTER_SECONDS, 5 * 24 * 3600);
  if (endpointDisableAfterSeconds === null) problems.push('HOOKSTREAM_ENDPOINT_DISABLE_AFTER_SECONDS must be a whole number of seconds');

  const payloadRetentionDays = parseInteger(env.HOOKSTREAM_PAYLOAD_RETENTION_DAYS, 90);
  if (!payloadRetentionDays) problems.push('HOOKSTREAM_PAYLOAD_RETENTION_DAYS must be a whole number of days ≥ 1');
  const attemptRetentionDays = parseInteger(env.HOOKSTREAM_ATTEMPT_RETENTION_DAYS, 90);
  if (!attemptRetentionDays) problems.push('HOOKSTREAM_ATTEMPT_RETENTION_DAYS must be a whole number of days ≥ 1');

  const grpcPort = parseInteger(env.HOOKSTREAM_GRPC_PORT, 50051);
  if (grpcPort === null || grpcPort > 65535) problems.push(`HOOKSTREAM_GRPC_PORT must be a port number, got "${env.HOOKSTREAM_GRPC_PORT}"`);

  const shutdownTimeoutMs = parseInteger(env.HOOKSTREAM_SHUTDOWN_TIMEOUT_MS, DEFAULT_SHUTDOWN_TIMEOUT_MS);
  if (shutdownTimeoutMs === null) problems.push('HOOKSTREAM_SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds');

  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);

  const runMigrations = env.HOOKSTREAM_RUN_MIGRATIONS ?? 'true';
  if (runMigrations !== 'true' && runMigrations !== 'false') problems.push(`HOOKSTREAM_RUN_MIGRATIONS must be true or false, got "${runMigrations}"`);

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.assign(new HookstreamConfig(), {
    production,
    natsUrl,
    databaseUrl,
    port: port as number,
    adminToken,
    masterKey: masterKey as Buffer,
    masterKeyPrevious,
    rotationGraceSeconds: rotationGraceSeconds as number,
    ssrfAllow,
    prefix,
    streamReplicas: streamReplicas as number,
    logLevel,
    runMigrations: runMigrations === 'true',
    dispatchMaxDeliver: dispatchMaxDeliver as number,
    endpointDisableAfterSeconds: endpointDisableAfterSeconds as number,
    payloadRetentionDays: payloadRetentionDays as number,
    attemptRetentionDays: attemptRetentionDays as number,
    grpcPort: grpcPort as number,
    consoleDir: resolve(env.HOOKSTREAM_CONSOLE_DIR ?? 'dist/apps/console'),
    shutdownTimeoutMs: shutdownTimeoutMs as number,
  });
}

function parseInteger(value: string | undefined, fallback: number): number | null {
  if (value === undefined || value === '') return fallback;
  return /^\d+$/.test(value) ? Number(value) : null;
}

function parseMasterKey(value: string | undefined, problems: string[], name = 'HOOKSTREAM_MASTER_KEY'): Buffer | null {
  if (!value) {
    problems.push(`${name} is required in production (base64 of 32 random bytes: \`openssl rand -base64 32\`)`);
    return null;
  }
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) {
    problems.push(`${name} must be base64 of exactly 32 bytes (\`openssl rand -base64 32\`)`);
    return null;
  }
  return key;
}

function isValidCidr(cidr: string): boolean {
  const [address, bits] = cidr.split('/');
  if (!isIP(address) || bits === undefined) return false;
  try {
    ipaddr.parseCIDR(cidr);
    return true;
  } catch {
    return false;
  }
}
