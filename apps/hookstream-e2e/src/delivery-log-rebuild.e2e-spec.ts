import { rebuildDeliveryLog } from '@hookstream/delivery-log';
import { HookstreamClient } from './support/hookstream-client';
import { Receiver } from './support/receiver';
import { startAllInOneForTest, type RunningService } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

describe('rebuilding delivery-log from the LOG stream', () => {
  let env: TestEnvironment;
  let hookstream: RunningService;
  let receiver: Receiver;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    receiver = await Receiver.start();
    // /flaky fails its first attempt and succeeds on the retry; /down always fails.
    receiver.respondWith((request) => {
      if (request.path === '/down') return { status: 400 }; // 4xx: failures that do not open the circuit
      if (request.path === '/flaky') return { status: receiver.requests.filter((r) => r.path === '/flaky' && r.body === request.body).length === 1 ? 422 : 200 };
      return { status: 200 };
    });
  });

  afterAll(async () => {
    await hookstream?.app.close();
    await receiver?.stop();
    await env?.destroy();
  });

  async function snapshot(client: HookstreamClient, appId: string, endpointIds: string[]): Promise<unknown> {
    const get = async (path: string) => (await client.api.request('GET', `/api/v1/app/${appId}${path}`)).body;
    const messages = (await get('/msg?limit=250')) as { data: Array<{ id: string }> };
    const perMessage = await Promise.all(messages.data.map(async (m) => [await get(`/msg/${m.id}/endpoint`), await get(`/attempt/msg/${m.id}?limit=250`)]));
    const perEndpoint = await Promise.all(endpointIds.map(async (ep) => [await get(`/endpoint/${ep}/stats`), await get(`/endpoint/${ep}/msg?limit=250`), await get(`/attempt/endpoint/${ep}?limit=250`)]));
    return { messages, perMessage, perEndpoint };
  }

  it('ends in identical API answers after successes, failures and retries, and keeps following the stream', async () => {
    hookstream = await startAllInOneForTest(env.config);
    let client = new HookstreamClient(hookstream.url, env.adminToken, env.nats, env.prefix);
    const app = await client.app('Rebuilt');
    const endpoints = [
      await client.endpoint(app.id, { url: receiver.url('/ok') }),
      await client.endpoint(app.id, { url: receiver.url('/flaky'), retrySchedule: [0.1] }),
      await client.endpoint(app.id, { url: receiver.url('/down'), retrySchedule: [0.1, 0.1] }),
    ].map((e) => e.id);
    for (let i = 0; i < 5; i++) await client.publish(app.id, { eventType: 'render.completed', eventId: `job_${i}`, payload: { i } });
    await waitFor(async () => {
      const messages = (await client.api.request<{ data: Array<{ id: string }> }>('GET', `/api/v1/app/${app.id}/msg`)).body.data;
      if (messages.length < 5) return false;
      const finals = await Promise.all(messages.flatMap((m) => endpoints.map((ep) => client.finalStatus(app.id, m.id, ep, 200).catch(() => null))));
      return finals.every(Boolean);
    }, 30_000, 'every delivery to end');
    const before = await snapshot(client, app.id, endpoints);
    expect(JSON.stringify(before)).toContain('"statusText":"fail"');
    expect(JSON.stringify(before)).toContain('"statusText":"success"');

    await hookstream.app.close(); // delivery-log must not run during a rebuild
    const result = await rebuildDeliveryLog(env.config);
    expect(result.events).toBeGreaterThan(15);

    hookstream = await startAllInOneForTest(env.config);
    client = new HookstreamClient(hookstream.url, env.adminToken, env.nats, env.prefix);
    expect(await snapshot(client, app.id, endpoints)).toEqual(before);

    // the recreated durable consumer picks up where the replay stopped
    await client.publish(app.id, { eventType: 'render.completed', eventId: 'after_rebuild', payload: {} });
    const after = await waitFor(async () => {
      const { status, body } = await client.api.request<{ id: string }>('GET', `/api/v1/app/${app.id}/msg/after_rebuild`);
      return status === 200 && body;
    }, 10_000, 'a message published after the rebuild');
    expect(await client.finalStatus(app.id, after.id, endpoints[0])).toBe('success');
  });
});
