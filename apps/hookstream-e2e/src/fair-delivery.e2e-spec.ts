import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { UNPROVEN_SHARE } from '@hookstream/dispatcher';
import { useAllInOne } from './support/all-in-one-harness';
import { waitFor } from './support/test-environment';

/** The largest settings the API lets the operator give an endpoint (libs/contracts/src/api/endpoint.dto.ts). */
const LARGEST = { maxConcurrency: 1000, timeoutMs: 120_000 };
const HANGING_EVENTS = 600;
const HEALTHY_EVENTS = 20;
/** What the healthy app's events may take beside the hanging endpoint, over their time without it (generous: bench/ has the figure). */
const ALLOWED_EXTRA_MS = 5000;

/**
 * One loopback origin for both endpoints, so they share undici's connection pool too: `/healthy` answers 200 at
 * once, `/hang` reads the request and never answers. Counts the requests it got and holds every socket, so the
 * suite can close them.
 */
class LoopbackReceiver {
  readonly received = new Map<string, number>();
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<LoopbackReceiver> {
    const server = createServer();
    const receiver = new LoopbackReceiver(server);
    server.on('connection', (socket) => {
      receiver.sockets.add(socket);
      socket.on('close', () => receiver.sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      const path = req.url ?? '';
      req.resume();
      req.on('end', () => {
        receiver.received.set(path, receiver.count(path) + 1);
        if (path !== '/hang') res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  count(path: string): number {
    return this.received.get(path) ?? 0;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('fair delivery: one endpoint cannot take the dispatcher from the others', () => {
  let receiver: LoopbackReceiver;
  // Declared before the harness, so its afterAll runs first: the hanging POSTs end before the services stop.
  beforeAll(async () => {
    receiver = await LoopbackReceiver.start();
  });
  afterAll(async () => {
    await receiver?.stop();
  });
  const h = useAllInOne();

  /** Publishes `count` events to the app and returns how long until the receiver had them all (bounded). */
  async function deliveryTime(appId: string, count: number, run: string): Promise<number> {
    const before = receiver.count('/healthy');
    const started = Date.now();
    await Promise.all(Array.from({ length: count }, (_, n) => h.client.publish(appId, { eventType: 'render.completed', eventId: `${run}-${n}`, payload: { n } })));
    await waitFor(async () => receiver.count('/healthy') - before >= count, 15_000, `${count} deliveries of ${run}`);
    return Date.now() - started;
  }

  it('delivers another app\'s events at full speed while an endpoint with the largest settings hangs on 600 events', async () => {
    const healthy = await h.client.app('healthy');
    await h.client.endpoint(healthy.id, { url: receiver.url('/healthy') });
    await deliveryTime(healthy.id, HEALTHY_EVENTS, 'warm-up');
    const alone = await deliveryTime(healthy.id, HEALTHY_EVENTS, 'alone');

    const neighbour = await h.client.app('hanging neighbour');
    await h.client.endpoint(neighbour.id, { url: receiver.url('/hang'), ...LARGEST });
    await Promise.all(Array.from({ length: HANGING_EVENTS }, (_, n) => h.client.publish(neighbour.id, { eventType: 'render.completed', payload: { n } })));
    await waitFor(async () => receiver.count('/hang') > 0, 10_000, 'the hanging endpoint to get its first POST');
    await new Promise((resolve) => setTimeout(resolve, 2000)); // the dispatcher takes up the rest of the 600

    const beside = await deliveryTime(healthy.id, HEALTHY_EVENTS, 'beside');

    console.log(`${HEALTHY_EVENTS} events: ${alone} ms alone, ${beside} ms beside the hanging endpoint (${receiver.count('/hang')} POSTs hanging)`);
    expect(beside).toBeLessThan(alone + ALLOWED_EXTRA_MS);
    expect(receiver.count('/hang')).toBeLessThanOrEqual(UNPROVEN_SHARE); // it never answered, so it never earned more
  });
});
