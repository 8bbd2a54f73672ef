import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AckPolicy, connect, RetentionPolicy, type JsMsg, type NatsConnection } from 'nats';
import { register, type Histogram } from 'prom-client';
import { ack, JetStreamWorker, type Settlement, type WorkerOptions } from './jetstream-worker';

// Against the machine's NATS (NATS_URL), on a stream of its own that it deletes.
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

// stop() reads the last pull request to its end (up to 5 s), so each test outlives jest's default timeout.
jest.setTimeout(30_000);

describe('JetStreamWorker on a real JetStream consumer', () => {
  const stream = `HSWORKER_${randomBytes(4).toString('hex').toUpperCase()}`;
  const subject = `${stream.toLowerCase()}.work`;
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: [`${subject}.>`], retention: RetentionPolicy.Workqueue });
  });

  afterAll(async () => {
    await (await nc.jetstreamManager()).streams.delete(stream).catch(() => undefined);
    await nc.close();
  });

  async function consumer(name: string, filter: string): Promise<void> {
    const jsm = await nc.jetstreamManager();
    await jsm.consumers.add(stream, { durable_name: name, ack_policy: AckPolicy.Explicit, filter_subject: filter, ack_wait: 30_000_000_000 });
  }

  async function publish(topic: string, count: number): Promise<void> {
    const js = nc.jetstream();
    await Promise.all(Array.from({ length: count }, (_, i) => js.publish(`${subject}.${topic}`, JSON.stringify({ i }))));
  }

  async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Runs a worker on `consumer` until `done()` holds (bounded), then stops it. */
  async function runUntil(options: Omit<WorkerOptions, 'js' | 'stream' | 'logger'>, done: () => boolean): Promise<void> {
    const worker = new JetStreamWorker({ ...options, js: nc.jetstream(), stream, logger: new Logger('worker-spec') });
    await worker.start();
    try {
      await until(done, 15_000);
    } finally {
      await worker.stop(1000);
    }
  }

  it('handles every message once and never runs more handlers than its concurrency', async () => {
    await consumer('bounded', `${subject}.bounded`);
    await publish('bounded', 300);
    const seen = new Set<number>();
    let running = 0;
    let mostAtOnce = 0;
    const handler = async (msg: JsMsg): Promise<Settlement> => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      // Uneven handler times, so slots free up out of order.
      await new Promise((resolve) => setTimeout(resolve, msg.json<{ i: number }>().i % 3));
      seen.add(msg.json<{ i: number }>().i);
      running -= 1;
      return ack();
    };
    await runUntil({ consumer: 'bounded', concurrency: 8, handler }, () => seen.size === 300);
    expect(mostAtOnce).toBe(8);
    const info = await (await nc.jetstreamManager()).consumers.info(stream, 'bounded');
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
  });

  it('holds at most maxBytesInFlight of messages at once, and always at least one', async () => {
    await consumer('bytes', `${subject}.bytes`);
    const js = nc.jetstream();
    const payload = (kib: number) => new Uint8Array(kib * 1024).fill(65);
    // Ten of 100 KiB, then one of 600 KiB: larger than the bound on its own.
    for (let i = 0; i < 10; i += 1) await js.publish(`${subject}.bytes`, payload(100));
    await js.publish(`${subject}.bytes`, payload(600));
    let handled = 0;
    let bytes = 0;
    let mostBytes = 0;
    const handler = async (msg: JsMsg): Promise<Settlement> => {
      bytes += msg.data.length;
      mostBytes = Math.max(mostBytes, bytes);
      await new Promise((resolve) => setTimeout(resolve, 20));
      bytes -= msg.data.length;
      handled += 1;
      return ack();
    };
    await runUntil({ consumer: 'bytes', concurrency: 100, maxBytesInFlight: 250 * 1024, handler }, () => handled === 11);
    // A message is let in while less than the bound is in flight: at most the bound plus the largest message,
    // where concurrency alone would have let all 1,600 KiB in together; the 600 KiB one went through all the same.
    expect(mostBytes).toBeLessThan((250 + 600) * 1024);
    expect(mostBytes).toBeGreaterThanOrEqual(600 * 1024);
  });

  it('redelivers the message of a handler that throws instead of losing it', async () => {
    await consumer('throws', `${subject}.throws`);
    await publish('throws', 1);
    let calls = 0;
    const handler = async (): Promise<Settlement> => {
      calls += 1;
      if (calls === 1) throw new Error('database down');
      return ack();
    };
    await runUntil({ consumer: 'throws', concurrency: 2, errorRetryDelayMs: 50, handler }, () => calls === 2);
    const info = await (await nc.jetstreamManager()).consumers.info(stream, 'throws');
    expect(info.num_ack_pending).toBe(0);
  });

  it('times each message: its wait in the stream once (first delivery), its handling every time', async () => {
    await consumer('timed', `${subject}.timed`);
    await publish('timed', 5);
    await new Promise((resolve) => setTimeout(resolve, 200)); // stored well before a worker pulls them
    const handled = new Set<number>();
    let failedOnce = false;
    const handler = async (msg: JsMsg): Promise<Settlement> => {
      const { i } = msg.json<{ i: number }>();
      if (i === 0 && !failedOnce) {
        failedOnce = true;
        throw new Error('fails once, so it is delivered twice');
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
      handled.add(i);
      return ack();
    };
    await runUntil({ consumer: 'timed', concurrency: 5, errorRetryDelayMs: 50, handler }, () => handled.size === 5);

    const waited = await timing('hookstream_consumer_wait_seconds', 'timed');
    expect(waited.count).toBe(5);
    expect(waited.sum).toBeGreaterThanOrEqual(5 * 0.15);
    const handling = await timing('hookstream_consumer_handle_seconds', 'timed');
    expect(handling.count).toBe(6);
    expect(handling.sum).toBeGreaterThanOrEqual(5 * 0.025);
  });
});

/** Count and sum of one consumer's series of a worker histogram in this process's registry. */
async function timing(name: string, consumer: string): Promise<{ count: number; sum: number }> {
  const { values } = await (register.getSingleMetric(name) as Histogram<'consumer'>).get();
  const value = (suffix: string) => values.find((v) => v.metricName === `${name}_${suffix}` && v.labels.consumer === consumer)?.value ?? 0;
  return { count: value('count'), sum: value('sum') };
}
