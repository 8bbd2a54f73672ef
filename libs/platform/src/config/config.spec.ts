import { join } from 'node:path';
import { ALL_SECRETS, ConfigError, loadConfig, secretOf, type SecretName } from './hookstream-config';

/** The problems loadConfig lists for `env`, or [] when it accepts it. */
function problemsOf(env: Record<string, string>, secrets: readonly SecretName[]): string[] {
  try {
    loadConfig(env, 3000, secrets);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const PRODUCTION_SECRETS = {
  HOOKSTREAM_ADMIN_TOKEN: 'x'.repeat(32),
  HOOKSTREAM_MASTER_KEY: key(1),
  HOOKSTREAM_MASTER_KEY_PREVIOUS: key(2),
  HOOKSTREAM_TOKEN_KEY: key(3),
  HOOKSTREAM_TOKEN_KEY_PREVIOUS: key(4),
};

describe('loadConfig', () => {
  it('uses the documented development defaults', () => {
    const config = loadConfig({});
    expect(config.natsUrl).toBe('nats://127.0.0.1:4222');
    expect(config.port).toBe(3000);
    expect(config.prefix).toBe('hookstream');
    expect(config.host).toBe('127.0.0.1');
    expect(secretOf(config, 'masterKeys').current).toHaveLength(32);
    expect(secretOf(config, 'tokenKeys').current.asymmetricKeyType).toBe('ed25519');
    expect(config.apiLimits).toEqual({ operatorPerSecond: 2000, appTokenPerSecond: 100, addressPerSecond: 200, authFailuresPerMinute: 30, trustProxyHops: 0 });
    expect(config.appQuotas).toEqual({ endpointsPerApp: 20_000, maxConcurrency: 100, timeoutMs: 30_000, rateLimit: 1000 });
  });

  it('gives in-flight work 20 s on SIGTERM unless HOOKSTREAM_SHUTDOWN_TIMEOUT_MS says otherwise', () => {
    expect(loadConfig({}).shutdownTimeoutMs).toBe(20_000);
    expect(loadConfig({ HOOKSTREAM_SHUTDOWN_TIMEOUT_MS: '5000' }).shutdownTimeoutMs).toBe(5000);
    expect(() => loadConfig({ HOOKSTREAM_SHUTDOWN_TIMEOUT_MS: '20s' })).toThrow(/HOOKSTREAM_SHUTDOWN_TIMEOUT_MS/);
  });

  it('refuses to start in production without any of the secrets it asked for, naming each', () => {
    expect(problemsOf({ NODE_ENV: 'production' }, ALL_SECRETS)).toEqual([
      expect.stringContaining('HOOKSTREAM_ADMIN_TOKEN'),
      expect.stringContaining('HOOKSTREAM_MASTER_KEY'),
      expect.stringContaining('HOOKSTREAM_TOKEN_KEY'),
    ]);
  });

  it('lists every invalid value at once', () => {
    const attempt = () => loadConfig({ PORT: 'abc', HOOKSTREAM_PREFIX: 'a.b', HOOKSTREAM_SSRF_ALLOW: '127.0.0.1/32,nonsense' });
    expect(attempt).toThrow(/PORT[\s\S]*nonsense[\s\S]*HOOKSTREAM_PREFIX/);
  });

  it('allows loopback by default in development only', () => {
    expect(loadConfig({}).ssrfAllow).toEqual(['127.0.0.0/8', '::1/128']);
    expect(loadConfig({ NODE_ENV: 'production' }, 3000, []).ssrfAllow).toEqual([]);
  });

  it('parses the SSRF allowlist', () => {
    expect(loadConfig({ HOOKSTREAM_SSRF_ALLOW: '127.0.0.1/32, ::1/128' }).ssrfAllow).toEqual(['127.0.0.1/32', '::1/128']);
  });

  it.each([
    ['NATS_URL', 'http://127.0.0.1:4222', /NATS_URL: "http:\/\/127\.0\.0\.1:4222" is not a nats:\/\/host:port URL/],
    ['NATS_URL', 'nats://a:4222,localhost:4222', /NATS_URL: "localhost:4222"/],
    ['DATABASE_URL', 'mysql://db/hookstream', /DATABASE_URL: "mysql:\/\/db\/hookstream" is not a postgres:\/\//],
    ['PORT', '70000', /PORT must be a port number, got "70000"/],
    ['HOOKSTREAM_ADMIN_TOKEN', 'short', /HOOKSTREAM_ADMIN_TOKEN must be at least 16 characters/],
    ['HOOKSTREAM_MASTER_KEY', Buffer.alloc(16).toString('base64'), /HOOKSTREAM_MASTER_KEY must be base64 of exactly 32 bytes/],
    ['HOOKSTREAM_MASTER_KEY_PREVIOUS', 'nope', /HOOKSTREAM_MASTER_KEY_PREVIOUS must be base64 of exactly 32 bytes/],
    ['HOOKSTREAM_TOKEN_KEY', Buffer.alloc(31).toString('base64'), /HOOKSTREAM_TOKEN_KEY must be base64 of exactly 32 bytes/],
    ['HOOKSTREAM_TOKEN_KEY_PREVIOUS', Buffer.alloc(64).toString('base64'), /HOOKSTREAM_TOKEN_KEY_PREVIOUS must be base64 of exactly 32 bytes/],
    ['HOOKSTREAM_HOST', 'example.com', /HOOKSTREAM_HOST must be an IP address \(e\.g\. 0\.0\.0\.0 or ::\), got "example\.com"/],
    ['HOOKSTREAM_RATE_LIMIT_OPERATOR', '0', /HOOKSTREAM_RATE_LIMIT_OPERATOR must be a whole number ≥ 1, got "0"/],
    ['HOOKSTREAM_RATE_LIMIT_APP_TOKEN', '0', /HOOKSTREAM_RATE_LIMIT_APP_TOKEN must be a whole number ≥ 1/],
    ['HOOKSTREAM_RATE_LIMIT_ADDRESS', '0', /HOOKSTREAM_RATE_LIMIT_ADDRESS must be a whole number ≥ 1/],
    ['HOOKSTREAM_RATE_LIMIT_AUTH_FAILURES', '0', /HOOKSTREAM_RATE_LIMIT_AUTH_FAILURES must be a whole number ≥ 1/],
    ['HOOKSTREAM_MAX_ENDPOINTS_PER_APP', '0', /HOOKSTREAM_MAX_ENDPOINTS_PER_APP must be a whole number ≥ 1/],
    ['HOOKSTREAM_APP_TOKEN_MAX_CONCURRENCY', '0', /HOOKSTREAM_APP_TOKEN_MAX_CONCURRENCY must be a whole number ≥ 1/],
    ['HOOKSTREAM_APP_TOKEN_MAX_TIMEOUT_MS', '0', /HOOKSTREAM_APP_TOKEN_MAX_TIMEOUT_MS must be a whole number ≥ 1/],
    ['HOOKSTREAM_APP_TOKEN_MAX_RATE_LIMIT', '0', /HOOKSTREAM_APP_TOKEN_MAX_RATE_LIMIT must be a whole number ≥ 1/],
    ['HOOKSTREAM_TRUST_PROXY', '-1', /HOOKSTREAM_TRUST_PROXY must be a whole number of proxy hops/],
    ['HOOKSTREAM_ROTATION_GRACE_SECONDS', '1h', /HOOKSTREAM_ROTATION_GRACE_SECONDS must be a whole number of seconds/],
    ['HOOKSTREAM_STREAM_REPLICAS', '2', /HOOKSTREAM_STREAM_REPLICAS must be 1, 3 or 5/],
    ['HOOKSTREAM_DISPATCH_MAX_DELIVER', '1', /HOOKSTREAM_DISPATCH_MAX_DELIVER must be an integer ≥ 2/],
    ['HOOKSTREAM_ENDPOINT_DISABLE_AFTER_SECONDS', '-1', /HOOKSTREAM_ENDPOINT_DISABLE_AFTER_SECONDS must be a whole number of seconds/],
    ['HOOKSTREAM_PAYLOAD_RETENTION_DAYS', '0', /HOOKSTREAM_PAYLOAD_RETENTION_DAYS must be a whole number of days ≥ 1/],
    ['HOOKSTREAM_ATTEMPT_RETENTION_DAYS', 'x', /HOOKSTREAM_ATTEMPT_RETENTION_DAYS must be a whole number of days ≥ 1/],
    ['HOOKSTREAM_GRPC_PORT', '99999', /HOOKSTREAM_GRPC_PORT must be a port number, got "99999"/],
    ['LOG_LEVEL', 'verbose', /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"/],
    ['HOOKSTREAM_RUN_MIGRATIONS', 'no', /HOOKSTREAM_RUN_MIGRATIONS must be true or false, got "no"/],
  ])('names the variable and what it must be when %s is %p', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('never prints the credentials of a bad connection URL', () => {
    const attempt = () => loadConfig({ NATS_URL: 'http://user:natspass@host:4222', DATABASE_URL: 'mysql://root:dbpass@db/x' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).not.toThrow(/natspass|dbpass/);
    expect(attempt).toThrow(/DATABASE_URL: "mysql:\/\/\*\*\*@db\/x"/);
    expect(attempt).toThrow(/NATS_URL: "http:\/\/\*\*\*@host:4222"/);
  });

  it('accepts several NATS servers, pino levels and an explicit HOOKSTREAM_RUN_MIGRATIONS', () => {
    const config = loadConfig({ NATS_URL: 'nats://a:4222, tls://b:4222', LOG_LEVEL: 'debug', HOOKSTREAM_RUN_MIGRATIONS: 'false' });
    expect(config.logLevel).toBe('debug');
    expect(config.runMigrations).toBe(false);
    expect(loadConfig({}).runMigrations).toBe(true);
  });

  it('resolves the web console directory from the working directory', () => {
    expect(loadConfig({}).consoleDir).toBe(join(process.cwd(), 'dist/apps/console'));
    expect(loadConfig({ HOOKSTREAM_CONSOLE_DIR: 'build/console' }).consoleDir).toBe(join(process.cwd(), 'build/console'));
    expect(loadConfig({ HOOKSTREAM_CONSOLE_DIR: '/srv/console' }).consoleDir).toBe('/srv/console');
  });
});

describe('loadConfig: each service loads only its own secrets', () => {
  it('refuses to start the signer in production without HOOKSTREAM_MASTER_KEY, and says so', () => {
    expect(problemsOf({ NODE_ENV: 'production', HOOKSTREAM_ADMIN_TOKEN: 'x'.repeat(32) }, ['masterKey'])).toEqual([
      expect.stringMatching(/^HOOKSTREAM_MASTER_KEY is required in production/),
    ]);
  });

  it('starts a service that asks for no secret in production without any of them', () => {
    expect(problemsOf({ NODE_ENV: 'production' }, [])).toEqual([]);
  });

  it('loads no secret for a service that asks for none, even when the environment holds them all', () => {
    expect(loadConfig({ NODE_ENV: 'production', ...PRODUCTION_SECRETS }, 3004, []).secrets).toEqual({});
    expect(loadConfig(PRODUCTION_SECRETS, 3004, []).secrets).toEqual({});
  });

  it('loads exactly the secrets asked for, with the previous keys of a key change', () => {
    const signer = loadConfig({ NODE_ENV: 'production', ...PRODUCTION_SECRETS }, 3003, ['masterKey']);
    expect(Object.keys(signer.secrets)).toEqual(['masterKeys']);
    expect(secretOf(signer, 'masterKeys')).toEqual({ current: Buffer.alloc(32, 1), previous: Buffer.alloc(32, 2) });

    const deliveryLog = loadConfig({ NODE_ENV: 'production', ...PRODUCTION_SECRETS }, 3002, ['adminToken', 'tokenKey']);
    expect(Object.keys(deliveryLog.secrets).sort()).toEqual(['adminToken', 'tokenKeys']);
    const tokenKeys = secretOf(deliveryLog, 'tokenKeys');
    expect(tokenKeys.current.asymmetricKeyType).toBe('ed25519');
    expect(tokenKeys.previous?.asymmetricKeyType).toBe('ed25519');
    expect(tokenKeys.current.equals(tokenKeys.previous ?? tokenKeys.current)).toBe(false);
  });

  it('says which secret a process forgot to ask for', () => {
    expect(() => secretOf(loadConfig({}, 3004, []), 'adminToken')).toThrow(/did not load the secret "adminToken"/);
  });
});

describe('loadConfig: the listening address', () => {
  it('listens on loopback outside production and on every address in production, unless HOOKSTREAM_HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'production' }, 3000, []).host).toBe('0.0.0.0');
    expect(loadConfig({ HOOKSTREAM_HOST: '::' }).host).toBe('::');
    expect(loadConfig({ NODE_ENV: 'production', HOOKSTREAM_HOST: '10.0.0.5' }, 3000, []).host).toBe('10.0.0.5');
  });

  it('leaves streams unlimited by default and reads each stream\'s bytes and messages', () => {
    expect(loadConfig({}).streamLimits.deliveries).toEqual({ maxBytes: -1, maxMsgs: -1 });
    const limits = loadConfig({ HOOKSTREAM_EVENTS_MAX_BYTES: '4096', HOOKSTREAM_DELIVERIES_MAX_MSGS: '5', HOOKSTREAM_LOG_MAX_BYTES: '-1' }).streamLimits;
    expect(limits).toEqual({ events: { maxBytes: 4096, maxMsgs: -1 }, deliveries: { maxBytes: -1, maxMsgs: 5 }, log: { maxBytes: -1, maxMsgs: -1 } });
    expect(() => loadConfig({ HOOKSTREAM_LOG_MAX_MSGS: '0' })).toThrow(/HOOKSTREAM_LOG_MAX_MSGS must be a whole number ≥ 1, or -1/);
    expect(() => loadConfig({ HOOKSTREAM_EVENTS_MAX_BYTES: '1GB' })).toThrow(/HOOKSTREAM_EVENTS_MAX_BYTES/);
  });
});
