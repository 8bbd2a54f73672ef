import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { secretOf, type KeyPair } from '@hookstream/platform';
import { reencryptSigningKeys, SecretCipher } from '@hookstream/signer';
import { AdminApi } from './support/admin-api';
import { startAllInOneForTest, type RunningService } from './support/services';
import { TestEnvironment } from './support/test-environment';

interface RawRow {
  owner: string;
  sealed: Buffer;
  master_key_id: string;
}

describe('signing secrets at rest', () => {
  let env: TestEnvironment;
  let running: RunningService | undefined;
  const secret = 'whsec_' + randomBytes(32).toString('base64');
  let endpointPath: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
  });

  afterAll(async () => {
    await running?.app.close();
    await env?.destroy();
  });

  /** The all-in-one launcher, with the environment's master key or the given one. */
  async function start(masterKeys?: KeyPair<Buffer>): Promise<AdminApi> {
    await running?.app.close();
    running = await startAllInOneForTest(masterKeys ? { ...env.config, secrets: { ...env.config.secrets, masterKeys } } : env.config);
    return new AdminApi(running.url, env.adminToken);
  }

  const masterKey = () => secretOf(env.config, 'masterKeys').current;

  async function rawRows(): Promise<RawRow[]> {
    const client = new Client({ connectionString: env.config.databaseUrl });
    await client.connect();
    try {
      return (await client.query<RawRow>('SELECT owner, sealed, master_key_id FROM signer.signing_keys')).rows;
    } finally {
      await client.end();
    }
  }

  it('stores the secret sealed: the raw row holds neither the secret nor its base64 body, and opens only with the master key', async () => {
    const api = await start();
    const app = await api.request<{ id: string }>('POST', '/api/v1/app', { name: 'At rest' });
    const endpoint = await api.request<{ id: string }>('POST', `/api/v1/app/${app.body.id}/endpoint`, { url: 'http://127.0.0.1:9/hook', secret });
    expect(endpoint.status).toBe(201);
    endpointPath = `/api/v1/app/${app.body.id}/endpoint/${endpoint.body.id}/secret`;

    const row = (await rawRows()).find((candidate) => candidate.owner === endpoint.body.id);
    if (!row) throw new Error('no signing_keys row for the endpoint');
    const body = secret.slice('whsec_'.length);
    const decoded = Buffer.from(body, 'base64');
    for (const text of [row.sealed.toString('utf8'), row.sealed.toString('latin1'), row.sealed.toString('base64'), row.sealed.toString('hex')]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(body);
    }
    expect(row.sealed.includes(decoded)).toBe(false);
    expect(row.sealed.includes(Buffer.from(secret))).toBe(false);

    expect(new SecretCipher(masterKey()).open(row.sealed, row.owner)).toBe(secret);
    expect(() => new SecretCipher(randomBytes(32)).open(row.sealed, row.owner)).toThrow();
    expect(row.master_key_id).toBe(new SecretCipher(masterKey()).keyId);
  });

  it('reseals every row under a new master key with HOOKSTREAM_MASTER_KEY_PREVIOUS, and with reencryptSigningKeys', async () => {
    const second = randomBytes(32);
    let api = await start({ current: second, previous: masterKey() });
    expect((await api.request<{ key: string }>('GET', endpointPath)).body.key).toBe(secret);
    for (const row of await rawRows()) {
      expect(row.master_key_id).toBe(new SecretCipher(second).keyId);
      expect(() => new SecretCipher(masterKey()).open(row.sealed, row.owner)).toThrow();
    }

    await running?.app.close();
    running = undefined;
    const third = randomBytes(32);
    const dataSource = await new DataSource({ type: 'postgres', url: env.config.databaseUrl }).initialize();
    try {
      expect(await reencryptSigningKeys(dataSource, second, third)).toBeGreaterThanOrEqual(2); // endpoint + callback
      expect(await reencryptSigningKeys(dataSource, second, third)).toBe(0);
    } finally {
      await dataSource.destroy();
    }
    api = await start({ current: third, previous: null });
    expect((await api.request<{ key: string }>('GET', endpointPath)).body.key).toBe(secret);

    // With a master key that sealed nothing, the signer refuses, and says so without the secret.
    api = await start({ current: randomBytes(32), previous: null });
    const refused = await api.request<{ detail: string }>('GET', endpointPath);
    expect(refused.status).toBe(500);
    expect(JSON.stringify(refused.body)).not.toContain(secret.slice(6));
  });
});
