import { randomBytes } from 'node:crypto';
import { firstValueFrom, throwError } from 'rxjs';
import { connect, type NatsConnection } from 'nats';
import { Subjects } from '@hookstream/contracts';
import { PrefixedNatsClient, PrefixedNatsServer } from './prefixed-nats-transport';

// Against the machine's NATS (NATS_URL): Nest's own server side answering our client, under a prefix of its own.
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** nats.js's live subscriptions on a connection (its 2.x protocol handler), to see what a request leaves behind. */
function subscriptionCount(connection: NatsConnection): number {
  return (connection as unknown as { protocol: { subscriptions: { size(): number } } }).protocol.subscriptions.size();
}

describe('PrefixedNatsClient against PrefixedNatsServer', () => {
  const subjects = new Subjects(`hsrpc_${randomBytes(4).toString('hex')}`);
  let server: PrefixedNatsServer;
  let shared: NatsConnection;
  let client: PrefixedNatsClient;
  let received = 0;
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    server = new PrefixedNatsServer(subjects, { servers: NATS_URL });
    server.addHandler('echo.upper', async (data: { text: string }) => ({ text: data.text.toUpperCase() }));
    server.addHandler('echo.held', async (data: { text: string }) => {
      received += 1;
      await released;
      return { text: data.text.toUpperCase() };
    });
    // What an RPC exception filter (e.g. the signer's) hands back: an observable of the error body.
    server.addHandler('echo.refuse', async () => throwError(() => ({ status: 'error', code: 'not_found', message: 'no such key' })));
    await new Promise<void>((resolve, reject) => void server.listen((error) => (error ? reject(error) : resolve())));
    shared = await connect({ servers: NATS_URL });
    client = new PrefixedNatsClient(subjects, { servers: NATS_URL }, shared);
  });

  afterAll(async () => {
    await client.close();
    await shared.close();
    await server.close();
  });

  it('answers requests over the shared connection, under <prefix>.rpc., with one inbox subscription for all of them', async () => {
    await firstValueFrom(client.send('echo.upper', { text: 'warm' }));
    const before = subscriptionCount(shared);
    const answers = Promise.all(Array.from({ length: 20 }, (_, n) => firstValueFrom(client.send<{ text: string }>('echo.held', { text: `a${n}` }))));
    const deadline = Date.now() + 5000;
    while (received < 20 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received).toBe(20);
    expect(subscriptionCount(shared)).toBe(before);
    release();
    expect((await answers).map((answer) => answer.text)).toEqual(Array.from({ length: 20 }, (_, n) => `A${n}`));
  });

  it("passes the handler's error packet to the caller", async () => {
    await expect(firstValueFrom(client.send('echo.refuse', {}))).rejects.toEqual({ status: 'error', code: 'not_found', message: 'no such key' });
  });

  it('fails a request nobody serves at once, not at a timeout', async () => {
    const startedAt = Date.now();
    await expect(firstValueFrom(client.send('nobody.home', {}))).rejects.toMatchObject({ code: '503' });
    expect(Date.now() - startedAt).toBeLessThan(1000);
  });

  it('leaves the shared connection open when closed, for its owner to close', async () => {
    const other = new PrefixedNatsClient(subjects, { servers: NATS_URL }, shared);
    await firstValueFrom(other.send('echo.upper', { text: 'x' }));
    await other.close();
    expect(shared.isClosed()).toBe(false);
    expect(await firstValueFrom(client.send<{ text: string }>('echo.upper', { text: 'still' }))).toEqual({ text: 'STILL' });
  });

  it('opens and closes a connection of its own when none is shared', async () => {
    const own = new PrefixedNatsClient(subjects, { servers: NATS_URL });
    expect(await firstValueFrom(own.send<{ text: string }>('echo.upper', { text: 'own' }))).toEqual({ text: 'OWN' });
    const connection = own.unwrap<NatsConnection>();
    expect(connection).not.toBe(shared);
    await own.close();
    expect(connection.isClosed()).toBe(true);
  });
});
