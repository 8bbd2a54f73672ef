import { assertBuilt, ChildService, serviceEnv } from './support/child-service';
import { receivedOn, waitForRecorded } from './support/delivery-audit';
import { DurableProducer } from './support/durable-producer';
import { HookstreamClient } from './support/hookstream-client';
import { Receiver } from './support/receiver';
import { TestEnvironment, waitFor } from './support/test-environment';

/** Events ingest handles at once (`CONCURRENCY` in libs/ingest/src/events/events.consumer.ts). */
const INGEST_CONCURRENCY = 128;
/** The endpoint's POSTs in flight at once: what the dispatcher can have sent but not yet acked. */
const MAX_CONCURRENCY = 20;

describe('the all-in-one launcher killed with SIGKILL mid-load and started again', () => {
  let env: TestEnvironment;
  const launchers: ChildService[] = [];
  let receiver: Receiver;

  async function launch(): Promise<ChildService> {
    const launcher = await ChildService.start('all-in-one', serviceEnv(env.config));
    launchers.push(launcher);
    return launcher;
  }

  beforeAll(async () => {
    assertBuilt('all-in-one');
    env = await TestEnvironment.create();
    receiver = await Receiver.start();
    // Slow enough that POSTs are in flight when the process dies.
    receiver.respondWith(() => ({ status: 200, delayMs: 20 }));
  });

  afterAll(async () => {
    for (const launcher of launchers) await launcher.kill();
    await receiver?.stop();
    await env?.destroy();
  });

  it('delivers every accepted event after the restart, with duplicates bounded by what ingest and the dispatcher had in hand', async () => {
    const first = await launch();
    const client = new HookstreamClient(first.url, env.adminToken, env.nats, env.prefix);
    const app = await client.app('all-in-one-crash');
    const path = '/all-in-one-crash';
    const endpoint = await client.endpoint(app.id, { url: receiver.url(path), maxConcurrency: MAX_CONCURRENCY });

    const total = 2000;
    const producer = new DurableProducer(env.nats.jetstream());
    const publishing = producer.publishEvents(env.prefix, app.id, 'aio', total, 20, 50);
    const jsm = await env.nats.jetstreamManager();
    const events = `${env.prefix.toUpperCase()}_EVENTS`;
    const atKill = await waitFor(
      async () => {
        const consumer = await jsm.consumers.info(events, 'ingest');
        return receivedOn(receiver, path).requests >= 300 && producer.published < total && consumer;
      },
      30_000,
      'deliveries flowing and events still arriving before the kill',
    );
    first.signal('SIGKILL');
    expect(await first.exit(5000)).toEqual({ code: null, signal: 'SIGKILL' });
    const deliveredBeforeRestart = receivedOn(receiver, path).distinct;
    // As a supervisor would: a new process on the same NATS, database and prefix.
    await launch();
    await publishing;

    // What the dead process held comes back after the consumers' 30 s ack deadline.
    await waitFor(async () => receivedOn(receiver, path).distinct === total, 75_000, `all ${total} messages delivered`);
    const recorded = await waitForRecorded(env.config.databaseUrl, app.id, endpoint.id, total);
    expect(recorded).toEqual({ receipts: total, undispatched: 0, succeeded: total, failed: 0, attempts: expect.any(Number), attemptedMessages: total });

    const { duplicates, requests } = receivedOn(receiver, path);
    process.stdout.write(
      `all-in-one SIGKILL: ${total} events, ${deliveredBeforeRestart} delivered before the restart, ` +
        `${atKill.num_ack_pending} events unacked at the kill, ${requests} POSTs, ${duplicates} duplicates, ${recorded.attempts} attempts recorded\n`,
    );
    // ingest's replays cost nothing (its receipt and the tasks' Nats-Msg-Ids are reused): at worst its events in hand.
    // The dispatcher's do: each POST in flight, or answered but not yet acked, is sent again — at most the endpoint's
    // concurrency of each.
    expect(duplicates).toBeLessThanOrEqual(INGEST_CONCURRENCY + 2 * MAX_CONCURRENCY);
    // Only the POSTs whose attempt.made the dead process never stored lack a row: at most the duplicates.
    expect(recorded.attempts).toBeGreaterThanOrEqual(requests - duplicates);
  }, 150_000);
});
