import { Client } from 'pg';
import { ApiException, Svix } from 'svix';
import { DeliveryLogModule } from '@hookstream/delivery-log';
import { AdminApi } from './support/admin-api';
import { useAllInOne } from './support/all-in-one-harness';
import { startService } from './support/services';
import { waitFor } from './support/test-environment';

/** How long a test lets reads wait on the held projection before it lets the projection go. */
const HELD_MS = 300;
/** delivery-log's bound on a miss's wait for the projection (`CATCH_UP_DEFAULTS.timeoutMs`). */
const CATCH_UP_BOUND_MS = 2000;

/**
 * Holds delivery-log's projection back, deterministically: a transaction of the test locks the projected tables in
 * EXCLUSIVE mode, which lets reads through but makes the projector's writes (so its acks) wait until `release()`.
 */
class ProjectionHold {
  private constructor(private readonly db: Client) {}

  static async start(databaseUrl: string): Promise<ProjectionHold> {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    await db.query('BEGIN');
    await db.query('LOCK TABLE delivery_log.apps, delivery_log.endpoints, delivery_log.messages, delivery_log.deliveries IN EXCLUSIVE MODE');
    return new ProjectionHold(db);
  }

  /** Whether delivery-log has projected the row yet (a committed read beside the lock). */
  async projected(table: 'apps' | 'endpoints' | 'messages', id: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM delivery_log.${table} WHERE id = $1`, [id])).rowCount === 1;
  }

  async release(): Promise<void> {
    await this.db.query('COMMIT');
    await this.db.end();
  }
}

interface Outcome<T> {
  settled: boolean;
  status?: number;
  value?: T;
}

/** Tracks a read: `settled` once it answered, with its HTTP status (the svix client throws on 4xx). */
function track<T>(read: Promise<T>): { outcome: Outcome<T>; done: Promise<Outcome<T>> } {
  const outcome: Outcome<T> = { settled: false };
  const done = read.then(
    (value) => Object.assign(outcome, { settled: true, status: 200, value }),
    (error: unknown) => {
      if (!(error instanceof ApiException)) throw error;
      return Object.assign(outcome, { settled: true, status: error.code });
    },
  );
  return { outcome, done };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('read your writes: a read right after a 2xx write finds it while the projection lags', () => {
  const h = useAllInOne();
  let svix: Svix;
  let api: AdminApi;
  const holds: ProjectionHold[] = [];

  beforeAll(async () => {
    svix = new Svix(h.env.adminToken, { serverUrl: h.hookstream.url });
    api = new AdminApi(h.hookstream.url, h.env.adminToken);
  });

  afterEach(() => releaseAll());

  async function releaseAll(): Promise<void> {
    for (const hold of holds.splice(0)) await hold.release().catch(() => undefined);
  }

  async function holdProjection(): Promise<ProjectionHold> {
    const hold = await ProjectionHold.start(h.env.config.databaseUrl);
    holds.push(hold);
    return hold;
  }

  async function release(hold: ProjectionHold): Promise<void> {
    holds.splice(holds.indexOf(hold), 1);
    await hold.release();
  }

  async function untilProjected(table: 'apps' | 'endpoints', id: string): Promise<void> {
    const db = new Client({ connectionString: h.env.config.databaseUrl });
    await db.connect();
    try {
      await waitFor(async () => (await db.query(`SELECT 1 FROM delivery_log.${table} WHERE id = $1`, [id])).rowCount === 1, 10_000, `${id} projected`);
    } finally {
      await db.end();
    }
  }

  /**
   * Starts the reads while the projection is held, checks they are still waiting after HELD_MS (without the
   * catch-up they answer 404 at once), lets the projection go and returns what they answered.
   */
  async function readWhileHeld<T extends unknown[]>(hold: ProjectionHold, reads: { [K in keyof T]: Promise<T[K]> }): Promise<{ [K in keyof T]: Outcome<T[K]> }> {
    const tracked = reads.map((read) => track(read));
    await sleep(HELD_MS);
    expect(tracked.map(({ outcome }) => outcome)).toEqual(tracked.map(() => ({ settled: false })));
    await release(hold);
    return Promise.all(tracked.map(({ done }) => done)) as Promise<{ [K in keyof T]: Outcome<T[K]> }>;
  }

  it('lists the messages of an app created a moment ago (empty, not 404)', async () => {
    const hold = await holdProjection();
    const app = await svix.application.create({ name: 'Fresh app' });
    expect(await hold.projected('apps', app.id)).toBe(false);

    const [list] = await readWhileHeld(hold, [svix.message.list(app.id)]);
    expect(list).toMatchObject({ status: 200, value: { data: [], done: true } });
  });

  it("reads an endpoint's stats, health and attempted messages right after creating it", async () => {
    const app = await svix.application.create({ name: 'Fresh endpoint' });
    await untilProjected('apps', app.id);
    const hold = await holdProjection();
    const endpoint = await svix.endpoint.create(app.id, { url: h.receiver.url('/fresh') });
    expect(await hold.projected('endpoints', endpoint.id)).toBe(false);

    const [stats, health, attempted] = await readWhileHeld(hold, [
      svix.endpoint.getStats(app.id, endpoint.id),
      api.request<{ disabled: boolean }>('GET', `/api/v1/app/${app.id}/endpoint/${endpoint.id}/health`).then(({ status, body }) => {
        if (status !== 200) throw new ApiException(status, body, new Headers());
        return body;
      }),
      svix.messageAttempt.listAttemptedMessages(app.id, endpoint.id),
    ]);
    expect(stats).toMatchObject({ status: 200, value: { success: 0, fail: 0, pending: 0, sending: 0 } });
    expect(health).toMatchObject({ status: 200, value: { disabled: false } });
    expect(attempted).toMatchObject({ status: 200, value: { data: [] } });
  });

  it('reads a message, its attempts and its destinations right after POST /msg answers 202', async () => {
    const app = await svix.application.create({ name: 'Fresh message' });
    const endpoint = await svix.endpoint.create(app.id, { url: h.receiver.url('/msg') });
    await untilProjected('endpoints', endpoint.id);
    const hold = await holdProjection();
    const message = await svix.message.create(app.id, { eventType: 'render.completed', eventId: 'job_fresh', payload: { job: 1 } });
    expect(await hold.projected('messages', message.id)).toBe(false);

    const [got, byEventId, attempts, destinations] = await readWhileHeld(hold, [
      svix.message.get(app.id, message.id),
      svix.message.get(app.id, 'job_fresh'),
      svix.messageAttempt.listByMsg(app.id, message.id),
      svix.messageAttempt.listAttemptedDestinations(app.id, message.id),
    ]);
    expect(got).toMatchObject({ status: 200, value: { id: message.id, payload: { job: 1 } } });
    expect(byEventId).toMatchObject({ status: 200, value: { id: message.id } });
    expect(attempts.status).toBe(200);
    expect(destinations.status).toBe(200);
    expect(destinations.value?.data.map((d) => d.id)).toEqual([endpoint.id]);
  });

  it('finds the write through a second delivery-log replica sharing the projection consumer', async () => {
    const replica = await startService(h.env.config, 'delivery-log', DeliveryLogModule);
    try {
      const app = await svix.application.create({ name: 'Across replicas' });
      await untilProjected('apps', app.id);
      const onReplica = new Svix(h.env.adminToken, { serverUrl: replica.url });
      const hold = await holdProjection();
      const message = await svix.message.create(app.id, { eventType: 'render.completed', payload: { replica: true } });

      const [got] = await readWhileHeld(hold, [onReplica.message.get(app.id, message.id)]);
      expect(got).toMatchObject({ status: 200, value: { id: message.id } });
    } finally {
      await releaseAll(); // the replica's shutdown waits for its projection
      await replica.app.close();
    }
  });

  it('still answers 404 for a message that does not exist, at once when the projection is caught up', async () => {
    const app = await svix.application.create({ name: 'Missing message' });
    await untilProjected('apps', app.id);
    const started = Date.now();
    const missing = await track(svix.message.get(app.id, 'msg_does_not_exist')).done;
    expect(missing.status).toBe(404);
    expect(Date.now() - started).toBeLessThan(CATCH_UP_BOUND_MS / 2);
    expect((await track(svix.message.list('app_does_not_exist')).done).status).toBe(404);
  });

  it('answers 404 for a missing message within about the bound while the projection stays behind', async () => {
    const app = await svix.application.create({ name: 'Missing while behind' });
    await untilProjected('apps', app.id);
    const hold = await holdProjection();
    await svix.message.create(app.id, { eventType: 'render.completed', payload: { behind: true } });

    const started = Date.now();
    const missing = await track(svix.message.get(app.id, 'msg_does_not_exist')).done;
    const elapsed = Date.now() - started;
    expect(missing.status).toBe(404);
    expect(elapsed).toBeGreaterThanOrEqual(CATCH_UP_BOUND_MS - 100);
    expect(elapsed).toBeLessThan(CATCH_UP_BOUND_MS + 1500);
    await release(hold);
  });
});
