import { DeliveryLogModule } from '@hookstream/delivery-log';
import { DispatcherModule } from '@hookstream/dispatcher';
import { SignerModule } from '@hookstream/signer';
import { AdminApi } from './support/admin-api';
import { assertBuilt, ChildService, serviceEnv } from './support/child-service';
import { receivedOn, waitForRecorded } from './support/delivery-audit';
import { DurableProducer } from './support/durable-producer';
import { HookstreamClient } from './support/hookstream-client';
import { Receiver } from './support/receiver';
import { startService, type RunningService } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

/** Events one ingest replica handles at once (`CONCURRENCY` in libs/ingest/src/events/events.consumer.ts). */
const INGEST_CONCURRENCY = 128;
const REST_TRIES = 20;

describe('ingest killed with SIGKILL mid-load beside a second replica', () => {
  let env: TestEnvironment;
  let inProcess: RunningService[] = [];
  let victim: ChildService;
  let survivor: ChildService;
  let receiver: Receiver;

  beforeAll(async () => {
    assertBuilt('ingest');
    env = await TestEnvironment.create();
    inProcess = [
      await startService(env.config, 'signer', SignerModule, 'signer'),
      await startService(env.config, 'dispatcher', DispatcherModule),
      await startService(env.config, 'delivery-log', DeliveryLogModule),
    ];
    [victim, survivor] = await Promise.all([ChildService.start('ingest', serviceEnv(env.config)), ChildService.start('ingest', serviceEnv(env.config))]);
    receiver = await Receiver.start();
  });

  afterAll(async () => {
    for (const child of [victim, survivor]) await child?.kill();
    // Side by side: each waits out its open pull request (5 s).
    await Promise.all(inProcess.map((service) => service.app.close()));
    await receiver?.stop();
    await env?.destroy();
  });

  /**
   * A REST producer: POSTs the event to `first`, and after a network failure (the replica died under it) or a 429 sends
   * it again, to the survivor. 202 and 409 (the eventId is already taken: an earlier try got in) both mean accepted.
   */
  async function postDurably(first: ChildService, appId: string, eventId: string): Promise<void> {
    const envelope = { eventType: 'render.completed', eventId, payload: { eventId } };
    for (let attempt = 1; attempt <= REST_TRIES; attempt += 1) {
      const target = attempt === 1 ? first : survivor;
      const status = await new AdminApi(target.url, env.adminToken)
        .request('POST', `/api/v1/app/${appId}/msg`, envelope)
        .then((answer) => answer.status)
        .catch(() => 0);
      if (status === 202 || status === 409) return;
      if (status !== 0 && status !== 429 && status !== 503) throw new Error(`POST of ${eventId} answered ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`POST of ${eventId} not accepted after ${REST_TRIES} tries`);
  }

  it('delivers every accepted event once the killed replica’s events come back, with duplicates bounded by what it had in hand', async () => {
    const client = new HookstreamClient(survivor.url, env.adminToken, env.nats, env.prefix);
    const app = await client.app('ingest-crash');
    const path = '/ingest-crash';
    const endpoint = await client.endpoint(app.id, { url: receiver.url(path), maxConcurrency: 50 });

    const overNats = 3000;
    const overRest = 300;
    const total = overNats + overRest;
    const producer = new DurableProducer(env.nats.jetstream());
    // In bursts faster than ingest takes them, so both replicas hold events (pulled, in hand) when one is killed.
    const publishing = producer.publishEvents(env.prefix, app.id, 'nats', overNats, 100);
    const posting = (async () => {
      for (let n = 0; n < overRest; n += 10) {
        await Promise.all(Array.from({ length: 10 }, (_, i) => postDurably((n + i) % 2 === 0 ? victim : survivor, app.id, `rest_${n + i}`)));
      }
    })();

    const jsm = await env.nats.jetstreamManager();
    const ingestConsumer = () => jsm.consumers.info(`${env.prefix.toUpperCase()}_EVENTS`, 'ingest');
    const atKill = await waitFor(
      async () => {
        const consumer = await ingestConsumer();
        return producer.published >= 600 && consumer.num_ack_pending >= 100 && consumer;
      },
      30_000,
      'ingest mid-stream with events in hand',
    );
    victim.signal('SIGKILL');
    expect(await victim.exit(5000)).toEqual({ code: null, signal: 'SIGKILL' });
    await Promise.all([publishing, posting]);

    // The killed replica's unacked events come back to the survivor after the consumer's 30 s ack deadline.
    await waitFor(async () => receivedOn(receiver, path).distinct === total, 75_000, `all ${total} messages delivered`);
    const recorded = await waitForRecorded(env.config.databaseUrl, app.id, endpoint.id, total);
    expect(recorded).toEqual({ receipts: total, undispatched: 0, succeeded: total, failed: 0, attempts: expect.any(Number), attemptedMessages: total });

    const drained = await waitFor(
      async () => {
        const consumer = await ingestConsumer();
        return consumer.num_pending === 0 && consumer.num_ack_pending === 0 && consumer;
      },
      10_000,
      'every event acked off the EVENTS stream',
    );
    // The consumer's sequence counts every delivery, the stream's each message once (the stream holds only this
    // test's events): the difference is what the survivor took again.
    const redelivered = drained.delivered.consumer_seq - drained.delivered.stream_seq;
    const { duplicates, requests } = receivedOn(receiver, path);
    process.stdout.write(
      `ingest SIGKILL: ${total} events (${overRest} over REST), ${atKill.num_ack_pending} unacked at the kill (both replicas), ` +
        `${redelivered} redelivered, ${requests} POSTs, ${duplicates} duplicates\n`,
    );
    // The killed replica did hold events (else this test proved nothing).
    expect(redelivered).toBeGreaterThan(0);
    // A replayed event reuses its receipt and its tasks' Nats-Msg-Ids, so JetStream drops the second publish: the
    // design allows no duplicate here. The bound is what could at worst go twice: the events the replica had in hand.
    expect(duplicates).toBeLessThanOrEqual(INGEST_CONCURRENCY);
    // Each POST is one attempt row: nothing the dispatcher did went unrecorded.
    expect(recorded.attempts).toBe(requests);
  }, 150_000);
});
