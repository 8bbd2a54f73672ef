import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AckPolicy, headers as natsHeaders, RetentionPolicy, type JetStreamClient, type NatsConnection } from 'nats';
import { BenchDatabase } from './bench-database';
import { connectNats, deleteStreamsOf, messagingBuild, nodeFlags } from './hookstream-services';
import type { SystemUnderTest } from './load-drivers';
import { ManagedProcess } from './managed-process';
import type { ReceiverHandle } from './receiver-handle';
import { benchPayload } from './receiver-protocol';
import { FLOOR_CONSUMERS, FLOOR_ROLES, floorSubjects } from './shape-floor-contract';

export interface ShapeFloorSettings {
  natsUrl: string;
  databaseAdminUrl: string;
  /** POSTs in flight, as Hookstream's endpoint `maxConcurrency`. */
  concurrency: number;
  /** Node flags of each process: the services' (`BENCH_SERVICE_NODE_ARGS`). */
  nodeArgs: string;
  logDir: string;
}

const APP_ID = 'app_floor';
const DEDUP_WINDOW_NS = 10 * 60 * 1e9;
const SCHEMA = `
  CREATE TABLE receipts (id text PRIMARY KEY, app_id text NOT NULL, event_id text NOT NULL, event_type text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (app_id, event_id));
  CREATE TABLE messages (id text PRIMARY KEY, app_id text NOT NULL, event_id text NOT NULL, event_type text NOT NULL, created_at timestamptz NOT NULL);
  CREATE TABLE attempts (id text PRIMARY KEY, msg_id text NOT NULL, endpoint_id text NOT NULL, status_code int NOT NULL, succeeded boolean NOT NULL,
    duration_ms int NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
  CREATE INDEX attempts_by_msg ON attempts (msg_id);`;

/**
 * The shape floor (shape-floor-process.ts): Hookstream's message flow with none of its features, on streams,
 * consumers and a database of its own. Measured like the other systems, it shows what the fixed architecture
 * fixes costs on this machine — how far below Hookstream any implementation of that shape could go.
 */
export class ShapeFloor implements SystemUnderTest {
  readonly name = 'Shape floor';
  readonly inFlight = 'receipt';

  private constructor(
    private readonly nats: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly prefix: string,
    private readonly database: BenchDatabase,
    private readonly processes: ManagedProcess[],
  ) {}

  static async start(receiver: ReceiverHandle, settings: ShapeFloorSettings): Promise<ShapeFloor> {
    const nats = await connectNats(settings.natsUrl);
    const prefix = `hsfloor_${randomBytes(4).toString('hex')}`;
    const database = await BenchDatabase.create(settings.databaseAdminUrl, 'hs_bench_floor');
    const floor = new ShapeFloor(nats, nats.jetstream(), prefix, database, []);
    try {
      await database.pool.query(SCHEMA);
      await floor.createStreams();
      const env = {
        ...process.env,
        NATS_URL: settings.natsUrl,
        FLOOR_PREFIX: prefix,
        FLOOR_DATABASE_URL: database.url,
        FLOOR_ENDPOINT_ID: 'ep_floor',
        FLOOR_ENDPOINT_URL: receiver.url('/floor'),
        FLOOR_SECRET: randomBytes(24).toString('base64'),
        FLOOR_CONCURRENCY: String(settings.concurrency),
        FLOOR_MESSAGING_BUILD: messagingBuild(),
      };
      for (const role of FLOOR_ROLES) {
        floor.processes.push(
          ManagedProcess.fork(`floor ${role}`, join(__dirname, 'shape-floor-process.js'), { ...env, FLOOR_ROLE: role }, join(settings.logDir, `floor-${role}.log`), nodeFlags(settings.nodeArgs)),
        );
      }
      await Promise.all(floor.processes.map((managed) => managed.ready(15_000, 'connect to NATS and take its consumer')));
    } catch (error) {
      await floor.stop();
      throw error;
    }
    return floor;
  }

  async send(run: string, i: number, sentAt: number): Promise<void> {
    const h = natsHeaders();
    const eventId = `${run}:${i}`;
    h.set('Nats-Msg-Id', eventId);
    await this.js.publish(`${this.prefix}.events.${APP_ID}`, JSON.stringify({ eventType: 'render.completed', eventId, payload: benchPayload(run, i, sentAt) }), { headers: h });
  }

  async recorded(run: string): Promise<number> {
    const { rows } = await this.database.pool.query<{ n: string }>(
      `SELECT count(DISTINCT a.msg_id) AS n FROM attempts a JOIN messages m ON m.id = a.msg_id WHERE a.succeeded AND starts_with(m.event_id, $1)`,
      [`${run}:`],
    );
    return Number(rows[0].n);
  }

  assertRunning(): void {
    for (const managed of this.processes) managed.assertRunning();
  }

  pids(): Record<string, number> {
    return Object.fromEntries(this.processes.map((managed) => [managed.name, managed.pid]));
  }

  peakRss(): Record<string, number> {
    return Object.fromEntries(this.processes.map((managed) => [managed.name, managed.peakRssMb()]));
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((managed) => managed.stop()));
    await deleteStreamsOf(this.nats, this.prefix);
    await this.nats.close();
    await this.database.drop();
  }

  private async createStreams(): Promise<void> {
    const jsm = await this.nats.jetstreamManager();
    const subjects = floorSubjects(this.prefix);
    const consumer = (durable: string, maxAckPending: number) => ({ durable_name: durable, ack_policy: AckPolicy.Explicit, ack_wait: 30e9, max_ack_pending: maxAckPending });
    await jsm.streams.add({ name: subjects.eventsStream, subjects: [`${subjects.eventsPrefix}>`], retention: RetentionPolicy.Workqueue, duplicate_window: DEDUP_WINDOW_NS });
    await jsm.streams.add({ name: subjects.deliveriesStream, subjects: [`${subjects.deliveriesBase}.>`], retention: RetentionPolicy.Workqueue, duplicate_window: DEDUP_WINDOW_NS });
    await jsm.streams.add({ name: subjects.logStream, subjects: [`${this.prefix}.log.>`] });
    await jsm.consumers.add(subjects.eventsStream, consumer(FLOOR_CONSUMERS.ingest, 1000));
    await jsm.consumers.add(subjects.deliveriesStream, consumer(FLOOR_CONSUMERS.dispatcher, 10_000));
    await jsm.consumers.add(subjects.logStream, consumer(FLOOR_CONSUMERS.deliveryLog, 5000));
  }
}
