import { Svix, Webhook } from 'svix';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Receiver } from './support/receiver';
import { startAllInOneForTest, type RunningService } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

describe('the official svix client against the all-in-one launcher', () => {
  let env: TestEnvironment;
  let hookstream: RunningService;
  let receiver: Receiver;
  let svix: Svix;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    hookstream = await startAllInOneForTest(env.config);
    receiver = await Receiver.start();
    svix = new Svix(env.adminToken, { serverUrl: hookstream.url });
  });

  afterAll(async () => {
    await hookstream?.app.close();
    await receiver?.stop();
    await env?.destroy();
  });

  it('creates an app and endpoint, reads the secret, and the delivery verifies with svix and standardwebhooks', async () => {
    const app = await svix.application.create({ name: 'VideoPilot', uid: 'videopilot' });
    expect(app.id).toMatch(/^app_/);
    expect(app.createdAt).toBeInstanceOf(Date);
    expect((await svix.application.get('videopilot')).id).toBe(app.id);
    expect((await svix.application.list()).data.map((a) => a.id)).toContain(app.id);

    const endpoint = await svix.endpoint.create(app.id, { url: receiver.url('/videopilot'), filterTypes: ['video.media_ready'] });
    expect(endpoint.id).toMatch(/^ep_/);
    expect(endpoint.filterTypes).toEqual(['video.media_ready']);
    expect((await svix.endpoint.get(app.id, endpoint.id)).url).toBe(receiver.url('/videopilot'));
    expect((await svix.endpoint.list(app.id)).data).toHaveLength(1);
    const { key } = await svix.endpoint.getSecret(app.id, endpoint.id);

    const ignored = { eventType: 'video.script_ready', payload: { video_id: 'video_0' } };
    const wanted = { eventType: 'video.media_ready', eventId: 'video_123abc:media_ready', payload: { video_id: 'video_123abc', scene_count: 8 } };
    await env.nats.jetstream().publish(`${env.prefix}.events.videopilot`, JSON.stringify(ignored));
    await env.nats.jetstream().publish(`${env.prefix}.events.videopilot`, JSON.stringify(wanted));

    const [request] = await waitFor(async () => receiver.requests.length > 0 && receiver.requests, 10_000, 'the POST');
    const headers = request.headers as Record<string, string>;
    expect(new Webhook(key).verify(request.body, headers)).toEqual(wanted.payload);
    expect(new StandardWebhook(key).verify(request.body, headers)).toEqual(wanted.payload);

    const attempts = await waitFor(async () => {
      const list = await svix.messageAttempt.listByMsg(app.id, headers['webhook-id']);
      return list.data.length > 0 && list;
    }, 10_000, 'the attempt');
    expect(attempts.data[0]).toMatchObject({ endpointId: endpoint.id, responseStatusCode: 200, status: 0 });
    expect((await svix.message.get(app.id, wanted.eventId)).id).toBe(headers['webhook-id']);
    expect(receiver.requests).toHaveLength(1);
  });

  it('creates messages over REST with svix.message.create (202, prefixed id)', async () => {
    const app = await svix.application.create({ name: 'REST producer' });
    await svix.endpoint.create(app.id, { url: receiver.url('/rest') });
    const message = await svix.message.create(app.id, { eventType: 'render.completed', payload: { jobId: 'job_rest' } });
    expect(message.id).toMatch(/^msg_/);
    await waitFor(async () => receiver.requests.some((r) => r.path === '/rest'), 10_000, 'the REST-created delivery');
  });

  it('serves an OpenAPI document generated from the routes at /docs-json, and its UI at /docs', async () => {
    const response = await fetch(`${hookstream.url}/docs-json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/app', '/api/v1/app/{app}/endpoint', '/api/v1/app/{app}/msg', '/api/v1/app/{app}/attempt/msg/{msg}']) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    expect((await fetch(`${hookstream.url}/docs`)).status).toBe(200);
  });
});
