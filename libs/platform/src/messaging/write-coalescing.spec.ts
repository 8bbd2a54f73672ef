import { connect, type NatsConnection } from 'nats';
import { coalesceWrites } from './write-coalescing';

// Against the machine's NATS (NATS_URL): core publishes and a request/reply on subjects of its own.
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** What the spec reads of nats.js's protocol handler: how many bytes wait to be written. */
const pendingBytes = (nc: NatsConnection) => (nc as unknown as { protocol: { outbound: { size(): number } } }).protocol.outbound.size();
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const microtasks = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

describe('coalesceWrites', () => {
  let nc: NatsConnection;
  afterEach(async () => nc?.close());

  it('applies to the installed nats.js and holds commands until the turn ends, then writes them together', async () => {
    nc = await connect({ servers: NATS_URL });
    expect(coalesceWrites(nc)).toBe(true);
    nc.publish('hswrite.a', 'one');
    await microtasks();
    nc.publish('hswrite.a', 'two');
    await microtasks();
    expect(pendingBytes(nc)).toBeGreaterThan(0);
    await nextTurn();
    expect(pendingBytes(nc)).toBe(0);
  });

  it('without it, nats.js writes a microtask after the first command', async () => {
    nc = await connect({ servers: NATS_URL });
    nc.publish('hswrite.a', 'one');
    await microtasks();
    expect(pendingBytes(nc)).toBe(0);
  });

  it('still delivers messages and request/reply round trips, in order', async () => {
    nc = await connect({ servers: NATS_URL });
    coalesceWrites(nc);
    const subject = `hswrite.${process.pid}.${Date.now()}`;
    const received: string[] = [];
    nc.subscribe(`${subject}.events`, { callback: (_error, msg) => received.push(msg.string()) });
    nc.subscribe(`${subject}.echo`, { callback: (_error, msg) => msg.respond(msg.data) });
    for (let i = 0; i < 100; i += 1) nc.publish(`${subject}.events`, String(i));
    const reply = await nc.request(`${subject}.echo`, 'ping', { timeout: 2000 });
    await nc.flush();
    expect(reply.string()).toBe('ping');
    expect(received).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
  });

  it('flushes at once past the pending limit rather than buffering without bound', async () => {
    nc = await connect({ servers: NATS_URL });
    coalesceWrites(nc);
    nc.publish('hswrite.big', new Uint8Array(64 * 1024));
    nc.publish('hswrite.big', new Uint8Array(64 * 1024));
    expect(pendingBytes(nc)).toBe(0);
  });

  it('leaves something that is not a nats.js connection alone', () => {
    expect(coalesceWrites({} as NatsConnection)).toBe(false);
  });
});
