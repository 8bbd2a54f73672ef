import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { logEventsOf, Subjects, type AppId, type EndpointId, type LogEvent, type LogMessageBody, type MessageId, type OpsEvent } from '@hookstream/contracts';
import { LOG_LINGER_MS, LogPublisher, MAX_LOG_BATCH_CHARS } from './log-publisher';
import { natsClientsOf } from './nats-clients';

// Against the machine's NATS (NATS_URL), on a LOG stream of its own prefix that it deletes.
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

function cancelled(appId: string, n: number): LogEvent {
  return {
    type: 'delivery.cancelled',
    delivery: { msgId: `msg_${n}` as MessageId, appId: appId as AppId, endpointId: 'ep_1' as EndpointId, reason: 'endpoint disabled', timestamp: '2026-01-01T00:00:00Z' },
  };
}

function endpointDeleted(appId: string): OpsEvent {
  return { type: 'endpoint.deleted', timestamp: '2026-01-01T00:00:00Z', data: { appId: appId as AppId, appUid: null, endpointId: 'ep_1' as EndpointId, endpointUid: null } };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function accepted(n: number, payloadChars: number): LogEvent {
  const message = { id: `msg_${n}` as MessageId, appId: 'app_big' as AppId, eventType: 't', eventId: null, payload: { blob: 'x'.repeat(payloadChars) }, channels: null, tags: null, timestamp: '2026-01-01T00:00:00Z' };
  return { type: 'message.accepted', message, endpointIds: [] };
}

describe('LogPublisher on a real LOG stream', () => {
  const prefix = `hslogpub_${randomBytes(4).toString('hex')}`;
  const stream = `${prefix.toUpperCase()}_LOG`;
  const subjects = new Subjects(prefix);
  let nc: NatsConnection;
  let publisher: LogPublisher;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: [`${prefix}.log.>`, `${prefix}.ops.>`] });
    publisher = new LogPublisher(natsClientsOf(nc, jsm, subjects));
  });

  afterAll(async () => {
    await (await nc.jetstreamManager()).streams.delete(stream).catch(() => undefined);
    await nc.close();
  });

  beforeEach(async () => {
    await (await nc.jetstreamManager()).streams.purge(stream);
  });

  /** The stored messages' subjects and bodies, in stream order (for an ops message, only its subject is read). */
  async function stored(): Promise<Array<{ subject: string; body: LogMessageBody }>> {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info(stream);
    const messages = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq += 1) {
      const message = await jsm.streams.getMessage(stream, { seq });
      messages.push({ subject: message.subject, body: message.json<LogMessageBody>() });
    }
    return messages;
  }

  it('stores the events of one app and type published in one turn as one batch, in order', async () => {
    const events = [cancelled('app_a', 1), cancelled('app_a', 2), cancelled('app_a', 3)];
    await Promise.all(events.map((event) => publisher.publish(event)));

    const messages = await stored();
    expect(messages).toHaveLength(1);
    expect(messages[0].subject).toBe(subjects.log('app_a', 'delivery.cancelled'));
    expect(messages[0].body.type).toBe('batch');
    expect(logEventsOf(messages[0].body)).toEqual(events);
  });

  it('stores an event alone as itself, and events of other apps or later turns in messages of their own', async () => {
    await Promise.all([publisher.publish(cancelled('app_a', 1)), publisher.publish(cancelled('app_b', 2))]);
    await publisher.publish(cancelled('app_a', 3));

    const messages = await stored();
    expect(messages.map((message) => [message.subject, message.body])).toEqual([
      [subjects.log('app_a', 'delivery.cancelled'), cancelled('app_a', 1)],
      [subjects.log('app_b', 'delivery.cancelled'), cancelled('app_b', 2)],
      [subjects.log('app_a', 'delivery.cancelled'), cancelled('app_a', 3)],
    ]);
  });

  it('splits a turn whose events exceed a batch into several messages, losing none', async () => {
    const events = Array.from({ length: 5 }, (_, i) => accepted(i, MAX_LOG_BATCH_CHARS / 3));
    await Promise.all(events.map((event) => publisher.publish(event)));

    const messages = await stored();
    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const message of messages) expect(JSON.stringify(message.body).length).toBeLessThan(MAX_LOG_BATCH_CHARS * 1.1);
    expect(messages.flatMap((message) => logEventsOf(message.body))).toEqual(events);
  });

  it('drops the same batch published again (its Nats-Msg-Id), but not a batch holding other events too', async () => {
    // Numbers of their own: the stream remembers ids across the purges between tests.
    const first = [cancelled('app_a', 41), cancelled('app_a', 42)];
    await Promise.all(first.map((event) => publisher.publish(event)));
    await Promise.all(first.map((event) => publisher.publish(event)));
    await Promise.all([...first, cancelled('app_a', 43)].map((event) => publisher.publish(event)));

    const messages = await stored();
    expect(messages.map((message) => logEventsOf(message.body).length)).toEqual([2, 3]);
  });

  it('lets lingering events of several turns share one message, stored within the linger', async () => {
    const events = [cancelled('app_a', 51), cancelled('app_a', 52), cancelled('app_a', 53)];
    const started = performance.now();
    const publishing: Promise<void>[] = [];
    for (const event of events) {
      publishing.push(publisher.publish(event, { linger: true }));
      await nextTurn();
    }
    await Promise.all(publishing);

    expect(performance.now() - started).toBeGreaterThanOrEqual(LOG_LINGER_MS - 1);
    const messages = await stored();
    expect(messages).toHaveLength(1);
    expect(logEventsOf(messages[0].body)).toEqual(events);
  });

  it('sends lingering events at once, ahead of it, when an event that may not linger is published', async () => {
    const lingering = publisher.publish(cancelled('app_a', 61), { linger: true });
    await nextTurn();
    await Promise.all([lingering, publisher.publish(cancelled('app_b', 62))]);

    const messages = await stored();
    expect(messages.map((message) => message.body)).toEqual([cancelled('app_a', 61), cancelled('app_b', 62)]);
  });

  it('sends lingering events ahead of an operational event', async () => {
    const lingering = publisher.publish(cancelled('app_a', 71), { linger: true });
    await nextTurn();
    await Promise.all([lingering, publisher.publishOps(endpointDeleted('app_a'), 'ep_1:71')]);

    const messages = await stored();
    expect(messages.map((message) => message.subject)).toEqual([subjects.log('app_a', 'delivery.cancelled'), subjects.ops('app_a', 'endpoint.deleted')]);
  });

  it('rejects every caller of a batch NATS did not store within its outage window', async () => {
    const orphan = new LogPublisher(natsClientsOf(nc, await nc.jetstreamManager(), new Subjects(`${prefix}_nostream`)), 1000);
    const results = await Promise.allSettled([orphan.publish(cancelled('app_a', 1)), orphan.publish(cancelled('app_a', 2))]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });

  it('keeps trying through a LOG stream outage with the same Nats-Msg-Id, and stores the event once', async () => {
    const lonePrefix = `${prefix}_outage`;
    const loneStream = `${lonePrefix.toUpperCase()}_LOG`;
    const jsm = await nc.jetstreamManager();
    const lone = new LogPublisher(natsClientsOf(nc, jsm, new Subjects(lonePrefix)));
    try {
      // No stream takes the subject yet: every try is answered "no responders" until it exists.
      const publishing = lone.publish(cancelled('app_outage', 1));
      await new Promise((resolve) => setTimeout(resolve, 800));
      await jsm.streams.add({ name: loneStream, subjects: [`${lonePrefix}.log.>`] });
      await publishing;
      await lone.publish(cancelled('app_outage', 1));
      expect((await jsm.streams.info(loneStream)).state.messages).toBe(1);
    } finally {
      await jsm.streams.delete(loneStream).catch(() => undefined);
    }
  });
});
