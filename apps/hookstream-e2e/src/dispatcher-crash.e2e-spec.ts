import { assertBuilt, ChildService, serviceEnv } from './support/child-service';
import { HookstreamClient } from './support/hookstream-client';
import { Receiver } from './support/receiver';
import { startAllButDispatcher, type RunningService } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

describe('two dispatcher replicas, one killed with SIGKILL mid-delivery', () => {
  let env: TestEnvironment;
  let services: RunningService[] = [];
  let replicas: ChildService[] = [];
  let receiver: Receiver;

  beforeAll(async () => {
    assertBuilt('dispatcher');
    env = await TestEnvironment.create();
    services = await startAllButDispatcher(env.config);
    receiver = await Receiver.start();
    receiver.respondWith(() => ({ status: 200, delayMs: 150 }));
    replicas = await Promise.all([ChildService.start('dispatcher', serviceEnv(env.config)), ChildService.start('dispatcher', serviceEnv(env.config))]);
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.kill();
    for (const service of services) await service.app.close();
    await receiver?.stop();
    await env?.destroy();
  });

  it('loses nothing: every event is delivered, duplicates only for what the killed replica had in flight', async () => {
    const client = new HookstreamClient(services[1].url, env.adminToken, env.nats, env.prefix);
    const app = await client.app('crash');
    await client.endpoint(app.id, { url: receiver.url('/crash'), maxConcurrency: 10 });
    const jsm = await env.nats.jetstreamManager();
    await waitFor(async () => {
      const consumers = await jsm.consumers.info(`${env.prefix.toUpperCase()}_DELIVERIES`, 'dispatcher').catch(() => null);
      return consumers !== null;
    }, 15_000, 'the dispatcher replicas to start');

    const total = 100;
    await Promise.all(Array.from({ length: total }, (_, n) => client.publish(app.id, { eventType: 'render.completed', eventId: `job_${n}`, payload: { n } })));
    await waitFor(async () => receiver.requests.length >= 20, 15_000, '20 deliveries before the kill');
    replicas[0].signal('SIGKILL');

    const distinct = () => new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size;
    await waitFor(async () => distinct() === total, 75_000, `all ${total} messages delivered`);
    // At-least-once: the killed replica's unacked tasks are redelivered after the ack deadline. At most its 10
    // POSTs in flight (maxConcurrency) plus the ones answered but not yet acked can arrive twice.
    const duplicates = receiver.requests.length - total;
    expect(duplicates).toBeLessThanOrEqual(20);
  }, 120_000);
});
