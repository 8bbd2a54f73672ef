import type { JetStreamManager } from 'nats';
import type { EndpointOut } from '@hookstream/contracts';
import { projectedAttemptIds, receivedOn, storedAttemptIds, waitForRecorded } from './support/delivery-audit';
import { DurableProducer } from './support/durable-producer';
import { HookstreamClient } from './support/hookstream-client';
import { NatsCluster, waitForCurrentReplicas } from './support/nats-cluster';
import { Receiver } from './support/receiver';
import { FourServices } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

const EVENTS_PER_CASE = 1500;

describe('a 3-node NATS cluster with R3 streams: stream leaders killed mid-load and rejoining, quorum lost and regained', () => {
  let cluster: NatsCluster;
  let env: TestEnvironment;
  let services: FourServices;
  let receiver: Receiver;
  let client: HookstreamClient;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    cluster = await NatsCluster.start(3);
    env = await TestEnvironment.create({ NATS_URL: cluster.url, HOOKSTREAM_STREAM_REPLICAS: '3' });
    services = await FourServices.start(env.config);
    receiver = await Receiver.start();
    client = new HookstreamClient(services.ingest.url, env.adminToken, env.nats, env.prefix);
    jsm = await env.nats.jetstreamManager();
  }, 120_000);

  afterAll(async () => {
    await services?.stop();
    await receiver?.stop();
    await env?.destroy().catch(() => undefined);
    await cluster?.destroy();
  });

  const streamName = (which: string) => `${env.prefix.toUpperCase()}_${which}`;

  /** This run's streams, KV buckets included: all R3, so each must be current on every node before and after a case. */
  async function ourStreams(): Promise<string[]> {
    const prefix = env.prefix.toUpperCase();
    return (await jsm.streams.names().next()).filter((name) => name.startsWith(`${prefix}_`) || name.startsWith(`KV_${prefix}_`));
  }

  /** What the node leads (streams, and consumers as `stream/consumer`): a node's death costs all of them at once. */
  async function ledBy(node: string): Promise<string[]> {
    const prefix = env.prefix.toUpperCase();
    const led: string[] = [];
    for (const stream of await ourStreams()) {
      if ((await jsm.streams.info(stream)).cluster?.leader === node) led.push(stream);
      for (const consumer of await jsm.consumers.list(stream).next()) if (consumer.cluster?.leader === node) led.push(`${stream}/${consumer.name}`);
    }
    return led.map((name) => name.replace(`${prefix}_`, ''));
  }

  /** An app and endpoint of the case's own, a full cluster, and a producer already publishing its events. */
  async function startLoad(name: string) {
    await waitForCurrentReplicas(jsm, await ourStreams(), cluster.names);
    const path = `/${name}`;
    const app = await client.app(name);
    const endpoint = await client.endpoint(app.id, { url: receiver.url(path) });
    const producer = new DurableProducer(env.nats.jetstream());
    const publishing = producer.publishEvents(env.prefix, app.id, name, EVENTS_PER_CASE, 20, 20);
    await waitFor(async () => producer.published >= 300 && receivedOn(receiver, path).requests >= 100, 30_000, 'load flowing');
    return { path, appId: app.id, endpoint, producer, publishing };
  }

  /** Each consumer of this run's streams: leader, pending, unacked, redelivered (for a failure message). */
  async function consumersState(): Promise<string> {
    const lines: string[] = [];
    for (const stream of await ourStreams()) {
      for (const c of await jsm.consumers.list(stream).next().catch(() => [])) {
        lines.push(`${stream}/${c.name}: leader ${c.cluster?.leader}, pending ${c.num_pending}, unacked ${c.num_ack_pending}, redelivered ${c.num_redelivered}, waiting ${c.num_waiting}`);
      }
    }
    return lines.join('\n');
  }

  /**
   * After the load: every event delivered and recorded, every attempt the LOG holds projected (by id), and every POST
   * in the LOG: a POST whose attempt.made found the LOG without a leader is recorded once the LOG is back, since the
   * publisher keeps trying through an outage shorter than its window (30 s); the outages here are shorter.
   */
  async function expectDeliveredAndProjected(path: string, appId: string, endpoint: EndpointOut): Promise<{ projected: number; unrecorded: number }> {
    await waitFor(async () => receivedOn(receiver, path).distinct === EVENTS_PER_CASE, 75_000, `all ${EVENTS_PER_CASE} messages delivered`).catch(async (error: Error) => {
      throw new Error(`${error.message} (${receivedOn(receiver, path).distinct} were)\n${await consumersState()}`);
    });
    expect(await waitForRecorded(env.config.databaseUrl, appId, endpoint.id, EVENTS_PER_CASE)).toMatchObject({ receipts: EVENTS_PER_CASE, undispatched: 0, succeeded: EVENTS_PER_CASE, failed: 0, attemptedMessages: EVENTS_PER_CASE });
    const stored = await storedAttemptIds(env.nats, env.prefix, appId);
    const projected = await waitFor(
      async () => {
        const ids = await projectedAttemptIds(env.config.databaseUrl, endpoint.id);
        return ids.size >= stored.size && ids;
      },
      15_000,
      `${stored.size} attempts projected`,
    );
    expect([...projected].sort()).toEqual([...stored].sort());
    const unrecorded = receivedOn(receiver, path).requests - stored.size;
    expect(unrecorded).toBe(0);
    return { projected: projected.size, unrecorded };
  }

  it.each(['EVENTS', 'LOG'])(
    'every event is delivered and every stored attempt projected after the %s stream leader is killed; the node rejoins and catches up',
    async (which) => {
      const stream = streamName(which);
      const { path, appId, endpoint, producer, publishing } = await startLoad(`leader-${which.toLowerCase()}`);
      const leader = (await jsm.streams.info(stream)).cluster?.leader;
      if (!leader) throw new Error(`${stream} has no leader`);
      const led = await ledBy(leader);
      await cluster.stop(leader);
      const elected = await waitFor(
        async () => {
          const now = (await jsm.streams.info(stream).catch(() => null))?.cluster?.leader;
          return now !== leader && now;
        },
        20_000,
        `${stream} to elect another leader`,
      );
      // Back on its port and store while the load goes on: what was stored meanwhile is what it must catch up on.
      const killedAt = producer.published;
      await waitFor(async () => producer.published >= Math.min(EVENTS_PER_CASE, killedAt + 200), 30_000, 'events stored under the new leader');
      await cluster.restart(leader);
      await publishing;

      const { projected, unrecorded } = await expectDeliveredAndProjected(path, appId, endpoint);
      const infos = await waitForCurrentReplicas(jsm, await ourStreams(), cluster.names);
      // The LOG keeps what it stores (limits retention): the rejoined node holds all of it (nats-server omits a lag of 0).
      const rejoined = infos.find((info) => info.config.name === streamName('LOG'))?.cluster?.replicas?.find((r) => r.name === leader);
      expect({ current: rejoined?.current, lag: rejoined?.lag ?? 0 }).toEqual({ current: true, lag: 0 });
      const { duplicates, requests } = receivedOn(receiver, path);
      process.stdout.write(
        `${which} leader ${leader} killed (${elected} elected; it also led ${led.length} streams and consumers: ${led.join(', ')}): ` +
          `${producer.failedTries} publish tries failed, ${requests} POSTs for ${EVENTS_PER_CASE} events, ${duplicates} duplicates, ` +
          `${projected} attempts stored and projected, ${unrecorded} POSTs unrecorded\n`,
      );
    },
    120_000,
  );

  it('publishes fail while 2 of 3 nodes are down and producers retry; once the nodes return every event published is delivered', async () => {
    const { path, appId, endpoint, producer, publishing } = await startLoad('quorum');
    const [survivor, ...victims] = cluster.names;
    await Promise.all(victims.map((name) => cluster.stop(name)));
    const failedBefore = producer.failedTries;
    // No stream can store without a majority: a publish gets no PubAck (a timeout or a 503), never a false one.
    await expect(env.nats.jetstream().publish(`${env.prefix}.events.${appId}`, JSON.stringify({ eventType: 'probe' }), { timeout: 1500 })).rejects.toThrow();
    await waitFor(async () => producer.failedTries > failedBefore, 15_000, 'the producer’s publishes to fail');
    const publishedWhileDown = producer.published;
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(producer.published).toBe(publishedWhileDown);
    // As a supervisor would: the same ports and store dirs.
    await Promise.all(victims.map((name) => cluster.restart(name)));
    await publishing;

    const { projected, unrecorded } = await expectDeliveredAndProjected(path, appId, endpoint);
    await waitForCurrentReplicas(jsm, await ourStreams(), cluster.names);
    const { duplicates, requests } = receivedOn(receiver, path);
    process.stdout.write(
      `quorum lost (${victims.join(', ')} down, ${survivor} up): ${producer.failedTries} publish tries failed, ` +
        `${requests} POSTs for ${EVENTS_PER_CASE} events, ${duplicates} duplicates, ${projected} attempts stored and projected, ${unrecorded} POSTs unrecorded\n`,
    );
  }, 150_000);
});
