import { ConfigError, loadConfig } from './hookstream-config';

describe('loadConfig', () => {
  it('uses the documented development defaults', () => {
    const config = loadConfig({});
    expect(config.natsUrl).toBe('nats://127.0.0.1:4222');
    expect(config.port).toBe(3000);
    expect(config.prefix).toBe('hookstream');
    expect(config.masterKey).toHaveLength(32);
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
});
