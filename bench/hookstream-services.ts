import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { connect, headers as natsHeaders, type JetStreamClient, type NatsConnection } from 'nats';
import { sleep } from './bench-clock';
import { BenchDatabase } from './bench-database';
import type { SystemUnderTest } from './load-drivers';
import { freePort, ManagedProcess } from './managed-process';
import { benchPayload } from './receiver-protocol';

const SERVICES = ['signer', 'ingest', 'dispatcher', 'delivery-log'] as const;
const ALL_IN_ONE = 'all-in-one';
/** Where the dispatcher parks tasks (docs/architecture.md): due within a minute, and due later. */
const PARKED = [
  { subject: 'retries', consumer: 'dispatcher-retries' },
  { subject: 'later', consumer: 'dispatcher-later' },
] as const;
type ServiceName = (typeof SERVICES)[number];

/**
 * How the services run: each in a process of its own (as the k8s manifests deploy them), or `replicas` processes
 * of the all-in-one launcher, each running all four and sharing the durable consumers.
 */
export type ServiceLayout = { kind: 'separate' } | { kind: 'all-in-one'; replicas: number };

export interface HookstreamSettings {
  natsUrl: string;
  databaseAdminUrl: string;
  logDir: string;
  logLevel: string;
  /** Node flags before each service's entry point, split on spaces. */
  nodeArgs: string;
  layout?: ServiceLayout;
}

/** Where the services' builds are: BENCH_DIST, else the repo's dist/ (this file runs from dist/bench, or from bench/ under jest). */
export function distDir(): string {
  if (process.env.BENCH_DIST) return process.env.BENCH_DIST;
  const parent = join(__dirname, '..');
  return basename(parent) === 'dist' ? parent : join(parent, 'dist');
}

/** The services' NATS transport (libs/platform/src/messaging) as the dispatcher's build holds it; the shape floor sends with it. */
export function messagingBuild(): string {
  return resolve(distDir(), 'apps', 'dispatcher', 'libs', 'platform', 'src', 'messaging');
}

export function nodeFlags(nodeArgs: string): string[] {
  return nodeArgs.split(' ').filter(Boolean);
}

/** The built app's entry point: <dist>/apps/<app>/apps/<app>/src/main.js. */
export function appMain(app: ServiceName | typeof ALL_IN_ONE): string {
  return join(distDir(), 'apps', app, 'apps', app, 'src', 'main.js');
}

/** Each process to start, by name, with the app it runs. */
function processesOf(layout: ServiceLayout): Map<string, ServiceName | typeof ALL_IN_ONE> {
  if (layout.kind === 'separate') return new Map(SERVICES.map((service) => [service, service]));
  return new Map(Array.from({ length: layout.replicas }, (_, i) => [`${ALL_IN_ONE}-${i + 1}`, ALL_IN_ONE]));
}

export function describeLayout(layout: ServiceLayout): string {
  if (layout.kind === 'separate') return 'signer, ingest, dispatcher, delivery-log as separate processes';
  return `${layout.replicas} all-in-one process(es), each running all four services`;
}

/**
 * The four Hookstream services as separate processes from their builds, on the machine's NATS and Postgres,
 * with a database and HOOKSTREAM_PREFIX of their own (so other runs on the same servers do not interfere).
 */
export class HookstreamServices {
  private constructor(
    readonly nats: NatsConnection,
    readonly prefix: string,
    private readonly js: JetStreamClient,
    private readonly database: BenchDatabase,
    private readonly processes: Map<string, ManagedProcess>,
    /** ingest's REST API: apps, endpoints, messages. */
    readonly ingestUrl: string,
    readonly adminToken: string,
  ) {}

  static async start(settings: HookstreamSettings): Promise<HookstreamServices> {
    const layout = settings.layout ?? { kind: 'separate' };
    assertBuilt(layout);
    const nats = await connectNats(settings.natsUrl);
    const database = await BenchDatabase.create(settings.databaseAdminUrl, 'hs_bench');
    const prefix = `hsbench_${randomBytes(4).toString('hex')}`;
    const adminToken = `hs_bench_admin_${randomBytes(8).toString('hex')}`;
    const apps = processesOf(layout);
    const ports = new Map<string, number>();
    for (const name of apps.keys()) ports.set(name, await freePort());
    const ingestPort = ports.get('ingest') ?? ports.get(`${ALL_IN_ONE}-1`);
    const processes = new Map<string, ManagedProcess>();
    const services = new HookstreamServices(nats, prefix, nats.jetstream(), database, processes, `http://127.0.0.1:${ingestPort}`, adminToken);
    try {
      for (const [name, port] of ports) {
        const env = {
          ...process.env,
          NATS_URL: settings.natsUrl,
          DATABASE_URL: database.url,
          HOOKSTREAM_PREFIX: prefix,
          HOOKSTREAM_ADMIN_TOKEN: adminToken,
          HOOKSTREAM_SSRF_ALLOW: '127.0.0.1/32',
          PORT: String(port),
          HOOKSTREAM_GRPC_PORT: '0',
          LOG_LEVEL: settings.logLevel,
        };
        const main = appMain(apps.get(name) ?? ALL_IN_ONE);
        processes.set(name, ManagedProcess.spawn(name, process.execPath, [...nodeFlags(settings.nodeArgs), main], env, join(settings.logDir, `${name}.log`)));
      }
      await Promise.all([...processes].map(([name, managed]) => waitForReady(managed, ports.get(name) ?? 0)));
    } catch (error) {
      await services.stop();
      throw error;
    }
    return services;
  }

  async createApp(name: string): Promise<string> {
    return (await this.post('/api/v1/app', { name })).id;
  }

  async createEndpoint(appId: string, endpoint: Record<string, unknown>): Promise<string> {
    return (await this.post(`/api/v1/app/${appId}/endpoint`, endpoint)).id;
  }

  async deleteEndpoint(appId: string, endpointId: string): Promise<void> {
    const response = await fetch(`${this.ingestUrl}/api/v1/app/${appId}/endpoint/${endpointId}`, { method: 'DELETE', headers: { authorization: `Bearer ${this.adminToken}` } });
    if (response.status !== 204) throw new Error(`DELETE endpoint ${endpointId} answered ${response.status}: ${await response.text()}`);
  }

  /** Removes every parked task (retries and deferrals) from the DELIVERIES stream; the dispatcher's consumer forgets them. */
  async purgeParked(): Promise<void> {
    const jsm = await this.nats.jetstreamManager();
    for (const { subject } of PARKED) await jsm.streams.purge(this.deliveriesStream, { filter: `${this.prefix}.${subject}.>` });
  }

  /** Tasks on the dispatcher's parked consumers: pending, or handed back with nak(delay) until due. */
  async parkedTasks(): Promise<number> {
    const jsm = await this.nats.jetstreamManager();
    let parked = 0;
    for (const { consumer } of PARKED) {
      const info = await jsm.consumers.info(this.deliveriesStream, consumer);
      parked += info.num_pending + info.num_ack_pending;
    }
    return parked;
  }

  private get deliveriesStream(): string {
    return `${this.prefix.toUpperCase()}_DELIVERIES`;
  }

  /** Publishes the event envelope on `<p>.events.<appId>` with JetStream; resolves on the PubAck. */
  async publish(appId: string, eventId: string, payload: unknown): Promise<void> {
    const h = natsHeaders();
    h.set('Nats-Msg-Id', eventId);
    await this.js.publish(`${this.prefix}.events.${appId}`, JSON.stringify({ eventType: 'render.completed', eventId, payload }), { headers: h });
  }

  /** Messages whose eventId starts with `eventIdPrefix` that have a successful attempt in delivery-log's table. */
  async recordedSuccesses(eventIdPrefix: string): Promise<number> {
    const { rows } = await this.database.pool.query<{ n: string }>(
      `SELECT count(DISTINCT a.msg_id) AS n FROM delivery_log.attempts a JOIN delivery_log.messages m ON m.id = a.msg_id
       WHERE a.outcome = 'succeeded' AND starts_with(m.event_id, $1)`,
      [eventIdPrefix],
    );
    return Number(rows[0].n);
  }

  /** A compared system: events of one app, to its endpoints. */
  target(appId: string, name = 'Hookstream'): SystemUnderTest {
    return {
      name,
      inFlight: 'receipt',
      send: (run, i, sentAt) => this.publish(appId, `${run}:${i}`, benchPayload(run, i, sentAt)),
      recorded: (run) => this.recordedSuccesses(`${run}:`),
      assertRunning: () => this.assertRunning(),
      pids: () => Object.fromEntries([...this.processes].map(([service, managed]) => [service, managed.pid])),
    };
  }

  assertRunning(): void {
    for (const service of this.processes.values()) service.assertRunning();
  }

  /** Peak RSS per service, in MB. */
  peakRss(): Record<string, number> {
    return Object.fromEntries([...this.processes].map(([name, service]) => [name, service.peakRssMb()]));
  }

  /** Stops the services, deletes this run's streams and KV buckets, drops the database. */
  async stop(): Promise<void> {
    await Promise.all([...this.processes.values()].map((service) => service.stop()));
    await deleteStreamsOf(this.nats, this.prefix);
    await this.nats.close();
    await this.database.drop();
  }

  private async post(path: string, body: unknown): Promise<{ id: string }> {
    const response = await fetch(`${this.ingestUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as { id: string };
  }
}

/** Throws, naming what is missing, unless the apps the layout runs are built. */
export function assertBuilt(layout: ServiceLayout = { kind: 'separate' }): void {
  const missing = [...new Set(processesOf(layout).values())].map(appMain).filter((main) => !existsSync(main));
  if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')} — run \`npx nx run-many -t build -p ingest signer dispatcher delivery-log all-in-one\` (npm run bench does)`);
}

/** Deletes a run's streams and KV buckets: every stream named `<PREFIX>_…` or `KV_<PREFIX>_…`. */
export async function deleteStreamsOf(nats: NatsConnection, prefix: string): Promise<void> {
  const jsm = await nats.jetstreamManager();
  const upper = prefix.toUpperCase();
  for await (const stream of jsm.streams.names()) {
    if (stream.startsWith(`${upper}_`) || stream.startsWith(`KV_${upper}_`)) await jsm.streams.delete(stream);
  }
}

export async function connectNats(url: string): Promise<NatsConnection> {
  let nats: NatsConnection;
  try {
    nats = await connect({ servers: url, timeout: 5000 });
  } catch (error) {
    throw new Error(`NATS unreachable at ${url} (NATS_URL): ${(error as Error).message}`);
  }
  try {
    await (await nats.jetstreamManager()).getAccountInfo();
  } catch (error) {
    await nats.close();
    throw new Error(`NATS at ${url} has no JetStream (start nats-server with -js): ${(error as Error).message}`);
  }
  return nats;
}

async function waitForReady(service: ManagedProcess, port: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    service.assertRunning();
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.ok, () => false);
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`${service.name} not ready on port ${port} within 60 s; log: ${service.logPath}\n${service.logTail()}`);
    await sleep(250);
  }
}
