import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { AppId, AttemptId, AttemptRecord, CircuitState, EndpointId, LogEvent, MessageId } from '@hookstream/contracts';
import { runMigrationsLocked, serviceDataSourceOptions } from '@hookstream/platform';
import { DELIVERY_LOG_DATABASE, PROJECTION_TABLES } from '../persistence/delivery-log-database';
import { AttemptUrlsWithoutCredentials1764500000000 } from '../persistence/migrations/1764500000000-attempt-urls-without-credentials';
import { LogProjector, messageRowsJson, oncePerDelivery } from './log-projector';

// Against the machine's Postgres, in a database of its own.
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const app = 'app_1' as AppId;
const [epOk, epRetry, epDead, epCancel, epSending] = ['ep_ok', 'ep_retry', 'ep_dead', 'ep_cancel', 'ep_sending'] as EndpointId[];
const msg = 'msg_1' as MessageId;
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString();

function attempt(endpointId: EndpointId, n: number, outcome: 'succeeded' | 'failed', final: boolean, trigger: 'scheduled' | 'manual' = 'scheduled'): LogEvent {
  const record: AttemptRecord = {
    id: `atmpt_${endpointId}_${n}_${trigger}` as AttemptId, msgId: msg, appId: app, endpointId, url: 'http://127.0.0.1/hook',
    attemptNumber: n, trigger, outcome, responseStatusCode: outcome === 'succeeded' ? 200 : 500, response: 'body',
    responseDurationMs: 3, error: null, timestamp: at(n * 10 + (trigger === 'manual' ? 100 : 0) + endpointId.length), final,
  };
  return { type: 'attempt.made', attempt: record };
}

/** A run with a success, a retry then success, retries exhausted then a manual success, a cancel, a send in flight. */
const EVENTS: LogEvent[] = [
  { type: 'app.upserted', app: { id: app, uid: 'renders', name: 'Renders', createdAt: at(0), updatedAt: at(0) } },
  { type: 'app.upserted', app: { id: app, uid: 'renders', name: 'Renders v2', createdAt: at(0), updatedAt: at(1) } },
  { type: 'endpoint.upserted', endpoint: { id: epOk, appId: app, uid: null, url: 'http://127.0.0.1/ok', disabled: false, createdAt: at(0), updatedAt: at(0) } },
  { type: 'message.accepted', endpointIds: [epOk, epRetry, epDead, epCancel, epSending], message: { id: msg, appId: app, eventType: 'render.completed', eventId: 'job_1', payload: { b: 1, a: 2 }, channels: ['c'], tags: null, timestamp: at(1) } },
  { type: 'delivery.sending', delivery: { msgId: msg, appId: app, endpointId: epOk, attemptNumber: 1, timestamp: at(2) } },
  attempt(epOk, 1, 'succeeded', true),
  attempt(epRetry, 1, 'failed', false),
  { type: 'delivery.sending', delivery: { msgId: msg, appId: app, endpointId: epRetry, attemptNumber: 2, timestamp: at(19) } },
  attempt(epRetry, 2, 'succeeded', true),
  attempt(epDead, 1, 'failed', false),
  attempt(epDead, 2, 'failed', true),
  attempt(epDead, 1, 'succeeded', true, 'manual'),
  attempt(epCancel, 1, 'failed', false),
  { type: 'delivery.cancelled', delivery: { msgId: msg, appId: app, endpointId: epCancel, reason: 'endpoint disabled', timestamp: at(60) } },
  attempt(epSending, 1, 'failed', false),
  { type: 'delivery.sending', delivery: { msgId: msg, appId: app, endpointId: epSending, attemptNumber: 2, timestamp: at(30) } },
  { type: 'endpoint.upserted', endpoint: { id: epCancel, appId: app, uid: null, url: 'http://127.0.0.1/gone', disabled: false, disabledReason: null, disabledAt: null, createdAt: at(0), updatedAt: at(0) } },
  { type: 'endpoint.upserted', endpoint: { id: epCancel, appId: app, uid: null, url: 'http://127.0.0.1/gone', disabled: true, disabledReason: 'gone', disabledAt: at(59), createdAt: at(0), updatedAt: at(59) } },
  circuit(epDead, 'open', 'replica-a', 15),
  circuit(epDead, 'half-open', 'replica-a', 45),
  circuit(epDead, 'open', 'replica-a', 46),
  circuit(epDead, 'closed', 'replica-b', 46),
];

function circuit(endpointId: EndpointId, state: CircuitState, replicaId: string, seconds: number): LogEvent {
  return { type: 'endpoint.circuit.changed', circuit: { appId: app, endpointId, state, replicaId, timestamp: at(seconds) } };
}

describe('LogProjector', () => {
  let dataSource: DataSource;
  let projector: LogProjector;
  const database = `hs_dl_${randomBytes(4).toString('hex')}`;

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

  afterAll(async () => {
    await dataSource?.destroy();
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  /** Applies the events one by one, or in batches of `batchSize` through `applyAll`. */
  async function project(events: LogEvent[], batchSize = 0): Promise<Record<string, unknown[]>> {
    for (const table of PROJECTION_TABLES) await dataSource.query(`DELETE FROM ${table}`);
    if (batchSize === 0) for (const event of events) await projector.apply(event);
    for (let i = 0; batchSize > 0 && i < events.length; i += batchSize) await projector.applyAll(events.slice(i, i + batchSize));
    const snapshot: Record<string, unknown[]> = {};
    for (const table of PROJECTION_TABLES) snapshot[table] = await dataSource.query(`SELECT * FROM ${table} ORDER BY 1, 2`);
    return snapshot;
  }

  const statuses = (snapshot: Record<string, unknown[]>) =>
    Object.fromEntries((snapshot['delivery_log.deliveries'] as Array<{ endpoint_id: string; status: string }>).map((d) => [d.endpoint_id, d.status]));

  it('projects pending, sending, succeeded, failed-then-manual-success and cancelled deliveries', async () => {
    const snapshot = await project(EVENTS);
    expect(statuses(snapshot)).toEqual({ ep_ok: 'succeeded', ep_retry: 'succeeded', ep_dead: 'succeeded', ep_cancel: 'cancelled', ep_sending: 'sending' });
    expect(snapshot['delivery_log.attempts']).toHaveLength(8);
    expect(snapshot['delivery_log.apps']).toEqual([expect.objectContaining({ name: 'Renders v2' })]);
  });

  it("keeps why and when an endpoint was disabled, and its latest circuit change (ties settled by replica)", async () => {
    const snapshot = await project(EVENTS);
    expect(snapshot['delivery_log.endpoints']).toContainEqual(expect.objectContaining({ id: epCancel, disabled: true, disabled_reason: 'gone', disabled_at: new Date(at(59)) }));
    expect(snapshot['delivery_log.endpoint_circuits']).toEqual([
      expect.objectContaining({ endpoint_id: epDead, state: 'closed', replica_id: 'replica-b', since: new Date(at(46)) }),
    ]);
  });

  it('ends in the same rows when every event is delivered twice', async () => {
    const once = await project(EVENTS);
    expect(await project(EVENTS.flatMap((event) => [event, event]))).toEqual(once);
  });

  it('ends in the same rows when the events arrive in reverse order, or shuffled', async () => {
    const once = await project(EVENTS);
    expect(await project([...EVENTS].reverse())).toEqual(once);
    const shuffled = [...EVENTS].sort((a, b) => JSON.stringify(a).length % 7 - JSON.stringify(b).length % 7);
    expect(await project(shuffled)).toEqual(once);
  });

  it('ends in the same rows when applied in batches, a delivery appearing several times in one batch', async () => {
    const once = await project(EVENTS);
    expect(await project(EVENTS, EVENTS.length)).toEqual(once);
    expect(await project(EVENTS.flatMap((event) => [event, event]).reverse(), 1000)).toEqual(once);
    expect(await project([...EVENTS].reverse(), 3)).toEqual(once);
  });

  it("stores an attempt's URL without credentials, also from a log event recorded with them", async () => {
    const withCredentials = attempt(epOk, 1, 'succeeded', true);
    if (withCredentials.type !== 'attempt.made') throw new Error('an attempt event');
    withCredentials.attempt.url = 'https://render:s3cret@hooks.example.com/in?x=1';
    const snapshot = await project([withCredentials]);
    expect(snapshot['delivery_log.attempts']).toEqual([expect.objectContaining({ url: 'https://hooks.example.com/in?x=1' })]);
  });

  it('drops the credentials of attempt URLs stored before (migration 1764500000000), and nothing else', async () => {
    await project(EVENTS.slice(0, 6));
    const stored = [
      ['atmpt_old_1', 'https://render:s3cr@t@hooks.example.com/in?next=a@b'],
      ['atmpt_old_2', 'http://token@127.0.0.1:8080/hook'],
      ['atmpt_old_3', 'https://hooks.example.com/plain?who=a@b'],
    ];
    for (const [id, url] of stored) {
      await dataSource.query(
        `INSERT INTO delivery_log.attempts (id, msg_id, app_id, endpoint_id, url, attempt_number, trigger, outcome, response_status_code, response, response_duration_ms, timestamp)
         VALUES ($1, $2, $3, $4, $5, 1, 'scheduled', 'failed', 500, '', 1, now())`,
        [id, msg, app, epOk, url],
      );
    }
    const runner = dataSource.createQueryRunner();
    try {
      await new AttemptUrlsWithoutCredentials1764500000000().up(runner);
    } finally {
      await runner.release();
    }
    const rows: Array<{ id: string; url: string }> = await dataSource.query(`SELECT id, url FROM delivery_log.attempts WHERE id LIKE 'atmpt_old_%' ORDER BY id`);
    expect(rows).toEqual([
      { id: 'atmpt_old_1', url: 'https://hooks.example.com/in?next=a@b' },
      { id: 'atmpt_old_2', url: 'http://127.0.0.1:8080/hook' },
      { id: 'atmpt_old_3', url: 'https://hooks.example.com/plain?who=a@b' },
    ]);
  });

  it('writes a batch of one statement without a transaction (no BEGIN and COMMIT round trips), larger ones in one', async () => {
    const transactions = jest.spyOn(dataSource, 'transaction');
    try {
      await project([EVENTS[3]], 10);
      expect(transactions).not.toHaveBeenCalled();
      await project([EVENTS[3], attempt(epOk, 1, 'succeeded', true)], 10);
      expect(transactions).toHaveBeenCalledTimes(1);
    } finally {
      transactions.mockRestore();
    }
  });

  it('splits a batch so that each group names a delivery once', () => {
    const rows = [{ msgId: 'm1', endpointId: 'e1', n: 1 }, { msgId: 'm1', endpointId: 'e2', n: 2 }, { msgId: 'm1', endpointId: 'e1', n: 3 }, { msgId: 'm1', endpointId: 'e1', n: 4 }];
    expect(oncePerDelivery(rows).map((group) => group.map((row) => row.n))).toEqual([[1, 2], [3], [4]]);
  });

  it('shows a delivery failed once its retries are exhausted, and pending while a retry is parked', async () => {
    const partial = EVENTS.filter((e) => !(e.type === 'attempt.made' && e.attempt.trigger === 'manual'));
    expect(statuses(await project(partial))).toMatchObject({ ep_dead: 'failed' });
    expect(statuses(await project(EVENTS.slice(0, 7)))).toMatchObject({ ep_retry: 'pending', ep_dead: 'pending' });
  });

  it('projects many messages of one batch, each payload as it came, duplicates once', async () => {
    const accepted = (n: number, payload: Record<string, unknown>): LogEvent => ({
      type: 'message.accepted', endpointIds: [epOk, epRetry],
      message: { id: `msg_batch_${n}` as MessageId, appId: app, eventType: 'render.completed', eventId: `job_${n}`, payload, channels: n % 2 ? ['c', 'd'] : null, tags: null, timestamp: at(n % 60) },
    });
    const large = 'x'.repeat(400_000);
    const events = [
      accepted(1, { z: 'é "quoted" \\ ✓', a: [1, { b: null }] }),
      accepted(2, { big: large }),
      accepted(3, { big: large }),
      accepted(4, { big: large }),
      accepted(1, { z: 'é "quoted" \\ ✓', a: [1, { b: null }] }),
    ];
    const eventRows = events.map((event) => (event.type === 'message.accepted' ? { message: event.message, endpointIds: event.endpointIds } : null)).filter((row) => row !== null);
    expect(messageRowsJson(eventRows).length).toBeGreaterThan(1);
    const snapshot = await project(events, events.length);
    expect(snapshot['delivery_log.messages']).toHaveLength(4);
    expect(snapshot['delivery_log.deliveries']).toHaveLength(8);
    const [first] = await dataSource.query(`SELECT payload::text AS payload, channels FROM delivery_log.messages WHERE id = 'msg_batch_1'`);
    expect(first).toEqual({ payload: JSON.stringify({ z: 'é "quoted" \\ ✓', a: [1, { b: null }] }), channels: ['c', 'd'] });
    const [big] = await dataSource.query(`SELECT length(payload::text) AS length FROM delivery_log.messages WHERE id = 'msg_batch_3'`);
    expect(big.length).toBe(JSON.stringify({ big: large }).length);
  });

  it('keeps the payload as JSON text in its key order, and expunges it', async () => {
    await project(EVENTS);
    const [row] = await dataSource.query(`SELECT payload::text AS payload FROM delivery_log.messages`);
    expect(row.payload).toBe('{"b":1,"a":2}');
    await projector.apply({ type: 'message.content.expunged', content: { msgId: msg, appId: app, timestamp: at(99) } });
    expect((await dataSource.query(`SELECT payload FROM delivery_log.messages`))[0].payload).toBeNull();
  });
});
