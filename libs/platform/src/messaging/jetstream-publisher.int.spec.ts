import { randomBytes } from 'node:crypto';
import { connect, DiscardPolicy, type JetStreamManager, type NatsConnection } from 'nats';
import { JetStreamPublishError, JetStreamPublisher } from './jetstream-publisher';
import { NoRespondersError, ReplyInbox } from './reply-inbox';

// Against the machine's NATS (NATS_URL), on streams of its own prefix that it deletes.
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

describe('JetStreamPublisher and ReplyInbox (real NATS)', () => {
  const prefix = `hspub_${randomBytes(4).toString('hex')}`;
  const stream = prefix.toUpperCase();
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let publisher: JetStreamPublisher;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
    jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: [`${prefix}.tasks.>`], duplicate_window: 60_000_000_000 });
    await jsm.streams.add({ name: `${stream}_FULL`, subjects: [`${prefix}.full`], max_msgs: 1, discard: DiscardPolicy.New });
    publisher = new JetStreamPublisher(new ReplyInbox(nc));
  });

  afterAll(async () => {
    for (const name of [stream, `${stream}_FULL`]) await jsm.streams.delete(name).catch(() => undefined);
    await nc.close();
  });

  it('stores each message and answers with its PubAck; a repeated Nats-Msg-Id is a duplicate, stored once', async () => {
    const acks = await Promise.all(Array.from({ length: 1000 }, (_, i) => publisher.publish(`${prefix}.tasks.a`, JSON.stringify({ i }), { msgID: `t${i}` })));
    expect(new Set(acks.map((ack) => ack.seq)).size).toBe(1000);
    expect(acks.every((ack) => ack.stream === stream && !ack.duplicate)).toBe(true);
    const again = await publisher.publish(`${prefix}.tasks.a`, JSON.stringify({ i: 7 }), { msgID: 't7' });
    expect(again).toMatchObject({ duplicate: true, seq: acks[7].seq });
    expect((await jsm.streams.info(stream)).state.messages).toBe(1000);
    const stored = await jsm.streams.getMessage(stream, { seq: acks[7].seq });
    expect(stored.json()).toEqual({ i: 7 });
    expect(stored.header.get('Nats-Msg-Id')).toBe('t7');
  });

  it('fails at once, naming the subject, when no stream takes it', async () => {
    const startedAt = Date.now();
    const publishing = publisher.publish(`${prefix}.nowhere`, '{}');
    await expect(publishing).rejects.toBeInstanceOf(NoRespondersError);
    await expect(publishing).rejects.toThrow(`no responders on ${prefix}.nowhere`);
    expect(Date.now() - startedAt).toBeLessThan(1000);
  });

  it('fails with the API error when the stream refuses the message', async () => {
    await publisher.publish(`${prefix}.full`, '1');
    const refused = publisher.publish(`${prefix}.full`, '2');
    await expect(refused).rejects.toBeInstanceOf(JetStreamPublishError);
    await expect(refused).rejects.toThrow(/maximum messages exceeded/i);
  });

  it('fails a request whose reply does not come within its timeout, and ignores the reply that comes later', async () => {
    const inbox = new ReplyInbox(nc);
    const held: Array<() => void> = [];
    const silent = nc.subscribe(`${prefix}.slow`, { callback: (_error, msg) => held.push(() => msg.respond('late')) });
    try {
      const startedAt = Date.now();
      await expect(inbox.request(`${prefix}.slow`, 'ping', { timeoutMs: 300 })).rejects.toThrow(`no reply on ${prefix}.slow within 300 ms`);
      expect(Date.now() - startedAt).toBeLessThan(1500);
      held.forEach((reply) => reply());
      const answered = nc.subscribe(`${prefix}.fast`, { callback: (_error, msg) => msg.respond('pong') });
      await expect(inbox.request(`${prefix}.fast`, 'ping', { timeoutMs: 5000 }).then((reply) => reply.string())).resolves.toBe('pong');
      answered.unsubscribe();
    } finally {
      silent.unsubscribe();
    }
  });

  it('fails what still waits when the connection closes', async () => {
    const own = await connect({ servers: NATS_URL });
    const inbox = new ReplyInbox(own);
    const silent = nc.subscribe(`${prefix}.never`, { callback: () => undefined });
    await nc.flush();
    try {
      const waiting = inbox.request(`${prefix}.never`, 'ping', { timeoutMs: 30_000 });
      await own.flush();
      await own.close();
      await expect(waiting).rejects.toThrow('NATS connection closed before the reply came');
    } finally {
      silent.unsubscribe();
    }
  });
});
