import { useAllInOne } from './support/all-in-one-harness';
import type { EndpointHealthOut, EndpointOut, OpsEvent } from '@hookstream/contracts';
import { waitFor } from './support/test-environment';

describe('endpoint health over time: failing, recovered, disabled after failing too long', () => {
  const h = useAllInOne({ HOOKSTREAM_ENDPOINT_DISABLE_AFTER_SECONDS: '2' });

  function collect(appId: string): OpsEvent[] {
    const events: OpsEvent[] = [];
    h.env.nats.subscribe(`${h.env.prefix}.ops.${appId}.>`, { callback: (_, msg) => events.push(msg.json<OpsEvent>()) });
    return events;
  }

  it('publishes message.attempt.failing after the 4th failed attempt and message.attempt.recovered on the success after it', async () => {
    h.receiver.respondWith((request) => {
      const tries = h.receiver.requests.filter((r) => r.path === request.path).length;
      return { status: request.path === '/recovering' && tries <= 4 ? 500 : 200 };
    });
    const app = await h.client.app('recovering');
    await h.client.endpoint(app.id, { url: h.receiver.url('/recovering'), retrySchedule: [0.1, 0.1, 0.1, 0.1, 0.1] });
    const events = collect(app.id);
    await h.client.publish(app.id, { eventType: 'render.completed', payload: { n: 1 } });

    await waitFor(async () => events.some((e) => e.type === 'message.attempt.recovered'), 15_000, 'message.attempt.recovered');
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'message.attempt.failing')).toHaveLength(1);
    expect(types.indexOf('message.attempt.failing')).toBeLessThan(types.indexOf('message.attempt.recovered'));
    expect(types).not.toContain('endpoint.disabled');
  });

  it('disables an endpoint that has failed without a success for longer than the configured time', async () => {
    h.receiver.respondWith(() => ({ status: 400 }));
    const app = await h.client.app('neglected');
    const endpoint = await h.client.endpoint(app.id, { url: h.receiver.url('/neglected'), retrySchedule: Array(20).fill(0.3) });
    const events = collect(app.id);
    await h.client.publish(app.id, { eventType: 'render.completed', payload: { n: 1 } });

    const disabled = await waitFor(async () => events.find((e) => e.type === 'endpoint.disabled'), 15_000, 'endpoint.disabled');
    expect(disabled.data).toMatchObject({
      endpointId: endpoint.id, trigger: 'automatic', reason: 'failing', detail: expect.stringContaining('failing without a success'), failSince: expect.any(String),
    });
    const failSince = Date.parse((disabled.data as { failSince: string }).failSince);
    expect(Date.parse(disabled.timestamp) - failSince).toBeGreaterThanOrEqual(2000);
    const readBack = await waitFor(async () => {
      const { body } = await h.client.api.request<EndpointOut>('GET', `/api/v1/app/${app.id}/endpoint/${endpoint.id}`);
      return body.disabled && body;
    }, 10_000, 'the endpoint to read back disabled');
    expect(readBack.disabledReason).toBe('failing');
    const health = await waitFor(async () => {
      const { body } = await h.client.api.request<EndpointHealthOut>('GET', `/api/v1/app/${app.id}/endpoint/${endpoint.id}/health`);
      return body.disabled && body;
    }, 10_000, 'the health route to show it disabled');
    expect(health).toMatchObject({ disabledReason: 'failing', disabledAt: readBack.disabledAt });
    const count = h.receiver.requests.filter((r) => r.path === '/neglected').length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(h.receiver.requests.filter((r) => r.path === '/neglected').length).toBe(count);
  });
});
