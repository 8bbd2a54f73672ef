import type { Subscription } from 'nats';
import type { EndpointOut, OpsEvent } from '@hookstream/contracts';
import { HookstreamClient } from './support/hookstream-client';
import { Receiver, type Answer, type ReceivedRequest } from './support/receiver';
import { startAllInOneForTest, type RunningService } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('dispatcher: retries through JetStream, outcome rules, isolation', () => {
  let env: TestEnvironment;
  let hookstream: RunningService;
  let receiver: Receiver;
  let client: HookstreamClient;
  const answers = new Map<string, (request: ReceivedRequest, index: number) => Answer | null>();

  beforeAll(async () => {
    env = await TestEnvironment.create();
    hookstream = await startAllInOneForTest(env.config);
    receiver = await Receiver.start();
    receiver.respondWith((request, index) => {
      const answer = answers.get(request.path);
      return answer ? answer(request, received(request.path).length - 1) : { status: 200 };
    });
    client = new HookstreamClient(hookstream.url, env.adminToken, env.nats, env.prefix);
  });

  afterAll(async () => {
    await hookstream?.app.close();
    await receiver?.stop();
    await env?.destroy();
  });

  const received = (path: string) => receiver.requests.filter((request) => request.path === path);

  async function setup(path: string, endpoint: Record<string, unknown> = {}): Promise<{ appId: string; endpoint: EndpointOut }> {
    const app = await client.app(path);
    return { appId: app.id, endpoint: await client.endpoint(app.id, { url: receiver.url(path), ...endpoint }) };
  }

  function opsEvents(appId: string, type: string): { events: OpsEvent[]; subscription: Subscription } {
    const events: OpsEvent[] = [];
    const subscription = env.nats.subscribe(`${env.prefix}.ops.${appId}.${type}`, { callback: (_, msg) => events.push(msg.json<OpsEvent>()) });
    return { events, subscription };
  }

  it('500, 500, 200 → exactly three POSTs with one webhook-id, attempts logged in order, status succeeded', async () => {
    const statuses = [500, 500, 200];
    answers.set('/flaky', (_, index) => ({ status: statuses[index] ?? 200 }));
    const { appId, endpoint } = await setup('/flaky', { retrySchedule: [0.2, 0.2, 0.2] });
    await client.publish(appId, { eventType: 'render.completed', payload: { jobId: 'flaky' } });

    await waitFor(async () => received('/flaky').length >= 3, 15_000, 'three POSTs');
    const ids = new Set(received('/flaky').map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    const [msgId] = [...ids] as string[];
    expect(await client.finalStatus(appId, msgId, endpoint.id)).toBe('success');
    const attempts = await waitFor(async () => {
      const list = await client.attempts(appId, msgId);
      return list.length === 3 && list;
    }, 10_000, 'three attempts');
    expect(attempts.map((a) => a.responseStatusCode)).toEqual([500, 500, 200]);
    await sleep(600);
    expect(received('/flaky')).toHaveLength(3);
  });

  it('always 500 with retrySchedule [0.2, 0.2] → exactly three POSTs, delivery failed, exhausted event published', async () => {
    answers.set('/broken', () => ({ status: 500, body: 'down' }));
    const { appId, endpoint } = await setup('/broken', { retrySchedule: [0.2, 0.2] });
    const exhausted = opsEvents(appId, 'message.attempt.exhausted');
    await client.publish(appId, { eventType: 'render.failed', payload: { jobId: 'broken' } });

    const [first] = await waitFor(async () => received('/broken').length >= 3 && received('/broken'), 15_000, 'three POSTs');
    const msgId = first.headers['webhook-id'] as string;
    expect(await client.finalStatus(appId, msgId, endpoint.id)).toBe('fail');
    await waitFor(async () => exhausted.events.length > 0, 5000, 'message.attempt.exhausted');
    expect(exhausted.events[0]).toMatchObject({ type: 'message.attempt.exhausted', data: { appId, msgId, endpointId: endpoint.id, lastAttempt: { responseStatusCode: 500 } } });
    await sleep(800);
    expect(received('/broken')).toHaveLength(3);
    exhausted.subscription.unsubscribe();
  });

  it('410 Gone disables the endpoint: no retry, no further deliveries, endpoint.disabled published', async () => {
    answers.set('/gone', () => ({ status: 410 }));
    const { appId, endpoint } = await setup('/gone', { retrySchedule: [0.1, 0.1] });
    const disabled = opsEvents(appId, 'endpoint.disabled');
    await client.publish(appId, { eventType: 'render.completed', payload: { n: 1 } });

    await waitFor(async () => disabled.events.length > 0, 10_000, 'endpoint.disabled');
    await waitFor(async () => {
      const { body } = await client.api.request<EndpointOut>('GET', `/api/v1/app/${appId}/endpoint/${endpoint.id}`);
      return body.disabled;
    }, 10_000, 'the endpoint to read back disabled');
    await client.publish(appId, { eventType: 'render.completed', payload: { n: 2 } });
    await sleep(1000);
    expect(received('/gone')).toHaveLength(1);
    disabled.subscription.unsubscribe();
  });

  it('webhook-delivery: disable on a 200 disables the endpoint too', async () => {
    answers.set('/unsubscribe', () => ({ status: 200, headers: { 'webhook-delivery': 'disable' } }));
    const { appId, endpoint } = await setup('/unsubscribe');
    await client.publish(appId, { eventType: 'render.completed', payload: { n: 1 } });
    await waitFor(async () => {
      const { body } = await client.api.request<EndpointOut>('GET', `/api/v1/app/${appId}/endpoint/${endpoint.id}`);
      return body.disabled;
    }, 10_000, 'the endpoint to be disabled');
  });

  it('honours Retry-After: 1 over a shorter schedule step', async () => {
    answers.set('/busy', (_, index) => (index === 0 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 }));
    const { appId } = await setup('/busy', { retrySchedule: [0.05] });
    await client.publish(appId, { eventType: 'render.completed', payload: { n: 1 } });
    await waitFor(async () => received('/busy').length >= 2, 10_000, 'the retry');
    const [first, second] = received('/busy').map((r) => r.receivedAt);
    expect(second - first).toBeGreaterThanOrEqual(950);
  });

  it('delivers 200 events to a healthy endpoint within seconds while another endpoint of the app hangs', async () => {
    answers.set('/hang', () => null);
    const app = await client.app('isolation');
    await client.endpoint(app.id, { url: receiver.url('/hang'), timeoutMs: 10_000, retrySchedule: [] });
    await client.endpoint(app.id, { url: receiver.url('/healthy') });
    const started = Date.now();
    await Promise.all(Array.from({ length: 200 }, (_, n) => client.publish(app.id, { eventType: 'render.progress', payload: { n } })));
    await waitFor(async () => received('/healthy').length >= 200, 15_000, '200 healthy deliveries').catch((error: Error) => {
      throw new Error(`${error.message}: ${received('/healthy').length} healthy, ${received('/hang').length} hanging`);
    });
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('keeps fresh deliveries fast while 1,000 deliveries are parked for retry', async () => {
    // 400: a failure that is the receiver's answer, not a sign of ill health, so the circuit stays closed.
    answers.set('/parked', () => ({ status: 400 }));
    const app = await client.app('parking');
    await client.endpoint(app.id, { url: receiver.url('/parked'), filterTypes: ['bulk.failing'], retrySchedule: [3600], maxConcurrency: 100 });
    await client.endpoint(app.id, { url: receiver.url('/fresh'), filterTypes: ['fresh.event'] });
    await Promise.all(Array.from({ length: 1000 }, (_, n) => client.publish(app.id, { eventType: 'bulk.failing', payload: { n } })));
    await waitFor(async () => received('/parked').length >= 1000, 30_000, '1,000 failed first attempts');
    const jsm = await env.nats.jetstreamManager();
    const stream = `${env.prefix.toUpperCase()}_DELIVERIES`;
    const storedOn = async (subject: string) => {
      const info = await jsm.streams.info(stream, { subjects_filter: `${env.prefix}.${subject}.${app.id}.>` });
      return Object.values(info.state.subjects ?? {}).reduce((sum, count) => sum + count, 0);
    };
    // An hour away: parked on the subject of tasks due later, apart from the second-long deferrals on retries.
    const parked = await waitFor(async () => {
      const info = await jsm.consumers.info(stream, 'dispatcher-later');
      const later = await storedOn('later');
      return later >= 1000 && info.num_ack_pending + info.num_pending >= 1000 && later;
    }, 10_000, '1,000 parked retries');
    expect(parked).toBeGreaterThanOrEqual(1000);
    // Deferrals of the busy endpoint's first attempts pass through retries, and are done.
    await waitFor(async () => (await storedOn('retries')) === 0, 10_000, "none of this app's tasks left on retries");

    const started = Date.now();
    await Promise.all(Array.from({ length: 50 }, (_, n) => client.publish(app.id, { eventType: 'fresh.event', payload: { n } })));
    await waitFor(async () => received('/fresh').length >= 50, 10_000, '50 fresh deliveries');
    expect(Date.now() - started).toBeLessThan(3000);
  }, 90_000);

  it('counts attempts by outcome and their latency on /metrics', async () => {
    const metrics = await (await fetch(`${hookstream.url}/metrics`)).text();
    const count = (outcome: string) => Number(new RegExp(`hookstream_delivery_attempts_total\\{outcome="${outcome}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
    expect(count('succeeded')).toBeGreaterThan(0);
    expect(count('failed')).toBeGreaterThan(0);
    expect(metrics).toMatch(/hookstream_delivery_attempt_duration_seconds_count \d+/);
    expect(metrics).toMatch(/hookstream_deliveries_parked_total\{reason="retry"\} \d+/);
  });
});
