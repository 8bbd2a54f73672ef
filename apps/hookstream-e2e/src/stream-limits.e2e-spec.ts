import { useAllInOne } from './support/all-in-one-harness';
import { waitFor } from './support/test-environment';

describe('stream limits: a full stream refuses new work with a clear error', () => {
  const h = useAllInOne({ HOOKSTREAM_DELIVERIES_MAX_MSGS: '5', HOOKSTREAM_EVENTS_MAX_BYTES: '4096', LOG_LEVEL: 'fatal' });

  it('answers POST /msg 503 with the reason and Retry-After once the DELIVERIES stream holds its limit', async () => {
    // Held answers keep every task in the stream: the one in flight and the ones parked behind it.
    h.receiver.respondWith((request) => (request.path === '/held' ? { status: 200, delayMs: 60_000 } : { status: 200 }));
    const app = await h.client.app('Full streams');
    await h.client.endpoint(app.id, { url: h.receiver.url('/held'), maxConcurrency: 1 });
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) {
      answers.push((await h.client.api.request('POST', `/api/v1/app/${app.id}/msg`, { eventType: 'render.completed', payload: { i } })).status);
    }
    expect(answers).toEqual([202, 202, 202, 202, 202]);

    const full = await fetch(`${h.hookstream.url}/api/v1/app/${app.id}/msg`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.env.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ eventType: 'render.completed', payload: { i: 5 } }),
    });
    expect(full.status).toBe(503);
    expect(Number(full.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await full.json()).toEqual({ code: 'stream_unavailable', detail: 'Cannot accept this now: maximum messages exceeded; retry later' });
    await waitFor(async () => h.receiver.requests.some((r) => r.path === '/held'), 10_000, 'the first delivery to be in flight');
  });

  it('gives a NATS producer a PubAck error when the EVENTS stream would exceed its bytes', async () => {
    const app = await h.client.app('Big events');
    const js = h.env.nats.jetstream();
    const small = await js.publish(`${h.env.prefix}.events.${app.id}`, JSON.stringify({ eventType: 'render.completed', payload: { n: 1 } }));
    expect(small.seq).toBeGreaterThan(0);
    const big = JSON.stringify({ eventType: 'render.completed', payload: { blob: 'x'.repeat(5000) } });
    await expect(js.publish(`${h.env.prefix}.events.${app.id}`, big)).rejects.toMatchObject({ api_error: { code: 503, description: 'maximum bytes exceeded' } });
  });
});
