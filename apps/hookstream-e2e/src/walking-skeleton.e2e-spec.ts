import { Webhook } from 'standardwebhooks';
import type { ApplicationOut, EndpointOut, ListResponse, MessageAttemptOut, MessageOut } from '@hookstream/contracts';
import { AdminApi } from './support/admin-api';
import { Receiver } from './support/receiver';
import { FourServices } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

describe('walking skeleton: NATS subject → signed POST → logged attempt', () => {
  let env: TestEnvironment;
  let services: FourServices;
  let receiver: Receiver;
  let ingestApi: AdminApi;
  let logApi: AdminApi;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    services = await FourServices.start(env.config);
    receiver = await Receiver.start();
    ingestApi = new AdminApi(services.ingest.url, env.adminToken);
    logApi = new AdminApi(services.deliveryLog.url, env.adminToken);
  });

  afterAll(async () => {
    await services?.stop();
    await receiver?.stop();
    await env?.destroy();
  });

  async function createAppWithEndpoint(uid: string): Promise<{ app: ApplicationOut; endpoint: EndpointOut; secret: string }> {
    const app = await ingestApi.request<ApplicationOut>('POST', '/api/v1/app', { name: 'Renders', uid });
    expect(app.status).toBe(201);
    expect(app.body.id).toMatch(/^app_/);
    const endpoint = await ingestApi.request<EndpointOut>('POST', `/api/v1/app/${uid}/endpoint`, { url: receiver.url(`/${uid}`) });
    expect(endpoint.status).toBe(201);
    expect(endpoint.body.id).toMatch(/^ep_/);
    const secret = await ingestApi.request<{ key: string }>('GET', `/api/v1/app/${uid}/endpoint/${endpoint.body.id}/secret`);
    expect(secret.body.key).toMatch(/^whsec_/);
    return { app: app.body, endpoint: endpoint.body, secret: secret.body.key };
  }

  function publish(appIdOrUid: string, body: string, msgId?: string) {
    return env.nats.jetstream().publish(`${env.prefix}.events.${appIdOrUid}`, body, msgId ? { msgID: msgId } : undefined);
  }

  const receivedFor = (path: string) => receiver.requests.filter((request) => request.path === path);

  it('delivers an event published on NATS, signed so standardwebhooks verifies it, and logs the attempt', async () => {
    const { app, endpoint, secret } = await createAppWithEndpoint('skeleton');
    const envelope = { eventType: 'render.completed', eventId: 'job_a1b2:done', payload: { jobId: 'job_a1b2', status: 'done' } };
    const ack = await publish(app.id, JSON.stringify(envelope), envelope.eventId);
    expect(ack.duplicate).toBe(false);

    const [request] = await waitFor(async () => receivedFor('/skeleton').length > 0 && receivedFor('/skeleton'), 10_000, 'the POST');
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toMatch(/^Hookstream\//);
    expect(request.body).toBe(JSON.stringify(envelope.payload));
    expect(new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).toEqual(envelope.payload);

    const msgId = request.headers['webhook-id'] as string;
    expect(msgId).toMatch(/^msg_/);
    const attempts = await waitFor(async () => {
      const list = await logApi.request<ListResponse<MessageAttemptOut>>('GET', `/api/v1/app/${app.id}/attempt/msg/${msgId}`);
      return list.status === 200 && list.body.data.length > 0 && list.body;
    }, 10_000, 'the attempt in delivery-log');
    expect(attempts.data).toHaveLength(1);
    expect(attempts.data[0]).toMatchObject({ msgId, endpointId: endpoint.id, responseStatusCode: 200, status: 0, statusText: 'success', triggerType: 0 });
    expect(attempts.data[0].id).toMatch(/^atmpt_/);

    const message = await logApi.request<MessageOut>('GET', `/api/v1/app/skeleton/msg/${envelope.eventId}`);
    expect(message.status).toBe(200);
    expect(message.body).toMatchObject({ id: msgId, eventType: 'render.completed', payload: envelope.payload });
  });

  it('keeps going after invalid JSON on the subject: the bad event is rejected, the next one delivered', async () => {
    const { app } = await createAppWithEndpoint('resilient');
    const rejected = env.nats.subscribe(`${env.prefix}.rejected.${app.id}`, { max: 1 });

    await publish(app.id, '{"eventType": "render.completed", "payload": ');
    await publish(app.id, JSON.stringify({ eventType: 'render.completed', payload: { n: 2 } }));

    await waitFor(async () => receivedFor('/resilient').length > 0, 10_000, 'the valid event');
    expect(receivedFor('/resilient').map((request) => request.body)).toEqual(['{"n":2}']);
    for await (const message of rejected) {
      expect(message.json<{ code: string; reason: string }>()).toMatchObject({ code: 'invalid_json', reason: expect.stringContaining('not valid JSON') });
    }
  });

  it('answers 401 without the operator token and 404 for an unknown app', async () => {
    expect((await ingestApi.request('GET', '/api/v1/app', undefined, 'wrong-token-wrong-token')).status).toBe(401);
    expect((await ingestApi.request('GET', '/api/v1/app/app_nope')).status).toBe(404);
    expect((await logApi.request('GET', '/api/v1/app/app_nope/msg/msg_nope')).status).toBe(404);
  });

  it('reports ready when NATS and Postgres answer', async () => {
    for (const service of [services.ingest, services.signer, services.dispatcher, services.deliveryLog]) {
      const response = await fetch(`${service.url}/readyz`);
      expect(response.status).toBe(200);
    }
  });
});
