import { Client } from 'pg';
import { HookstreamClient } from './support/hookstream-client';
import { PrivatePostgres } from './support/private-postgres';
import { Receiver } from './support/receiver';
import { FourServices } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

async function readiness(url: string): Promise<number> {
  try {
    const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

describe('Postgres restarted mid-load', () => {
  let postgres: PrivatePostgres;
  let env: TestEnvironment;
  let services: FourServices;
  let receiver: Receiver;

  beforeAll(async () => {
    postgres = await PrivatePostgres.start();
    env = await TestEnvironment.create({ DATABASE_URL: postgres.url });
    services = await FourServices.start(env.config);
    receiver = await Receiver.start();
  });

  afterAll(async () => {
    await services?.stop();
    await receiver?.stop();
    await env?.destroy();
    await postgres?.destroy();
  });

  async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: postgres.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  it.each([
    ['stopped cleanly for 3 s', 'fast', 3000],
    // Long enough for waiting messages to pass the dead-letter bound (5 deliveries) while Postgres is down.
    ['crashed (immediate) for 20 s', 'immediate', 20_000],
  ] as const)('services recover by themselves when Postgres is %s: readiness false then true, every event delivered and recorded, nothing dead-lettered', async (_, mode, downMs) => {
    const client = new HookstreamClient(services.ingest.url, env.adminToken, env.nats, env.prefix);
    const app = await client.app(`pg-${mode}`);
    const endpoint = await client.endpoint(app.id, { url: receiver.url(`/pg-${mode}`) });
    const withDatabase = [services.ingest.url, services.deliveryLog.url, services.signer.url];

    const total = 300;
    const before = receiver.requests.length;
    const publishing = (async () => {
      for (let n = 0; n < total; n += 10) {
        await Promise.all(Array.from({ length: 10 }, (_, i) => client.publish(app.id, { eventType: 'render.completed', eventId: `pg_${mode}_${n + i}`, payload: { n: n + i } })));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await waitFor(async () => receiver.requests.length >= before + 30, 30_000, 'deliveries before the restart');

    await postgres.stopServer(mode);
    await waitFor(async () => (await Promise.all(withDatabase.map(readiness))).every((status) => status === 503), 20_000, 'readiness to turn false');
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await postgres.startServer();
    await waitFor(async () => (await Promise.all(withDatabase.map(readiness))).every((status) => status === 200), 30_000, 'readiness to turn true again');
    await publishing;

    const distinct = () => new Set(receiver.requests.filter((r) => r.path === `/pg-${mode}`).map((r) => r.headers['webhook-id'])).size;
    await waitFor(async () => distinct() === total, 90_000, `all ${total} messages delivered`);
    // Attempt events waited in the LOG stream while delivery-log could not write; all of them land.
    await waitFor(async () => {
      const [row] = await query<{ succeeded: string }>(
        `SELECT count(*) AS succeeded FROM delivery_log.deliveries WHERE endpoint_id = $1 AND status = 'succeeded'`,
        [endpoint.id],
      );
      return Number(row.succeeded) === total;
    }, 60_000, `${total} deliveries recorded succeeded`);
    const [attempts] = await query<{ messages: string }>(`SELECT count(DISTINCT msg_id) AS messages FROM delivery_log.attempts WHERE endpoint_id = $1`, [endpoint.id]);
    expect(Number(attempts.messages)).toBe(total);
    const [receipts] = await query<{ undispatched: string; all: string }>(
      `SELECT count(*) FILTER (WHERE dispatched_at IS NULL) AS undispatched, count(*) AS all FROM ingest.messages WHERE app_id = $1`,
      [app.id],
    );
    expect({ all: Number(receipts.all), undispatched: Number(receipts.undispatched) }).toEqual({ all: total, undispatched: 0 });
    const [dead] = await query<{ count: string }>('SELECT count(*) FROM delivery_log.dead_letters');
    expect(Number(dead.count)).toBe(0);
  }, 240_000);
});
