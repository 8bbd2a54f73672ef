import { createPrivateKey, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import * as ipaddr from 'ipaddr.js';
import type { StreamLimit, StreamLimits } from '@hookstream/contracts';
import { databaseUrlProblem, natsUrlProblems } from './connection-urls';

/** Development defaults; production (`NODE_ENV=production`) refuses to start without the secrets a service uses. */
const DEV_ADMIN_TOKEN = 'hs_dev_admin_token';
const DEV_MASTER_KEY = 'ZGV2LW9ubHktbWFzdGVyLWtleS1kby1ub3QtdXNlISE='; // base64 of a 32-byte dev-only key
const DEV_TOKEN_KEY = 'ZGV2LW9ubHktYXBwLXRva2VuLWtleS1kb250LXVzZSE='; // base64 of a 32-byte dev-only ed25519 seed

/**
 * The secrets a process may hold. Each service loads only the ones it uses: the operator token where REST is
 * served (ingest, delivery-log), the master key in the signer alone, the app-token signing key where app tokens
 * are issued (delivery-log). The all-in-one launcher and the tests load them all.
 */
export type SecretName = 'adminToken' | 'masterKey' | 'tokenKey';
export const ALL_SECRETS: readonly SecretName[] = ['adminToken', 'masterKey', 'tokenKey'];

/** A key and the one it replaces, during a change of key. */
export interface KeyPair<K> {
  current: K;
  previous: K | null;
}

/** The secrets loaded by this process; a secret it did not ask for is absent. */
export interface ServiceSecrets {
  adminToken?: string;
  /** HOOKSTREAM_MASTER_KEY(_PREVIOUS): 32 bytes for AES-256-GCM; the previous one only opens rows to reseal them. */
  masterKeys?: KeyPair<Buffer>;
  /** HOOKSTREAM_TOKEN_KEY(_PREVIOUS): ed25519 private keys signing app tokens; tokens of the previous one still verify. */
  tokenKeys?: KeyPair<KeyObject>;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 20_000;

/** Validated configuration, injected by this class as its token. */
export class HookstreamConfig {
  readonly production: boolean;
  readonly natsUrl: string;
  readonly databaseUrl: string;
  readonly port: number;
  /** HOOKSTREAM_HOST: the address REST and gRPC listen on (127.0.0.1 outside production, 0.0.0.0 in production). */
  readonly host: string;
  readonly secrets: ServiceSecrets;
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
  readonly apiLimits: ApiLimits;
  readonly appQuotas: AppQuotas;
  /** HOOKSTREAM_{EVENTS,DELIVERIES,LOG}_MAX_{BYTES,MSGS}: what each stream may hold (-1, the default: unlimited). */
  readonly streamLimits: StreamLimits;
}

/** Requests a second allowed to the REST and gRPC admin API (per replica), and failed sign-ins a minute. */
export interface ApiLimits {
  /** HOOKSTREAM_RATE_LIMIT_OPERATOR: requests a second with the operator token. */
  operatorPerSecond: number;
  /** HOOKSTREAM_RATE_LIMIT_APP_TOKEN: requests a second with one app token. */
  appTokenPerSecond: number;
  /** HOOKSTREAM_RATE_LIMIT_ADDRESS: requests a second from one client address, whatever the token. */
  addressPerSecond: number;
  /** HOOKSTREAM_RATE_LIMIT_AUTH_FAILURES: failed authentications a minute from one client address. */
  authFailuresPerMinute: number;
  /** HOOKSTREAM_TRUST_PROXY: proxy hops whose X-Forwarded-For names the client (0: the socket's peer is the client). */
  trustProxyHops: number;
}

/** What one app may have, and the largest settings an app token may give its endpoints. */
export interface AppQuotas {
  /** HOOKSTREAM_MAX_ENDPOINTS_PER_APP */
  endpointsPerApp: number;
  /** HOOKSTREAM_APP_TOKEN_MAX_CONCURRENCY */
  maxConcurrency: number;
  /** HOOKSTREAM_APP_TOKEN_MAX_TIMEOUT_MS */
  timeoutMs: number;
  /** HOOKSTREAM_APP_TOKEN_MAX_RATE_LIMIT: deliveries a second. */
  rateLimit: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/** pino's levels. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads and validates the environment, with the secrets named in `secrets` and no others. Throws ConfigError
 * listing every problem at once.
 */
export function loadConfig(env: Env = process.env, defaultPort = 3000, secrets: readonly SecretName[] = ALL_SECRETS): HookstreamConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';

  const natsUrl = env.NATS_URL ?? 'nats://127.0.0.1:4222';
  problems.push(...natsUrlProblems(natsUrl));

  const databaseUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hookstream';
  const databaseProblem = databaseUrlProblem(databaseUrl);
  if (databaseProblem) problems.push(databaseProblem);

  const port = parseInteger(env.PORT, defaultPort);
  if (port === null || port < 0 || port > 65535) problems.push(`PORT must be a port number, got "${env.PORT}"`);

  const host = env.HOOKSTREAM_HOST || (production ? '0.0.0.0' : '127.0.0.1');
  if (!isIP(host) && host !== 'localhost') problems.push(`HOOKSTREAM_HOST must be an IP address (e.g. 0.0.0.0 or ::), got "${host}"`);

  const loadedSecrets = loadSecrets(env, secrets, production, problems);

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

  const positive = (name: string, fallback: number): number => {
    const value = parseInteger(env[name], fallback);
    if (!value) problems.push(`${name} must be a whole number ≥ 1, got "${env[name]}"`);
    return value ?? fallback;
  };
  const apiLimits: ApiLimits = {
    operatorPerSecond: positive('HOOKSTREAM_RATE_LIMIT_OPERATOR', 2000),
    appTokenPerSecond: positive('HOOKSTREAM_RATE_LIMIT_APP_TOKEN', 100),
    addressPerSecond: positive('HOOKSTREAM_RATE_LIMIT_ADDRESS', 200),
    authFailuresPerMinute: positive('HOOKSTREAM_RATE_LIMIT_AUTH_FAILURES', 30),
    trustProxyHops: parseInteger(env.HOOKSTREAM_TRUST_PROXY, 0) ?? 0,
  };
  if (parseInteger(env.HOOKSTREAM_TRUST_PROXY, 0) === null) problems.push('HOOKSTREAM_TRUST_PROXY must be a whole number of proxy hops');
  const appQuotas: AppQuotas = {
    endpointsPerApp: positive('HOOKSTREAM_MAX_ENDPOINTS_PER_APP', 20_000),
    maxConcurrency: positive('HOOKSTREAM_APP_TOKEN_MAX_CONCURRENCY', 100),
    timeoutMs: positive('HOOKSTREAM_APP_TOKEN_MAX_TIMEOUT_MS', 30_000),
    rateLimit: positive('HOOKSTREAM_APP_TOKEN_MAX_RATE_LIMIT', 1000),
  };

  const streamLimit = (stream: string): StreamLimit => {
    const read = (name: string) => {
      const raw = env[name];
      if (raw === undefined || raw === '' || raw === '-1') return -1;
      if (!/^\d+$/.test(raw) || Number(raw) < 1) problems.push(`${name} must be a whole number ≥ 1, or -1 for unlimited, got "${raw}"`);
      return Number(raw);
    };
    return { maxBytes: read(`HOOKSTREAM_${stream}_MAX_BYTES`), maxMsgs: read(`HOOKSTREAM_${stream}_MAX_MSGS`) };
  };
  const streamLimits: StreamLimits = { events: streamLimit('EVENTS'), deliveries: streamLimit('DELIVERIES'), log: streamLimit('LOG') };

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.assign(new HookstreamConfig(), {
    production,
    natsUrl,
    databaseUrl,
    port: port as number,
    host,
    secrets: loadedSecrets,
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
    apiLimits,
    appQuotas,
    streamLimits,
  });
}

function parseInteger(value: string | undefined, fallback: number): number | null {
  if (value === undefined || value === '') return fallback;
  return /^\d+$/.test(value) ? Number(value) : null;
}

function loadSecrets(env: Env, names: readonly SecretName[], production: boolean, problems: string[]): ServiceSecrets {
  const secrets: ServiceSecrets = {};
  if (names.includes('adminToken')) {
    const adminToken = env.HOOKSTREAM_ADMIN_TOKEN ?? (production ? '' : DEV_ADMIN_TOKEN);
    if (!adminToken) problems.push('HOOKSTREAM_ADMIN_TOKEN is required in production');
    else if (adminToken.length < 16) problems.push('HOOKSTREAM_ADMIN_TOKEN must be at least 16 characters');
    else secrets.adminToken = adminToken;
  }
  if (names.includes('masterKey')) {
    secrets.masterKeys = keyPair(env, 'HOOKSTREAM_MASTER_KEY', production ? undefined : DEV_MASTER_KEY, (key) => key, problems);
  }
  if (names.includes('tokenKey')) {
    secrets.tokenKeys = keyPair(env, 'HOOKSTREAM_TOKEN_KEY', production ? undefined : DEV_TOKEN_KEY, ed25519PrivateKey, problems);
  }
  return secrets;
}

/** `<name>` (required) and `<name>_PREVIOUS` (optional), each base64 of 32 bytes. */
function keyPair<K>(env: Env, name: string, fallback: string | undefined, toKey: (bytes: Buffer) => K, problems: string[]): KeyPair<K> | undefined {
  const current = parseKeyBytes(env[name] ?? fallback, name, problems);
  const previousName = `${name}_PREVIOUS`;
  const previous = env[previousName] ? parseKeyBytes(env[previousName], previousName, problems) : null;
  if (!current || (env[previousName] && !previous)) return undefined;
  return { current: toKey(current), previous: previous && toKey(previous) };
}

function parseKeyBytes(value: string | undefined, name: string, problems: string[]): Buffer | null {
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

/** PKCS#8 DER header of an ed25519 private key; the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function ed25519PrivateKey(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
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

/** A secret this process loaded; a service asking for one it did not declare is a wiring error, said at start-up. */
export function secretOf<K extends keyof ServiceSecrets>(config: HookstreamConfig, name: K): NonNullable<ServiceSecrets[K]> {
  const value = config.secrets[name];
  if (value === undefined) throw new Error(`This process did not load the secret "${name}": add it to the service's secrets`);
  return value as NonNullable<ServiceSecrets[K]>;
}
