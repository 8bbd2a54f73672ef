import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AckPolicy, connect, type JetStreamManager, type NatsConnection } from 'nats';
import type { ConsumerDefinition } from '@hookstream/contracts';
import { JetStreamProjectionProgress } from './jetstream-projection-progress';
import { ProjectionCatchUp } from './projection-catch-up';

// Against the machine's NATS (NATS_URL), on a stream of its own that it deletes.
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

describe('ProjectionCatchUp on a real JetStream consumer', () => {
  const stream = `HSCATCHUP_${randomBytes(4).toString('hex').toUpperCase()}`;
  const subject = `${stream.toLowerCase()}.log`;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
    jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: [`${subject}.>`] });
  });

  afterAll(async () => {
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
  });

  async function consumer(name: string): Promise<ConsumerDefinition> {
    const definition = { stream, config: { durable_name: name, ack_policy: AckPolicy.Explicit, filter_subject: `${subject}.${name}` } };
    await jsm.consumers.add(stream, definition.config);
    return definition;
  }

  /** Publishes to the consumer's subject, as ingest publishes to the LOG. */
  async function publish(name: string, count: number): Promise<void> {
    for (let i = 0; i < count; i++) await nc.jetstream().publish(`${subject}.${name}`, JSON.stringify({ i }));
  }

  /** Pulls and acks what is there, as the projector acks after its commit. */
  async function project(name: string, count: number): Promise<void> {
    const consumer = await nc.jetstream().consumers.get(stream, name);
    const messages = await consumer.fetch({ max_messages: count, expires: 2000 });
    let acked = 0;
    for await (const msg of messages) {
      await msg.ackAck();
      if (++acked === count) break;
    }
  }

  it('waits until the consumer has acked everything the stream held when the miss arrived', async () => {
    const definition = await consumer('behind');
    await publish('behind', 3);
    const catchUp = new ProjectionCatchUp(new JetStreamProjectionProgress(jsm, definition), { timeoutMs: 5000, pollMs: 20 });
    const started = Date.now();
    const waiting = catchUp.waitForProjection();
    setTimeout(() => void project('behind', 3), 300);
    await expect(waiting).resolves.toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('answers at once when the projection is caught up', async () => {
    const definition = await consumer('caught');
    await publish('caught', 2);
    await project('caught', 2);
    const catchUp = new ProjectionCatchUp(new JetStreamProjectionProgress(jsm, definition), { timeoutMs: 5000, pollMs: 20 });
    const started = Date.now();
    await expect(catchUp.waitForProjection()).resolves.toBe(true);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('gives up at the bound while the consumer stays behind', async () => {
    const definition = await consumer('stuck');
    await publish('stuck', 1);
    const catchUp = new ProjectionCatchUp(new JetStreamProjectionProgress(jsm, definition), { timeoutMs: 400, pollMs: 20 });
    const started = Date.now();
    await expect(catchUp.waitForProjection()).resolves.toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('stops waiting when the consumer does not exist (a rebuild is running)', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const missing = { stream, config: { durable_name: 'missing' } };
    const catchUp = new ProjectionCatchUp(new JetStreamProjectionProgress(jsm, missing), { timeoutMs: 5000, pollMs: 20 });
    await expect(catchUp.waitForProjection()).resolves.toBe(false);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});
