import { join } from 'node:path';
import { ConfigError, loadConfig } from './hookstream-config';

describe('loadConfig', () => {
  it('uses the documented development defaults', () => {
    const config = loadConfig({});
    expect(config.natsUrl).toBe('nats://127.0.0.1:4222');
    expect(config.port).toBe(3000);
    expect(config.prefix).toBe('hookstream');
    expect(config.masterKey).toHaveLength(32);
  });

  it('gives in-flight work 20 s on SIGTERM unless HOOKSTREAM_SHUTDOWN_TIMEOUT_MS says otherwise', () => {
    expect(loadConfig({}).shutdownTimeoutMs).toBe(20_000);
    expect(loadConfig({ HOOKSTREAM_SHUTDOWN_TIMEOUT_MS: '5000' }).shutdownTimeoutMs).toBe(5000);
    expect(() => loadConfig({ HOOKSTREAM_SHUTDOWN_TIMEOUT_MS: '20s' })).toThrow(/HOOKSTREAM_SHUTDOWN_TIMEOUT_MS/);
  });

  it('refuses to start in production without the admin token and master key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('HOOKSTREAM_ADMIN_TOKEN');
      expect(problems).toContain('HOOKSTREAM_MASTER_KEY');
    }
  });

  it('lists every invalid value at once', () => {
    const attempt = () => loadConfig({ PORT: 'abc', HOOKSTREAM_PREFIX: 'a.b', HOOKSTREAM_SSRF_ALLOW: '127.0.0.1/32,nonsense' });
    expect(attempt).toThrow(/PORT[\s\S]*nonsense[\s\S]*HOOKSTREAM_PREFIX/);
  });

  it('allows loopback by default in development only', () => {
    expect(loadConfig({}).ssrfAllow).toEqual(['127.0.0.0/8', '::1/128']);
    const production = { NODE_ENV: 'production', HOOKSTREAM_ADMIN_TOKEN: 'x'.repeat(32), HOOKSTREAM_MASTER_KEY: Buffer.alloc(32, 1).toString('base64') };
    expect(loadConfig(production).ssrfAllow).toEqual([]);
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
