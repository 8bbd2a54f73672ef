import { useAllInOne } from './support/all-in-one-harness';
import { createFanOutEndpoints, fanOutPathsReached } from './support/fan-out';
import { waitFor } from './support/test-environment';

const ENDPOINTS = 1000;

describe('ingest: fan-out', () => {
  const h = useAllInOne();

  it(`delivers one event to ${ENDPOINTS} endpoints, once each, and another app's event meanwhile`, async () => {
    const app = await h.client.app('FanOut');
    await createFanOutEndpoints(h.client, app.id, h.receiver, 'fan', ENDPOINTS);
    const other = await h.client.app('Other');
    await h.client.endpoint(other.id, { url: h.receiver.url('/other') });

    const started = Date.now();
    const accepted = await h.client.api.request<{ id: string }>('POST', `/api/v1/app/${app.id}/msg`, { eventType: 'render.completed', payload: { fan: true } });
    expect(accepted.status).toBe(202);
    const acceptedMs = Date.now() - started;
    await h.client.publish(other.id, { eventType: 'render.completed', payload: { other: true } });

    await waitFor(async () => fanOutPathsReached(h.receiver, 'fan', accepted.body.id) === ENDPOINTS, 90_000, `${ENDPOINTS} deliveries`);
    const deliveredMs = Date.now() - started;
    await waitFor(async () => h.receiver.requests.some((r) => r.path === '/other'), 10_000, "the other app's event");
    // Each endpoint got it exactly once.
    expect(h.receiver.requests.filter((r) => r.path.startsWith('/fan/'))).toHaveLength(ENDPOINTS);
    process.stdout.write(`fan-out to ${ENDPOINTS}: accepted in ${acceptedMs} ms, all delivered in ${deliveredMs} ms\n`);
  }, 180_000);
});
