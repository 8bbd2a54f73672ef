import { HookstreamClient } from './support/hookstream-client';
import { createFanOutEndpoints, fanOutPathsReached } from './support/fan-out';
import { Receiver } from './support/receiver';
import { startAllInOneForTest, type RunningService } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

const ENDPOINTS = 1000;

describe('ingest: fan-out', () => {
  let env: TestEnvironment;
  let hookstream: RunningService;
  let receiver: Receiver;
  let client: HookstreamClient;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    hookstream = await startAllInOneForTest(env.config);
    receiver = await Receiver.start();
    client = new HookstreamClient(hookstream.url, env.config.adminToken, env.nats, env.prefix);
  });

  afterAll(async () => {
    await hookstream?.app.close();
    await receiver?.stop();
    await env?.destroy();
  });

  it(`delivers one event to ${ENDPOINTS} endpoints, once each, and another app's event meanwhile`, async () => {
    const app = await client.app('FanOut');
    await createFanOutEndpoints(client, app.id, receiver, 'fan', ENDPOINTS);
    const other = await client.app('Other');
    await client.endpoint(other.id, { url: receiver.url('/other') });

    const started = Date.now();
    const accepted = await client.api.request<{ id: string }>('POST', `/api/v1/app/${app.id}/msg`, { eventType: 'render.completed', payload: { fan: true } });
    expect(accepted.status).toBe(202);
    const acceptedMs = Date.now() - started;
    await client.publish(other.id, { eventType: 'render.completed', payload: { other: true } });

    await waitFor(async () => fanOutPathsReached(receiver, 'fan', accepted.body.id) === ENDPOINTS, 90_000, `${ENDPOINTS} deliveries`);
    const deliveredMs = Date.now() - started;
    await waitFor(async () => receiver.requests.some((r) => r.path === '/other'), 10_000, "the other app's event");
    // Each endpoint got it exactly once.
    expect(receiver.requests.filter((r) => r.path.startsWith('/fan/'))).toHaveLength(ENDPOINTS);
    process.stdout.write(`fan-out to ${ENDPOINTS}: accepted in ${acceptedMs} ms, all delivered in ${deliveredMs} ms\n`);
  }, 180_000);
});
