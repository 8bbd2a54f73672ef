import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AckPolicy, connect, RetentionPolicy, type JsMsg, type NatsConnection } from 'nats';
import { register, type Histogram } from 'prom-client';
import type { DeadLetters } from './dead-letters';
import { ack, JetStreamWorker, nak, type Settlement, type WorkerOptions } from './jetstream-worker';

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
  async function runUntil(options: Omit<WorkerOptions, 'js' | 'stream' | 'logger' | 'deadLetters'> & Partial<Pick<WorkerOptions, 'deadLetters'>>, done: () => boolean): Promise<void> {
    const worker = new JetStreamWorker({ deadLetters: null, ...options, js: nc.jetstream(), stream, logger: new Logger('worker-spec') });
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

  /** Stands in for the LOG stream: what the worker gave up on, with the error it gave up for. */
  function recordingDeadLetters(): { deadLetters: DeadLetters; recorded: Array<{ seq: number; deliveries: number; error: unknown }> } {
    const recorded: Array<{ seq: number; deliveries: number; error: unknown }> = [];
    const record = async (msg: JsMsg, _consumer: string, error: unknown) => {
      recorded.push({ seq: msg.info.streamSequence, deliveries: msg.info.deliveryCount, error });
    };
    return { deadLetters: { record } as unknown as DeadLetters, recorded };
  }

  it('dead-letters a message that keeps failing for a reason of its own on its 5th delivery, and moves past it', async () => {
    await consumer('poison', `${subject}.poison`);
    await publish('poison', 2);
    const { deadLetters, recorded } = recordingDeadLetters();
    const deliveries: number[] = [];
    const handled: number[] = [];
    const handler = async (msg: JsMsg): Promise<Settlement> => {
      const { i } = msg.json<{ i: number }>();
      if (i === 1) {
        handled.push(i);
        return ack();
      }
      deliveries.push(msg.info.deliveryCount);
      throw new TypeError("Cannot read properties of undefined (reading 'id')");
    };
    await runUntil({ consumer: 'poison', concurrency: 2, errorRetryDelayMs: 10, handler, deadLetters }, () => recorded.length === 1);
    expect(handled).toEqual([1]);
    expect(deliveries).toEqual([1, 2, 3, 4, 5]);
    expect(recorded[0]).toMatchObject({ deliveries: 5, error: expect.any(TypeError) });
    const info = await (await nc.jetstreamManager()).consumers.info(stream, 'poison');
    expect(info.num_pending + info.num_ack_pending).toBe(0);
  });

  it('keeps redelivering a message whose handler fails for an outage, past the dead-letter bound', async () => {
    await consumer('outage', `${subject}.outage`);
    await publish('outage', 1);
    const { deadLetters, recorded } = recordingDeadLetters();
    let deliveries = 0;
    const handler = async (): Promise<Settlement> => {
      deliveries += 1;
      if (deliveries <= 8) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      return ack();
    };
    await runUntil({ consumer: 'outage', concurrency: 1, errorRetryDelayMs: 10, handler, deadLetters }, () => deliveries === 9);
    expect(recorded).toEqual([]);
  });

  it('waits out a fractional nak delay instead of redelivering at once', async () => {
    await consumer('fraction', `${subject}.fraction`);
    await publish('fraction', 1);
    const seenAt: number[] = [];
    const handler = async (): Promise<Settlement> => {
      seenAt.push(Date.now());
      return seenAt.length === 1 ? nak(300.0000004) : ack(); // 300000000.4 ns: not a whole number
    };
    await runUntil({ consumer: 'fraction', concurrency: 1, handler }, () => seenAt.length === 2);
    expect(seenAt[1] - seenAt[0]).toBeGreaterThanOrEqual(250);
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
