import { useAllInOne } from './support/all-in-one-harness';
import type { DeliveryTask, OpsEvent } from '@hookstream/contracts';
import { waitFor } from './support/test-environment';

describe('dead letters: a task that keeps failing to be handled is recorded, not lost', () => {
  const h = useAllInOne({ HOOKSTREAM_DISPATCH_MAX_DELIVER: '3' });

  it('records a final failed attempt and message.attempt.exhausted after max_deliver, and removes the task', async () => {
    const app = await h.client.app('poison');
    await h.client.endpoint(app.id, { url: h.receiver.url('/ok') });
    await h.client.publish(app.id, { eventType: 'render.completed', eventId: 'poison-1', payload: { n: 1 } });
    const [delivered] = await waitFor(async () => h.receiver.requests.length > 0 && h.receiver.requests, 10_000, 'the real delivery');
    const msgId = delivered.headers['webhook-id'] as string;

    // A task whose signing key does not exist: every try fails in the handler, as a poison message would.
    const ghost = 'ep_01ZZZZZZZZZZZZZZZZZZZZZZZZ';
    const task: DeliveryTask = {
      v: 1, msgId: msgId as DeliveryTask['msgId'], appId: app.id as DeliveryTask['appId'], endpointId: ghost as DeliveryTask['endpointId'],
      eventType: 'render.completed', body: '{"n":1}', url: h.receiver.url('/ghost'), headers: {}, keyOwner: ghost as DeliveryTask['endpointId'],
      signatureProfiles: [], timeoutMs: 1000, retrySchedule: [], maxConcurrency: 1, rateLimit: null, trigger: 'scheduled', attempt: 1,
    };
    const exhausted: OpsEvent[] = [];
    const subscription = h.env.nats.subscribe(`${h.env.prefix}.ops.${app.id}.message.attempt.exhausted`, { callback: (_, m) => exhausted.push(m.json<OpsEvent>()) });
    await h.env.nats.jetstream().publish(`${h.env.prefix}.deliveries.${app.id}.${ghost}`, JSON.stringify(task));

    const attempt = await waitFor(async () => (await h.client.attempts(app.id, msgId)).find((a) => a.endpointId === ghost), 30_000, 'the dead-letter record');
    expect(attempt).toMatchObject({ status: 2, responseStatusCode: 0, response: expect.stringContaining('dead-lettered') });
    expect(await h.client.finalStatus(app.id, msgId, ghost)).toBe('fail');
    await waitFor(async () => exhausted.length > 0, 5000, 'message.attempt.exhausted');
    expect(exhausted[0].data).toMatchObject({ msgId, endpointId: ghost });
    const jsm = await h.env.nats.jetstreamManager();
    const info = await jsm.streams.info(`${h.env.prefix.toUpperCase()}_DELIVERIES`, { subjects_filter: `${h.env.prefix}.deliveries.${app.id}.${ghost}` });
    expect(info.state.messages).toBe(0);
    expect(h.receiver.requests.filter((r) => r.path === '/ghost')).toHaveLength(0);
    subscription.unsubscribe();
  }, 60_000);
});
