import { DurableProducer } from './support/durable-producer';
import { HookstreamClient } from './support/hookstream-client';
import { NatsCluster } from './support/nats-cluster';
import { Receiver } from './support/receiver';
import { FourServices } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

describe('a 3-node NATS cluster with R3 streams loses a node mid-load', () => {
  let cluster: NatsCluster;
  let env: TestEnvironment;
  let services: FourServices;
  let receiver: Receiver;

  beforeAll(async () => {
    cluster = await NatsCluster.start(3);
    env = await TestEnvironment.create({ NATS_URL: cluster.url, HOOKSTREAM_STREAM_REPLICAS: '3' });
    services = await FourServices.start(env.config);
    receiver = await Receiver.start();
  }, 120_000);

  afterAll(async () => {
    await services?.stop();
    await receiver?.stop();
    await env?.destroy().catch(() => undefined);
    await cluster?.destroy();
  });

  it('every one of 2,000 events is delivered after the DELIVERIES stream leader is killed', async () => {
    const client = new HookstreamClient(services.ingest.url, env.adminToken, env.nats, env.prefix);
    const app = await client.app('node-loss');
    await client.endpoint(app.id, { url: receiver.url('/node-loss') });
    const jsm = await env.nats.jetstreamManager();
    const deliveries = `${env.prefix.toUpperCase()}_DELIVERIES`;
    expect((await jsm.streams.info(deliveries)).config.num_replicas).toBe(3);

    const total = 2000;
    const producer = new DurableProducer(env.nats.jetstream(), { tries: 30 });
    let published = 0;
    const publishing = (async () => {
      for (let n = 0; n < total; n += 20) {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => {
            const eventId = `loss_${n + i}`;
            const body = JSON.stringify({ eventType: 'render.completed', eventId, payload: { n: n + i } });
            return producer.publish(`${env.prefix}.events.${app.id}`, body, eventId);
          }),
        );
        published = n + 20;
      }
    })();

    await waitFor(async () => published >= 500 && receiver.requests.length >= 200, 60_000, 'load flowing before the kill');
    const leader = (await jsm.streams.info(deliveries)).cluster?.leader;
    if (!leader) throw new Error(`${deliveries} has no leader`);
    cluster.kill(leader);

    await publishing;
    const distinct = () => new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size;
    await waitFor(async () => distinct() === total, 150_000, `all ${total} messages delivered`);
    const after = (await jsm.streams.info(deliveries)).cluster;
    expect(after?.leader).toBeDefined();
    expect(after?.leader).not.toBe(leader);
  }, 300_000);
});
