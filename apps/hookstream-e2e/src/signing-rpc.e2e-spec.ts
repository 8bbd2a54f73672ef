import type { ClientProxy } from '@nestjs/microservices';
import { Webhook } from 'standardwebhooks';
import { Subjects, type SigningKeyOwner } from '@hookstream/contracts';
import { natsTransportOptions, PrefixedNatsClient } from '@hookstream/platform';
import { SignerClient, SignerError } from '@hookstream/signer-client';
import type { RunningService } from './support/services';
import { startSignerReplica } from './support/signing-support';
import { TestEnvironment } from './support/test-environment';

describe('the signer request/reply API', () => {
  let env: TestEnvironment;
  let signer: RunningService;
  let client: SignerClient;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    signer = await startSignerReplica(env.config);
    const transport = new PrefixedNatsClient(new Subjects(env.prefix), natsTransportOptions(env.config)) as unknown as ClientProxy;
    client = new SignerClient(transport);
  });

  afterAll(async () => {
    await client?.onModuleDestroy();
    await signer?.app.close();
    await env?.destroy();
  });

  it('signs a batch in one round trip, answering each request in order, failures alone', async () => {
    const owner = 'ep_batch' as SigningKeyOwner;
    await client.createKey({ owner });
    const { key } = await client.revealKey({ owner });
    const timestamp = Math.floor(Date.now() / 1000);
    const body = '{"n":1}';
    const { results } = await client.signBatch({
      requests: [
        { owner, msgId: 'msg_a', timestamp, body, profiles: [] },
        { owner: 'ep_missing' as SigningKeyOwner, msgId: 'msg_b', timestamp, body, profiles: [] },
        { owner, msgId: 'msg_c', timestamp, body, profiles: [{ type: 'hmac-hex', header: 'x-sig' }] },
      ],
    });
    expect(results).toHaveLength(3);
    const [first, missing, third] = results;
    if (!('headers' in first) || !('headers' in third)) throw new Error('expected signed items');
    expect(new Webhook(key).verify(body, first.headers)).toEqual({ n: 1 });
    expect(third.headers['x-sig']).toMatch(/^[0-9a-f]{64}$/);
    expect(missing).toEqual({ error: { status: 'error', code: 'not_found', message: 'no signing secret for ep_missing' } });
  });

  it('signs a batch for owners whose keys it has not loaded yet, each with its own key', async () => {
    const owners = ['ep_cold_1', 'ep_cold_2', 'ep_cold_3'] as SigningKeyOwner[];
    for (const owner of owners) await client.createKey({ owner });
    const timestamp = Math.floor(Date.now() / 1000);
    const body = '{"cold":true}';
    const { results } = await client.signBatch({
      requests: [...owners, 'ep_cold_missing' as SigningKeyOwner].map((owner, n) => ({ owner, msgId: `msg_cold_${n}`, timestamp, body, profiles: [] })),
    });
    for (const [n, owner] of owners.entries()) {
      const result = results[n];
      if (!('headers' in result)) throw new Error(`expected a signature for ${owner}`);
      const { key } = await client.revealKey({ owner });
      expect(new Webhook(key).verify(body, result.headers)).toEqual({ cold: true });
    }
    expect(results[3]).toEqual({ error: { status: 'error', code: 'not_found', message: 'no signing secret for ep_cold_missing' } });
  });

  it('answers errors instead of timing out, without the secret in them', async () => {
    await expect(client.createKey({ owner: 'ep_bad' as SigningKeyOwner, secret: 'whsec_dG9vc2hvcnQ=' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(client.rotateKey({ owner: 'ep_none' as SigningKeyOwner })).rejects.toBeInstanceOf(SignerError);
    await expect(client.rotateKey({ owner: 'ep_none' as SigningKeyOwner })).rejects.toMatchObject({ code: 'not_found' });
  });
});
