import type { DeliveryTask, OpsEvent } from '@hookstream/contracts';
import { HookstreamClient } from './support/hookstream-client';
import { Receiver } from './support/receiver';
import { startAllInOneForTest, type RunningService } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

describe('dead letters: a task that keeps failing to be handled is recorded, not lost', () => {
  let env: TestEnvironment;
  let hookstream: RunningService;
  let receiver: Receiver;
  let client: HookstreamClient;

  beforeAll(async () => {
    env = await TestEnvironment.create({ HOOKSTREAM_DISPATCH_MAX_DELIVER: '3' });
    hookstream = await startAllInOneForTest(env.config);
    receiver = await Receiver.start();
    client = new HookstreamClient(hookstream.url, env.config.adminToken, env.nats, env.prefix);
  });

  afterAll(async () => {
    await hookstream?.app.close();
    await receiver?.stop();
    await env?.destroy();
  });

  it('records a final failed attempt and message.attempt.exhausted after max_deliver, and removes the task', async () => {
    const app = await client.app('poison');
    await client.endpoint(app.id, { url: receiver.url('/ok') });
    await client.publish(app.id, { eventType: 'render.completed', eventId: 'poison-1', payload: { n: 1 } });
    const [delivered] = await waitFor(async () => receiver.requests.length > 0 && receiver.requests, 10_000, 'the real delivery');
    const msgId = delivered.headers['webhook-id'] as string;

    // A task whose signing key does not exist: every try fails in the handler, as a poison message would.
    const ghost = 'ep_01ZZZZZZZZZZZZZZZZZZZZZZZZ';
    const task: DeliveryTask = {
      v: 1, msgId: msgId as DeliveryTask['msgId'], appId: app.id as DeliveryTask['appId'], endpointId: ghost as DeliveryTask['endpointId'],
      eventType: 'render.completed', body: '{"n":1}', url: receiver.url('/ghost'), headers: {}, keyOwner: ghost as DeliveryTask['endpointId'],
      signatureProfiles: [], timeoutMs: 1000, retrySchedule: [], maxConcurrency: 1, rateLimit: null, trigger: 'scheduled', attempt: 1,
    };
    const exhausted: OpsEvent[] = [];
    const subscription = env.nats.subscribe(`${env.prefix}.ops.${app.id}.message.attempt.exhausted`, { callback: (_, m) => exhausted.push(m.json<OpsEvent>()) });
    await env.nats.jetstream().publish(`${env.prefix}.deliveries.${app.id}.${ghost}`, JSON.stringify(task));

    const attempt = await waitFor(async () => (await client.attempts(app.id, msgId)).find((a) => a.endpointId === ghost), 30_000, 'the dead-letter record');
    expect(attempt).toMatchObject({ status: 2, responseStatusCode: 0, response: expect.stringContaining('dead-lettered') });
    expect(await client.finalStatus(app.id, msgId, ghost)).toBe('fail');
    await waitFor(async () => exhausted.length > 0, 5000, 'message.attempt.exhausted');
    expect(exhausted[0].data).toMatchObject({ msgId, endpointId: ghost });
    const jsm = await env.nats.jetstreamManager();
    const info = await jsm.streams.info(`${env.prefix.toUpperCase()}_DELIVERIES`, { subjects_filter: `${env.prefix}.deliveries.${app.id}.${ghost}` });
    expect(info.state.messages).toBe(0);
    expect(receiver.requests.filter((r) => r.path === '/ghost')).toHaveLength(0);
    subscription.unsubscribe();
  }, 60_000);
});
