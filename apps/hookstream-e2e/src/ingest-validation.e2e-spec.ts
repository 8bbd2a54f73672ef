import { useAllInOne } from './support/all-in-one-harness';
import type { ListResponse, MessageOut, RejectionOut } from '@hookstream/contracts';
import { waitFor } from './support/test-environment';

describe('ingest: validation, rejections and duplicates', () => {
  const h = useAllInOne();

  const receivedOn = (path: string) => h.receiver.requests.filter((request) => request.path === path);
  const publishRaw = (appRef: string, body: string | Uint8Array) => h.env.nats.jetstream().publish(`${h.env.prefix}.events.${appRef}`, body);

  async function rejectionsOf(appId: string): Promise<RejectionOut[]> {
    const { body } = await h.client.api.request<ListResponse<RejectionOut>>('GET', `/api/v1/app/${appId}/rejected?order=ascending`);
    return body.data;
  }

  it('rejects invalid JSON, missing fields, an oversized payload and a schema violation with clear reasons, and delivers the next valid event', async () => {
    const app = await h.client.app('Rejections');
    await h.client.endpoint(app.id, { url: h.receiver.url('/rejections') });
    const schema = { type: 'object', required: ['jobId'], properties: { jobId: { type: 'string' } } };
    const eventType = await h.client.api.request('POST', '/api/v1/event-type', { name: 'render.checked', description: 'checked', schemas: { '1': schema } });
    expect(eventType.status).toBe(201);

    await publishRaw(app.id, '{"eventType": "render.completed", "payload": ');
    await publishRaw(app.id, JSON.stringify({ payload: { a: 1 } }));
    await publishRaw(app.id, JSON.stringify({ eventType: 'render.completed', payload: [1, 2] }));
    await publishRaw(app.id, JSON.stringify({ eventType: 'render.completed', payload: { blob: 'x'.repeat(300 * 1024) } }));
    await publishRaw(app.id, JSON.stringify({ eventType: 'render.checked', payload: { jobId: 7 } }));
    await h.client.publish(app.id, { eventType: 'render.checked', payload: { jobId: 'job_ok' } });

    await waitFor(async () => receivedOn('/rejections').length > 0, 15_000, 'the valid event');
    expect(receivedOn('/rejections').map((request) => request.body)).toEqual(['{"jobId":"job_ok"}']);

    const rejections = await waitFor(async () => {
      const list = await rejectionsOf(app.id);
      return list.length === 5 && list;
    }, 10_000, 'five rejections');
    // The consumer handles events concurrently: rejections are compared as a set.
    expect(rejections.every((r) => r.appId === app.id)).toBe(true);
    const reasons = rejections.map((r) => `${r.code}: ${r.reason}`).sort();
    expect(reasons).toEqual([
      expect.stringMatching(/^invalid_envelope: .*eventType/),
      expect.stringMatching(/^invalid_envelope: .*payload must be a JSON object/),
      expect.stringMatching(/^invalid_json: body is not valid JSON/),
      expect.stringMatching(/^payload_too_large: .*the payload limit is 262144/),
      expect.stringMatching(/^schema_violation: payload does not match the schema of "render.checked": \/jobId must be string/),
    ]);
  });

  it('records an unknown app for the operator and publishes it on <prefix>.rejected.<app>', async () => {
    const published = h.env.nats.subscribe(`${h.env.prefix}.rejected.no_such_app`, { max: 1 });
    await publishRaw('no_such_app', JSON.stringify({ eventType: 'render.completed', payload: { a: 1 } }));
    for await (const message of published) {
      expect(message.json<RejectionOut>()).toMatchObject({ code: 'unknown_app', app: 'no_such_app', appId: null });
    }
    const { body } = await h.client.api.request<ListResponse<RejectionOut>>('GET', '/api/v1/rejected?unknown_app=true');
    expect(body.data).toEqual([expect.objectContaining({ code: 'unknown_app', app: 'no_such_app', reason: 'unknown application "no_such_app"' })]);
  });

  it('answers REST with the same rules: 413 over the limit, 422 for a schema violation or a non-object payload', async () => {
    const app = await h.client.app('RestRules');
    const big = await h.client.api.request('POST', `/api/v1/app/${app.id}/msg`, { eventType: 'x', payload: { blob: 'x'.repeat(300 * 1024) } });
    expect(big.status).toBe(413);
    const schema = await h.client.api.request<{ detail: string }>('POST', `/api/v1/app/${app.id}/msg`, { eventType: 'render.checked', payload: { jobId: 1 } });
    expect(schema.status).toBe(422);
    expect(schema.body.detail).toMatch(/jobId must be string/);
    expect((await h.client.api.request('POST', `/api/v1/app/${app.id}/msg`, { eventType: 'x', payload: 'text' })).status).toBe(422);
  });

  it('delivers a duplicate eventId once, over NATS and over REST (409)', async () => {
    const app = await h.client.app('Duplicates');
    await h.client.endpoint(app.id, { url: h.receiver.url('/dup-a') });
    await h.client.endpoint(app.id, { url: h.receiver.url('/dup-b') });
    const envelope = { eventType: 'render.completed', eventId: 'job_dup:done', payload: { jobId: 'job_dup' } };
    await h.client.publish(app.id, envelope);
    await h.client.publish(app.id, envelope);
    await waitFor(async () => receivedOn('/dup-a').length > 0, 15_000, 'the first delivery');
    const rest = await h.client.api.request<MessageOut>('POST', `/api/v1/app/${app.id}/msg`, envelope);
    expect(rest.status).toBe(409);
    const restOnly = { ...envelope, eventId: 'job_dup:rest' };
    expect((await h.client.api.request('POST', `/api/v1/app/${app.id}/msg`, restOnly)).status).toBe(202);
    expect((await h.client.api.request('POST', `/api/v1/app/${app.id}/msg`, restOnly)).status).toBe(409);
    await h.client.publish(app.id, restOnly);

    await waitFor(async () => receivedOn('/dup-a').length >= 2 && receivedOn('/dup-b').length >= 2, 15_000, 'both messages at both endpoints');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const path of ['/dup-a', '/dup-b']) {
      const ids = receivedOn(path).map((request) => request.headers['webhook-id']);
      expect(ids).toHaveLength(2);
      expect(new Set(ids).size).toBe(2);
    }
  });
});
