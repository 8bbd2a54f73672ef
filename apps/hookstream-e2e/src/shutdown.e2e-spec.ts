import { DeliveryLogModule } from '@hookstream/delivery-log';
import { SignerModule } from '@hookstream/signer';
import { assertBuilt, ChildService, serviceEnv } from './support/child-service';
import { HookstreamClient } from './support/hookstream-client';
import { Receiver } from './support/receiver';
import { startAllInOneForTest, startService, type RunningService } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

/** What the test allows a service from SIGTERM to exit: below the pods' 30 s grace period less the 5 s preStop. */
const GRACE_MS = 25_000;

describe('SIGTERM: services drain, hand back what they hold, and exit 0', () => {
  let env: TestEnvironment;
  let inProcess: RunningService[] = [];
  const children: ChildService[] = [];
  let ingest: ChildService;
  let receiver: Receiver;
  let client: HookstreamClient;

  async function startChild(service: 'ingest' | 'dispatcher', overrides: Record<string, string> = {}): Promise<ChildService> {
    const child = await ChildService.start(service, serviceEnv(env.config, overrides));
    children.push(child);
    return child;
  }

  beforeAll(async () => {
    assertBuilt('ingest', 'dispatcher');
    env = await TestEnvironment.create();
    inProcess = [await startService(env.config, 'signer', SignerModule, 'signer'), await startService(env.config, 'delivery-log', DeliveryLogModule)];
    ingest = await startChild('ingest');
    receiver = await Receiver.start();
    client = new HookstreamClient(ingest.url, env.adminToken, env.nats, env.prefix);
  });

  afterAll(async () => {
    for (const child of children) await child.kill();
    for (const service of inProcess) await service.app.close();
    await receiver?.stop();
    await env?.destroy();
  });

  const distinctIds = (path: string) => new Set(receiver.requests.filter((r) => r.path === path).map((r) => r.headers['webhook-id'])).size;
  const requestsTo = (path: string) => receiver.requests.filter((r) => r.path === path).length;

  async function publishAll(appId: string, total: number, tag: string): Promise<void> {
    for (let n = 0; n < total; n += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, total - n) }, (_, i) => client.publish(appId, { eventType: 'render.completed', eventId: `${tag}_${n + i}`, payload: { n: n + i } })),
      );
    }
  }

  it('dispatcher: in-flight POSTs finish, exit 0 within the grace period, and a second dispatcher delivers the rest', async () => {
    const path = '/finish';
    receiver.respondWith(() => ({ status: 200, delayMs: 300 }));
    const app = await client.app('shutdown-finish');
    await client.endpoint(app.id, { url: receiver.url(path), maxConcurrency: 20 });
    const first = await startChild('dispatcher');

    const total = 150;
    await publishAll(app.id, total, 'finish');
    await waitFor(async () => requestsTo(path) >= 30, 30_000, '30 deliveries before SIGTERM');
    const signalledAt = Date.now();
    first.signal('SIGTERM');
    const exit = await first.exit(GRACE_MS);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(GRACE_MS);
    const deliveredBySigterm = distinctIds(path);
    expect(deliveredBySigterm).toBeLessThan(total);

    const second = await startChild('dispatcher');
    await waitFor(async () => distinctIds(path) === total, 60_000, `all ${total} messages delivered`);
    // The stopped dispatcher finished every POST it had started (300 ms ≪ the 20 s drain), so nothing it
    // touched is sent twice.
    expect(requestsTo(path)).toBe(total);
    second.signal('SIGTERM');
    expect(await second.exit(GRACE_MS)).toEqual({ code: 0, signal: null });
  }, 150_000);

  it('dispatcher: POSTs still running when the drain times out are handed back at once, readiness false meanwhile', async () => {
    const path = '/hand-back';
    receiver.respondWith(() => ({ status: 200, delayMs: 5000 }));
    const app = await client.app('shutdown-hand-back');
    const maxConcurrency = 10;
    await client.endpoint(app.id, { url: receiver.url(path), maxConcurrency });
    const first = await startChild('dispatcher', { HOOKSTREAM_SHUTDOWN_TIMEOUT_MS: '2000' });

    const total = 30;
    await publishAll(app.id, total, 'handback');
    await waitFor(async () => requestsTo(path) >= 5, 30_000, 'POSTs in flight before SIGTERM');
    const inFlight = requestsTo(path);
    first.signal('SIGTERM');
    const readiness: number[] = [];
    while (first.running && readiness.length < 200) {
      readiness.push(await first.readiness());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const exit = await first.exit(GRACE_MS);
    expect(exit).toEqual({ code: 0, signal: null });
    const notReadyFrom = readiness.indexOf(503);
    expect(notReadyFrom).toBeGreaterThanOrEqual(0);
    expect(readiness.slice(notReadyFrom).filter((status) => status !== 503 && status !== 0)).toEqual([]);

    // Handed back with nak (a 5.5 s delay), the tasks go out again without waiting for their 30 s ack deadline.
    receiver.respondWith(() => ({ status: 200 }));
    const restartedAt = Date.now();
    await startChild('dispatcher');
    await waitFor(async () => distinctIds(path) === total, 60_000, `all ${total} messages delivered`);
    expect(Date.now() - restartedAt).toBeLessThan(25_000);
    // Duplicates only for what was in flight (at most the endpoint's concurrency) when the drain gave up.
    expect(requestsTo(path) - total).toBeLessThanOrEqual(Math.max(inFlight, maxConcurrency));
  }, 150_000);

  it('ingest: SIGTERM under publish load, every event accepted by JetStream gets its delivery task', async () => {
    for (const child of children.filter((c) => c.name === 'dispatcher')) await child.kill();
    const app = await client.app('shutdown-ingest');
    const endpoint = await client.endpoint(app.id, { url: receiver.url('/ingest') });
    const second = await startChild('ingest');

    const total = 600;
    const publishing = (async () => {
      for (let n = 0; n < total; n += 20) {
        await publishAll(app.id, 20, `ingest_${n}`);
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    })();
    const jsm = await env.nats.jetstreamManager();
    const deliveries = `${env.prefix.toUpperCase()}_DELIVERIES`;
    const taskSubject = `${env.prefix}.deliveries.${app.id}.${endpoint.id}`;
    const tasks = async () => (await jsm.streams.info(deliveries, { subjects_filter: taskSubject })).state.subjects?.[taskSubject] ?? 0;
    await waitFor(async () => (await tasks()) >= 50, 30_000, 'ingest to turn events into tasks');

    ingest.signal('SIGTERM');
    expect(await ingest.exit(GRACE_MS)).toEqual({ code: 0, signal: null });
    await publishing;
    await waitFor(async () => (await tasks()) === total, 60_000, `${total} delivery tasks (one per event)`);
    // An event is acked after its tasks are published and its receipt marked dispatched: the last few trail the count.
    const eventsLeft = async () => (await jsm.streams.info(`${env.prefix.toUpperCase()}_EVENTS`)).state.messages;
    await waitFor(async () => (await eventsLeft()) === 0, 10_000, 'every event acked off the EVENTS stream');
    expect(await tasks()).toBe(total);
    second.signal('SIGTERM');
    expect(await second.exit(GRACE_MS)).toEqual({ code: 0, signal: null });
  }, 150_000);
});

describe('closing the all-in-one', () => {
  it('stops the workers of all four services at once: one pull request to wait out (5 s), not one per service', async () => {
    const env = await TestEnvironment.create();
    try {
      const hookstream = await startAllInOneForTest(env.config);
      const started = Date.now();
      await hookstream.app.close();
      // Before the root module stopped them all, the modules stopped theirs one after another: 15 s.
      expect(Date.now() - started).toBeLessThan(9000);
    } finally {
      await env.destroy();
    }
  });
});
