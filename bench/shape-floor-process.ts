// One process of the shape floor (shape-floor.ts): Hookstream's fixed message flow — ingest, signer,
// dispatcher, delivery-log as processes of their own talking over NATS, Postgres behind ingest and delivery-log — with
// nothing else: no framework, no validation, matching, ordering, limits, circuit breaker, metrics, logs or traces.
// It batches what Hookstream batches (per event-loop turn, LOG events lingering up to 10 ms) and uses the services'
// own transport pieces from their build (write coalescing, ReplyInbox, JetStreamPublisher), so what it costs is what
// the shape costs on this machine: a floor under Hookstream, not a competitor.
import { createHmac, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { connect, type JsMsg, type Msg, type NatsConnection } from 'nats';
import { Pool } from 'pg';
import { Agent, request } from 'undici';
import { requiredEnv } from './required-env';
import { FLOOR_CONSUMERS, floorSubjects, loadTransport, type FloorRole, type FloorTransport } from './shape-floor-contract';

/** LOG events wait this long for company before they are published together, as Hookstream's lingering ones. */
const LOG_LINGER_MS = 10;
const LOG_BATCH = 256;
const PULL_BATCH = 512;

interface Task {
  msgId: string;
  appId: string;
  endpointId: string;
  url: string;
  body: string;
}

interface LogEvent {
  type: 'message.accepted' | 'attempt.made';
  [field: string]: unknown;
}

function required(name: string): string {
  return requiredEnv(name, 'shape-floor');
}

const role = required('FLOOR_ROLE') as FloorRole;
const prefix = required('FLOOR_PREFIX');
const subjects = floorSubjects(prefix);

/** Collects items of one event-loop turn (or up to `lingerMs`) and hands them over together. */
class TurnBatch<T> {
  private items: T[] = [];

  constructor(
    private readonly flush: (items: T[]) => void,
    private readonly lingerMs = 0,
    private readonly max = Number.POSITIVE_INFINITY,
  ) {}

  add(item: T): void {
    this.items.push(item);
    if (this.items.length === this.max) return this.release();
    if (this.items.length > 1) return;
    if (this.lingerMs > 0) setTimeout(() => this.release(), this.lingerMs);
    else setImmediate(() => this.release());
  }

  private release(): void {
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.flush(items);
  }
}

/** LOG events of one subject published as one batch message; each caller resolves on that message's PubAck. */
class LogBatches {
  private readonly batch = new TurnBatch<{ event: LogEvent; done: (error?: Error) => void }>((items) => void this.publish(items), LOG_LINGER_MS, LOG_BATCH);

  constructor(private readonly transport: FloorTransport) {}

  append(event: LogEvent): Promise<void> {
    return new Promise((resolve, reject) => this.batch.add({ event, done: (error) => (error ? reject(error) : resolve()) }));
  }

  private async publish(items: { event: LogEvent; done: (error?: Error) => void }[]): Promise<void> {
    try {
      const body = items.length === 1 ? items[0].event : { type: 'batch', events: items.map((item) => item.event) };
      await this.transport.publisher.publish(subjects.log, JSON.stringify(body));
      for (const item of items) item.done();
    } catch (error) {
      for (const item of items) item.done(error as Error);
    }
  }
}

async function consume(nats: NatsConnection, consumer: string, stream: string, handle: (message: JsMsg) => void): Promise<void> {
  const messages = await (await nats.jetstream().consumers.get(stream, consumer)).consume({ max_messages: PULL_BATCH, callback: handle });
  void messages.closed().then((error) => {
    if (error) fail(`consumer ${consumer} stopped: ${error.message}`);
  });
}

function fail(reason: string): never {
  process.stderr.write(`shape-floor ${role}: ${reason}\n`);
  process.exit(1);
}

async function runIngest(nats: NatsConnection, transport: FloorTransport): Promise<void> {
  const database = new Pool({ connectionString: required('FLOOR_DATABASE_URL'), max: 4 });
  const endpointId = required('FLOOR_ENDPOINT_ID');
  const url = required('FLOOR_ENDPOINT_URL');
  const log = new LogBatches(transport);
  const accept = async (batch: JsMsg[]): Promise<void> => {
    const events = batch.map((message) => ({ message, appId: message.subject.slice(subjects.eventsPrefix.length), envelope: message.json<{ eventType: string; eventId: string; payload: unknown }>() }));
    const ids = events.map(() => `msg_${randomUUID()}`);
    const { rows } = await database.query<{ id: string }>({
      name: 'receipts.insert',
      text: `INSERT INTO receipts (id, app_id, event_id, event_type) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
             ON CONFLICT DO NOTHING RETURNING id`,
      values: [ids, events.map((e) => e.appId), events.map((e) => e.envelope.eventId), events.map((e) => e.envelope.eventType)],
    });
    const inserted = new Set(rows.map((row) => row.id));
    await Promise.all(
      events.map(async ({ appId, envelope }, n) => {
        const msgId = ids[n];
        if (!inserted.has(msgId)) return;
        const task: Task = { msgId, appId, endpointId, url, body: JSON.stringify(envelope.payload) };
        await Promise.all([
          transport.publisher.publish(`${subjects.deliveriesBase}.${appId}.${endpointId}`, JSON.stringify(task), { msgID: `${msgId}:${endpointId}` }),
          log.append({ type: 'message.accepted', message: { id: msgId, appId, eventId: envelope.eventId, eventType: envelope.eventType, createdAt: new Date().toISOString() } }),
        ]);
      }),
    );
  };
  const batch = new TurnBatch<JsMsg>((messages) => void settle(messages, accept(messages)));
  await consume(nats, FLOOR_CONSUMERS.ingest, subjects.eventsStream, (message) => batch.add(message));
}

async function runSigner(nats: NatsConnection): Promise<void> {
  const secret = Buffer.from(required('FLOOR_SECRET'), 'base64');
  nats.subscribe(subjects.sign, {
    queue: 'signer',
    callback: (error, message: Msg) => {
      if (error) fail(`sign subscription: ${error.message}`);
      const items = message.json<{ msgId: string; timestamp: number; body: string }[]>();
      const signatures = items.map(({ msgId, timestamp, body }) => `v1,${createHmac('sha256', secret).update(`${msgId}.${timestamp}.${body}`).digest('base64')}`);
      message.respond(JSON.stringify(signatures));
    },
  });
}

async function runDispatcher(nats: NatsConnection, transport: FloorTransport): Promise<void> {
  const http = new Agent({ connections: Number(required('FLOOR_CONCURRENCY')) });
  const log = new LogBatches(transport);
  const deliver = async (message: JsMsg, task: Task, signature: string, timestamp: number): Promise<void> => {
    const started = performance.now();
    const response = await request(task.url, {
      method: 'POST',
      dispatcher: http,
      headers: { 'content-type': 'application/json', 'webhook-id': task.msgId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
      body: task.body,
    });
    await response.body.dump();
    const attempt = { id: `atmpt_${randomUUID()}`, msgId: task.msgId, endpointId: task.endpointId, statusCode: response.statusCode, durationMs: Math.round(performance.now() - started) };
    await log.append({ type: 'attempt.made', attempt });
    if (response.statusCode >= 300) message.nak(1000);
    else message.ack();
  };
  const signAndSend = async (batch: JsMsg[]): Promise<void> => {
    const tasks = batch.map((message) => message.json<Task>());
    const timestamp = Math.floor(Date.now() / 1000);
    const reply = await transport.inbox.request(subjects.sign, JSON.stringify(tasks.map((task) => ({ msgId: task.msgId, timestamp, body: task.body }))), { timeoutMs: 30_000 });
    const signatures = reply.json<string[]>();
    await Promise.all(batch.map((message, n) => deliver(message, tasks[n], signatures[n], timestamp).catch((error: Error) => naks([message], error))));
  };
  const batch = new TurnBatch<JsMsg>((messages) => void signAndSend(messages).catch((error: Error) => naks(messages, error)));
  await consume(nats, FLOOR_CONSUMERS.dispatcher, subjects.deliveriesStream, (message) => batch.add(message));
}

async function runDeliveryLog(nats: NatsConnection): Promise<void> {
  const database = new Pool({ connectionString: required('FLOOR_DATABASE_URL'), max: 4 });
  const project = async (batch: JsMsg[]): Promise<void> => {
    const events = batch.flatMap((message) => {
      const body = message.json<LogEvent | { type: 'batch'; events: LogEvent[] }>();
      return body.type === 'batch' ? (body as { events: LogEvent[] }).events : [body as LogEvent];
    });
    const messages = events.filter((e) => e.type === 'message.accepted').map((e) => e.message as { id: string; appId: string; eventId: string; eventType: string; createdAt: string });
    const attempts = events.filter((e) => e.type === 'attempt.made').map((e) => e.attempt as { id: string; msgId: string; endpointId: string; statusCode: number; durationMs: number });
    if (messages.length > 0) {
      await database.query({
        name: 'messages.insert',
        text: `INSERT INTO messages (id, app_id, event_id, event_type, created_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
               ON CONFLICT DO NOTHING`,
        values: [messages.map((m) => m.id), messages.map((m) => m.appId), messages.map((m) => m.eventId), messages.map((m) => m.eventType), messages.map((m) => m.createdAt)],
      });
    }
    if (attempts.length > 0) {
      await database.query({
        name: 'attempts.insert',
        text: `INSERT INTO attempts (id, msg_id, endpoint_id, status_code, succeeded, duration_ms)
               SELECT id, msg_id, endpoint_id, status, status BETWEEN 200 AND 299, duration FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[]) AS a(id, msg_id, endpoint_id, status, duration)
               ON CONFLICT DO NOTHING`,
        values: [attempts.map((a) => a.id), attempts.map((a) => a.msgId), attempts.map((a) => a.endpointId), attempts.map((a) => a.statusCode), attempts.map((a) => a.durationMs)],
      });
    }
  };
  const batch = new TurnBatch<JsMsg>((messages) => void settle(messages, project(messages)));
  await consume(nats, FLOOR_CONSUMERS.deliveryLog, subjects.logStream, (message) => batch.add(message));
}

/** Acks every message of a batch once its work is done; on a failure, hands them back to be redelivered. */
async function settle(messages: JsMsg[], work: Promise<void>): Promise<void> {
  try {
    await work;
    for (const message of messages) message.ack();
  } catch (error) {
    naks(messages, error as Error);
  }
}

function naks(messages: JsMsg[], error: Error): void {
  process.stderr.write(`shape-floor ${role}: ${messages.length} message(s) handed back: ${error.message}\n`);
  for (const message of messages) message.nak(1000);
}

async function main(): Promise<void> {
  const nats = await connect({ servers: required('NATS_URL') });
  const transport = loadTransport(nats, required('FLOOR_MESSAGING_BUILD'));
  if (role === 'ingest') await runIngest(nats, transport);
  else if (role === 'signer') await runSigner(nats);
  else if (role === 'dispatcher') await runDispatcher(nats, transport);
  else if (role === 'delivery-log') await runDeliveryLog(nats);
  else fail(`unknown FLOOR_ROLE ${role as string}`);
  await nats.flush();
  process.send?.({ type: 'ready' });
  process.on('SIGTERM', () => void nats.drain().then(() => process.exit(0)));
}

main().catch((error: Error) => fail(error.message));
