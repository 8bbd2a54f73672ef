import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { AppId, AttemptId, EndpointId, LogEvent, MessageId } from '@hookstream/contracts';
import { runMigrationsLocked, serviceDataSourceOptions } from '@hookstream/platform';
import { DELIVERY_LOG_DATABASE } from '../persistence/delivery-log-database';
import { LogProjector } from './log-projector';
import { ProjectionBatcher } from './projection-batcher';

// Against the machine's Postgres, in a database of its own.
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function succeeded(endpoint: number, timestamp = '2026-01-01T00:00:01Z'): LogEvent {
  const endpointId = `ep_${endpoint}` as EndpointId;
  return {
    type: 'attempt.made',
    attempt: {
      id: `atmpt_${endpoint}` as AttemptId, msgId: 'msg_1' as MessageId, appId: 'app_1' as AppId, endpointId, url: 'http://127.0.0.1/hook',
      attemptNumber: 1, trigger: 'scheduled', outcome: 'succeeded', responseStatusCode: 200, response: `ok "${endpoint}" \\ {a,b}`,
      responseDurationMs: 2, error: null, timestamp, final: true,
    },
  };
}

describe('ProjectionBatcher', () => {
  let dataSource: DataSource;
  let projector: LogProjector;
  const database = `hs_dlb_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    dataSource = await new DataSource(serviceDataSourceOptions(url.toString(), DELIVERY_LOG_DATABASE)).initialize();
    await runMigrationsLocked(dataSource, DELIVERY_LOG_DATABASE.schema);
    projector = new LogProjector(dataSource);
  });

  beforeEach(async () => {
    await dataSource.query('DELETE FROM delivery_log.attempts');
    await dataSource.query('DELETE FROM delivery_log.deliveries');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  async function transactionsDuring(work: () => Promise<unknown>): Promise<number> {
    const count = async () => Number((await dataSource.query(`SELECT xact_commit FROM pg_stat_database WHERE datname = $1`, [database]))[0].xact_commit);
    const before = await count();
    await work();
    // pg_stat counters reach the view after a short delay.
    await new Promise((resolve) => setTimeout(resolve, 700));
    await dataSource.query('SELECT pg_stat_clear_snapshot()');
    return (await count()) - before;
  }

  it('writes events handed in together in a few transactions, and settles each once committed', async () => {
    const batcher = new ProjectionBatcher(projector);
    const events = Array.from({ length: 300 }, (_, i) => succeeded(i));
    const transactions = await transactionsDuring(() => Promise.all(events.map((event) => batcher.project(event))));
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM delivery_log.deliveries WHERE status = 'succeeded'`);
    expect(count).toBe(300);
    expect(transactions).toBeLessThan(20);
    const [{ response }] = await dataSource.query(`SELECT response FROM delivery_log.attempts WHERE id = 'atmpt_7'`);
    expect(response).toBe('ok "7" \\ {a,b}');
  });

  it('fails a whole batch at once when Postgres itself is unavailable, without trying each event', async () => {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    const closed = await new DataSource(serviceDataSourceOptions(url.toString(), DELIVERY_LOG_DATABASE)).initialize();
    await closed.destroy();
    const unavailable = new LogProjector(closed);
    const tries = jest.spyOn(unavailable, 'apply');
    const batcher = new ProjectionBatcher(unavailable);
    const results = await Promise.allSettled([succeeded(1), succeeded(2), succeeded(3)].map((event) => batcher.project(event)));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(tries).toHaveBeenCalledTimes(1);
  });

  it('fails only the bad event of a batch and commits the others', async () => {
    const batcher = new ProjectionBatcher(projector);
    const events = [succeeded(1), succeeded(2, 'not a timestamp'), succeeded(3)];
    const results = await Promise.allSettled(events.map((event) => batcher.project(event)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rows = await dataSource.query(`SELECT endpoint_id FROM delivery_log.deliveries ORDER BY endpoint_id`);
    expect(rows.map((row: { endpoint_id: string }) => row.endpoint_id)).toEqual(['ep_1', 'ep_3']);
  });
});
