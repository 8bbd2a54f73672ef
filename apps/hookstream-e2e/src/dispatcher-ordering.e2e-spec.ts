import { HookstreamClient } from './support/hookstream-client';
import { Receiver } from './support/receiver';
import { startAllInOneForTest, type RunningService } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

describe('orderingKey: one at a time per endpoint, in publish order, a failure holding the rest', () => {
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

  it('delivers 30 events on one key in order to a jittery receiver that sometimes fails', async () => {
    const delays: number[] = [];
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    receiver.respondWith(() => {
      const delayMs = Math.floor(random() * 40);
      delays.push(delayMs);
      return { status: random() < 0.25 ? 500 : 200, delayMs };
    });
    const app = await client.app('ordered');
    await client.endpoint(app.id, { url: receiver.url('/ordered'), retrySchedule: Array(10).fill(0.1), maxConcurrency: 10 });
    for (let n = 0; n < 30; n++) {
      await client.publish(app.id, { eventType: 'render.progress', orderingKey: 'job_1', payload: { n } });
    }
    // Unordered traffic beside it is not held back.
    await client.publish(app.id, { eventType: 'render.progress', payload: { n: 'free' } });

    const succeeded = () => receiver.requests.filter((r, i) => r.path === '/ordered' && delays[i] !== undefined).map((r) => JSON.parse(r.body).n as number | string);
    await waitFor(async () => new Set(succeeded()).size >= 31, 45_000, 'all 31 events');

    const ordered = receiver.requests.map((r) => JSON.parse(r.body).n).filter((n): n is number => typeof n === 'number');
    for (let i = 1; i < ordered.length; i++) expect(ordered[i]).toBeGreaterThanOrEqual(ordered[i - 1]);
    const keyed = receiver.requests.map((r, i) => ({ r, i })).filter(({ r }) => typeof JSON.parse(r.body).n === 'number');
    for (let k = 1; k < keyed.length; k++) {
      const previous = keyed[k - 1];
      expect(keyed[k].r.receivedAt).toBeGreaterThanOrEqual(previous.r.receivedAt + delays[previous.i]);
    }
    expect(new Set(ordered)).toEqual(new Set(Array.from({ length: 30 }, (_, n) => n)));
  }, 60_000);
});
