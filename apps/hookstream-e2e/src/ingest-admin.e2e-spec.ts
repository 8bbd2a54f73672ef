import { Svix } from 'svix';
import { firstValueFrom } from 'rxjs';
import { IngestPatterns, Subjects, type ManualDeliveryRequest, type OpsEvent } from '@hookstream/contracts';
import { natsTransportOptions, PrefixedNatsClient } from '@hookstream/platform';
import { HookstreamClient } from './support/hookstream-client';
import { Receiver } from './support/receiver';
import { startAllInOneForTest, type RunningService } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

describe('ingest: admin API (svix endpoints, headers, event types), Idempotency-Key, manual delivery RPC', () => {
  let env: TestEnvironment;
  let hookstream: RunningService;
  let receiver: Receiver;
  let client: HookstreamClient;
  let svix: Svix;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    hookstream = await startAllInOneForTest(env.config);
    receiver = await Receiver.start();
    client = new HookstreamClient(hookstream.url, env.adminToken, env.nats, env.prefix);
    svix = new Svix(env.adminToken, { serverUrl: hookstream.url });
  });

  afterAll(async () => {
    await hookstream?.app.close();
    await receiver?.stop();
    await env?.destroy();
  });

  it('updates, patches and deletes endpoints and their headers through the svix client, with ops events', async () => {
    const ops: OpsEvent[] = [];
    const subscription = env.nats.subscribe(`${env.prefix}.ops.*.endpoint.*`, { callback: (_, msg) => ops.push(msg.json<OpsEvent>()) });
    const app = await svix.application.create({ name: 'Crud' });
    const endpoint = await svix.endpoint.create(app.id, { url: receiver.url('/crud'), filterTypes: ['a.b'], headers: { Authorization: 'Bearer s3cret', 'X-Tenant': 'acme' } });

    const updated = await svix.endpoint.update(app.id, endpoint.id, { url: receiver.url('/crud2'), description: 'second' });
    expect(updated).toMatchObject({ url: receiver.url('/crud2'), description: 'second', filterTypes: null });
    const patched = await svix.endpoint.patch(app.id, endpoint.id, { filterTypes: ['render.*'] });
    expect(patched).toMatchObject({ url: receiver.url('/crud2'), description: 'second', filterTypes: ['render.*'] });

    expect(await svix.endpoint.getHeaders(app.id, endpoint.id)).toEqual({ headers: { 'X-Tenant': 'acme' }, sensitive: ['Authorization'] });
    await svix.endpoint.patchHeaders(app.id, endpoint.id, { headers: { 'X-Extra': '1' } });
    expect((await svix.endpoint.getHeaders(app.id, endpoint.id)).headers).toEqual({ 'X-Tenant': 'acme', 'X-Extra': '1' });
    await svix.endpoint.updateHeaders(app.id, endpoint.id, { headers: { 'X-Only': 'yes' } });
    expect(await svix.endpoint.getHeaders(app.id, endpoint.id)).toEqual({ headers: { 'X-Only': 'yes' }, sensitive: [] });
    for (const name of ['content-type', 'User-Agent', 'webhook-id', 'svix-id', 'host']) {
      const refused = await client.api.request('PUT', `/api/v1/app/${app.id}/endpoint/${endpoint.id}/headers`, { headers: { [name]: 'x' } });
      expect(refused.status).toBe(422);
    }

    await client.publish(app.id, { eventType: 'render.done', payload: { n: 1 } });
    await waitFor(async () => receiver.requests.find((r) => r.path === '/crud2'), 10_000, 'delivery to the updated URL');
    expect(receiver.requests.find((r) => r.path === '/crud2')?.headers['x-only']).toBe('yes');

    await svix.endpoint.delete(app.id, endpoint.id);
    expect((await client.api.request('GET', `/api/v1/app/${app.id}/endpoint/${endpoint.id}`)).status).toBe(404);
    await waitFor(async () => ops.some((e) => e.type === 'endpoint.deleted'), 5000, 'endpoint.deleted');
    expect(ops.map((e) => e.type)).toEqual(expect.arrayContaining(['endpoint.created', 'endpoint.updated', 'endpoint.deleted']));
    subscription.unsubscribe();
  });

  it('refuses signatureProfiles on update of an ed25519 endpoint', async () => {
    const app = await svix.application.create({ name: 'Ed' });
    const endpoint = await client.endpoint(app.id, { url: receiver.url('/ed'), keyType: 'ed25519' });
    const refused = await client.api.request('PATCH', `/api/v1/app/${app.id}/endpoint/${endpoint.id}`, {
      signatureProfiles: [{ type: 'hmac-hex', header: 'x-render-signature' }],
    });
    expect(refused.status).toBe(422);
  });

  it('manages apps and event types through the svix client', async () => {
    const app = await svix.application.create({ name: 'Old', uid: 'patchme' });
    expect((await svix.application.update('patchme', { name: 'New', uid: 'patchme' })).name).toBe('New');
    expect((await svix.application.patch('patchme', { metadata: { tier: 'gold' } })).metadata).toEqual({ tier: 'gold' });
    await svix.application.delete(app.id);
    expect((await client.api.request('GET', `/api/v1/app/${app.id}`)).status).toBe(404);

    await svix.eventType.create({ name: 'video.ready', description: 'ready', schemas: { '1': { type: 'object', required: ['id'] } } });
    expect((await svix.eventType.get('video.ready')).schemas).toEqual({ '1': { type: 'object', required: ['id'] } });
    expect((await svix.eventType.update('video.ready', { description: 'Video ready' })).schemas).toBeNull();
    expect((await svix.eventType.patch('video.ready', { deprecated: true })).deprecated).toBe(true);
    expect((await svix.eventType.list()).data.map((t) => t.name)).toContain('video.ready');
    await svix.eventType.delete('video.ready');
    expect((await svix.eventType.get('video.ready')).archived).toBe(true);
    expect((await svix.eventType.list()).data.map((t) => t.name)).not.toContain('video.ready');
  });

  it('answers a repeated Idempotency-Key with the cached response, and concurrent duplicates create one message', async () => {
    const first = await svix.application.create({ name: 'Idem' }, { idempotencyKey: 'create-idem-1' });
    const again = await svix.application.create({ name: 'Idem' }, { idempotencyKey: 'create-idem-1' });
    expect(again.id).toBe(first.id);
    expect((await svix.application.list({ limit: 250 })).data.filter((a) => a.name === 'Idem')).toHaveLength(1);

    await client.endpoint(first.id, { url: receiver.url('/idem') });
    const post = () =>
      fetch(`${hookstream.url}/api/v1/app/${first.id}/msg`, {
        method: 'POST',
        headers: { authorization: `Bearer ${env.adminToken}`, 'content-type': 'application/json', 'idempotency-key': 'msg-key-1' },
        body: JSON.stringify({ eventType: 'render.completed', payload: { n: Math.random() } }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as { id: string } }));
    const answers = await Promise.all([post(), post(), post(), post()]);
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    await waitFor(async () => receiver.requests.some((r) => r.path === '/idem'), 10_000, 'the one delivery');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.requests.filter((r) => r.path === '/idem')).toHaveLength(1);
  });

  it('queues a manual delivery over NATS request/reply, skipping filters, with trigger manual', async () => {
    const app = await client.app('Manual');
    const endpoint = await client.endpoint(app.id, { url: receiver.url('/manual'), filterTypes: ['never.matches'] });
    // A stored message its filters kept from the endpoint: a resend skips filters.
    const message = await client.api.request<{ id: string }>('POST', `/api/v1/app/${app.id}/msg`, { eventType: 'x.y', payload: { resent: true } });
    expect(message.status).toBe(202);
    const rpc = new PrefixedNatsClient(new Subjects(env.prefix), natsTransportOptions(env.config));
    try {
      const request: ManualDeliveryRequest = { appId: app.id as never, endpointId: endpoint.id as never, msgId: message.body.id as never, eventType: 'x.y', body: '{"resent":true}' };
      expect(await firstValueFrom(rpc.send(IngestPatterns.manualDelivery, request))).toEqual({ ok: true });
      expect(await firstValueFrom(rpc.send(IngestPatterns.manualDelivery, request))).toEqual({ ok: true });
      await waitFor(async () => receiver.requests.filter((r) => r.path === '/manual').length === 2, 10_000, 'two manual deliveries');
      expect(receiver.requests.find((r) => r.path === '/manual')?.body).toBe('{"resent":true}');
      const attempts = await waitFor(async () => {
        const list = await client.attempts(app.id, request.msgId);
        return list?.length === 2 && list;
      }, 10_000, 'two logged manual attempts');
      expect(attempts.map((a) => a.triggerType)).toEqual([1, 1]);

      await expect(firstValueFrom(rpc.send(IngestPatterns.manualDelivery, { ...request, endpointId: 'ep_nope' }))).rejects.toMatchObject({ status: 'error', code: 'not_found' });
    } finally {
      await rpc.close();
    }
  });
});
