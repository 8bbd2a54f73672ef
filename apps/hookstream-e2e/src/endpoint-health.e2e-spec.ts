import type { EndpointHealthOut, EndpointOut, OpsEvent } from '@hookstream/contracts';
import { useAllInOne } from './support/all-in-one-harness';
import { assertBuilt, ChildService, serviceEnv } from './support/child-service';
import { HookstreamClient } from './support/hookstream-client';
import { Receiver } from './support/receiver';
import { startAllButDispatcher, type RunningService } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function health(client: HookstreamClient, appId: string, endpointId: string, token?: string): Promise<{ status: number; body: EndpointHealthOut }> {
  return client.api.request<EndpointHealthOut>('GET', `/api/v1/app/${appId}/endpoint/${endpointId}/health`, undefined, token);
}

async function endpointOut(client: HookstreamClient, appId: string, endpointId: string): Promise<EndpointOut> {
  return (await client.api.request<EndpointOut>('GET', `/api/v1/app/${appId}/endpoint/${endpointId}`)).body;
}

/** Waits until the health route shows what `accept` wants, and returns that reading. */
function healthWhen(client: HookstreamClient, appId: string, endpointId: string, accept: (h: EndpointHealthOut) => boolean, what: string, timeoutMs = 15_000) {
  return waitFor(async () => {
    const { status, body } = await health(client, appId, endpointId);
    return status === 200 && accept(body) && body;
  }, timeoutMs, what);
}

describe('endpoint health route: why an endpoint is disabled, its circuit, its recent attempts', () => {
  const h = useAllInOne();

  it('a 410 Gone endpoint shows disabled with reason gone, in the health route, the endpoint and endpoint.disabled', async () => {
    h.receiver.respondWith((request) => ({ status: request.path === '/gone' ? 410 : 200 }));
    const app = await h.client.app('gone');
    const endpoint = await h.client.endpoint(app.id, { url: h.receiver.url('/gone'), retrySchedule: [0.1] });
    const events: OpsEvent[] = [];
    h.env.nats.subscribe(`${h.env.prefix}.ops.${app.id}.endpoint.disabled`, { callback: (_, msg) => events.push(msg.json<OpsEvent>()) });
    const before = Date.now();
    await h.client.publish(app.id, { eventType: 'render.completed', payload: { n: 1 } });

    const reading = await healthWhen(h.client, app.id, endpoint.id, (r) => r.disabled, 'the endpoint to show disabled');
    expect(reading.disabledReason).toBe('gone');
    expect(Date.parse(reading.disabledAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(reading.lastAttempts).toEqual([expect.objectContaining({ status: 2, responseStatusCode: 410 })]);
    expect(reading.successRate).toMatchObject({ window: 100, attempts: 1, succeeded: 0, rate: 0 });
    expect(await endpointOut(h.client, app.id, endpoint.id)).toMatchObject({ disabled: true, disabledReason: 'gone', disabledAt: expect.any(String) });
    expect(events.find((e) => e.type === 'endpoint.disabled')?.data).toMatchObject({ trigger: 'automatic', reason: 'gone' });
  });

  it('webhook-delivery: disable shows reason receiver-requested', async () => {
    h.receiver.respondWith(() => ({ status: 200, headers: { 'webhook-delivery': 'disable' } }));
    const app = await h.client.app('unsubscribing');
    const endpoint = await h.client.endpoint(app.id, { url: h.receiver.url('/unsubscribe') });
    await h.client.publish(app.id, { eventType: 'render.completed', payload: { n: 1 } });

    const reading = await healthWhen(h.client, app.id, endpoint.id, (r) => r.disabled, 'the endpoint to show disabled');
    expect(reading.disabledReason).toBe('receiver-requested');
    expect(reading.successRate).toMatchObject({ attempts: 1, succeeded: 1, rate: 1 });
  });

  it('a manual disable shows reason manual, and enabling again clears it', async () => {
    const app = await h.client.app('manual');
    const endpoint = await h.client.endpoint(app.id, { url: h.receiver.url('/manual') });
    const path = `/api/v1/app/${app.id}/endpoint/${endpoint.id}`;
    // delivery-log learns of the endpoint from the LOG, a moment after ingest answered the POST.
    const created = await healthWhen(h.client, app.id, endpoint.id, () => true, 'the new endpoint to show');
    expect(created).toMatchObject({ disabled: false, disabledReason: null, disabledAt: null });

    const disabled = await h.client.api.request<EndpointOut>('PATCH', path, { disabled: true });
    expect(disabled.body).toMatchObject({ disabled: true, disabledReason: 'manual', disabledAt: expect.any(String) });
    const reading = await healthWhen(h.client, app.id, endpoint.id, (r) => r.disabled, 'the manual disable to show');
    expect(reading).toMatchObject({ disabledReason: 'manual', disabledAt: disabled.body.disabledAt });

    const enabled = await h.client.api.request<EndpointOut>('PATCH', path, { disabled: false });
    expect(enabled.body).toMatchObject({ disabled: false, disabledReason: null, disabledAt: null });
    const cleared = await healthWhen(h.client, app.id, endpoint.id, (r) => !r.disabled, 'the re-enable to show');
    expect(cleared).toMatchObject({ disabledReason: null, disabledAt: null });
  });

  it('is scoped like the other app routes: an app token of another app gets 404, none gets 401', async () => {
    const app = await h.client.app('scoped');
    const other = await h.client.app('other');
    const endpoint = await h.client.endpoint(app.id, { url: h.receiver.url('/scoped') });
    const mint = async (appId: string) => (await h.client.api.request<{ token: string }>('POST', `/api/v1/auth/app-portal-access/${appId}`, {})).body.token;
    await healthWhen(h.client, app.id, endpoint.id, () => true, 'the new endpoint to show');
    expect((await health(h.client, app.id, endpoint.id, await mint(app.id))).status).toBe(200);
    expect((await health(h.client, app.id, endpoint.id, await mint(other.id))).status).toBe(404);
    expect((await health(h.client, app.id, endpoint.id, 'wrong')).status).toBe(401);
  });

  it('is in the OpenAPI document', async () => {
    const document = (await (await fetch(`${h.hookstream.url}/docs-json`)).json()) as { paths: Record<string, { get?: { summary?: string } }> };
    expect(document.paths['/api/v1/app/{app}/endpoint/{ep}/health']?.get?.summary).toMatch(/Endpoint health/);
  });

  it("a failing endpoint's circuit shows open, and closed once the probe after the cooldown succeeds", async () => {
    let healthy = false;
    h.receiver.respondWith(() => ({ status: healthy ? 200 : 500 }));
    const app = await h.client.app('circuit');
    const endpoint = await h.client.endpoint(app.id, { url: h.receiver.url('/circuit'), retrySchedule: Array(10).fill(0.1) });
    await h.client.publish(app.id, { eventType: 'render.completed', payload: { n: 1 } });

    const open = await healthWhen(h.client, app.id, endpoint.id, (r) => r.circuit.state === 'open', 'the circuit to open');
    expect(open.circuit.replicaId).toEqual(expect.any(String));
    expect(open.lastAttempts.length).toBeGreaterThanOrEqual(5);
    expect(open.lastAttempts.slice(0, 5).every((a) => a.responseStatusCode === 500)).toBe(true);
    healthy = true;

    // The breaker's cooldown is 30 s; then one probe goes out (half-open) and its success closes the circuit.
    // The circuit event and the probe's attempt are separate LOG events, projected in either order: wait for both.
    const closed = await healthWhen(h.client, app.id, endpoint.id, (r) => r.circuit.state === 'closed' && r.lastAttempts[0]?.status === 0, 'the circuit to close', 60_000);
    expect(Date.parse(closed.circuit.since ?? '')).toBeGreaterThan(Date.parse(open.circuit.since ?? ''));
    expect(closed.lastAttempts[0]).toMatchObject({ status: 0, responseStatusCode: 200 });
  }, 90_000);
});

describe('a restarted dispatcher remembers disabled endpoints', () => {
  let env: TestEnvironment;
  let services: RunningService[] = [];
  let dispatcher: ChildService | null = null;
  let receiver: Receiver;

  beforeAll(async () => {
    assertBuilt('dispatcher');
    env = await TestEnvironment.create();
    services = await startAllButDispatcher(env.config);
    receiver = await Receiver.start();
  });

  afterAll(async () => {
    await dispatcher?.kill();
    for (const service of services) await service.app.close();
    await receiver?.stop();
    await env?.destroy();
  });

  it("does not attempt the parked retries of an endpoint auto-disabled before the restart", async () => {
    dispatcher = await ChildService.start('dispatcher', serviceEnv(env.config));
    const client = new HookstreamClient(services[1].url, env.adminToken, env.nats, env.prefix);
    const log = new HookstreamClient(services[2].url, env.adminToken, env.nats, env.prefix);
    // The first delivery fails and parks its retry for 8 s; the second is answered 410, which disables the endpoint.
    receiver.respondWith((_, index) => ({ status: index === 0 ? 500 : 410 }));
    const app = await client.app('restart');
    const endpoint = await client.endpoint(app.id, { url: receiver.url('/flaky'), retrySchedule: [8] });
    await client.publish(app.id, { eventType: 'render.completed', eventId: 'first', payload: { n: 1 } });
    await waitFor(async () => receiver.requests.length === 1, 15_000, 'the first attempt');
    await client.publish(app.id, { eventType: 'render.completed', eventId: 'second', payload: { n: 2 } });
    await waitFor(async () => (await endpointOut(client, app.id, endpoint.id)).disabledReason === 'gone', 15_000, 'the endpoint disabled as gone');
    const bucket = await env.nats.jetstream().views.kv(`${env.prefix.toUpperCase()}_ENDPOINT_HEALTH`);
    await waitFor(async () => (await bucket.get(`disabled.${endpoint.id}`))?.operation === 'PUT', 5_000, 'the disable kept in the bucket');

    await dispatcher.kill();
    dispatcher = await ChildService.start('dispatcher', serviceEnv(env.config));

    const first = await waitFor(async () => {
      const { body } = await log.api.request<{ id: string }>('GET', `/api/v1/app/${app.id}/msg/first`);
      return body?.id;
    }, 10_000, 'the first message');
    expect(await log.finalStatus(app.id, first, endpoint.id, 30_000)).toBe('canceled');
    await sleep(1000);
    expect(receiver.requests).toHaveLength(2);
  }, 90_000);
});
