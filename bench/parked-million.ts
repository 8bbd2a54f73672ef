// What PARKED (1,000,000) retries parked for an hour cost nats-server and the dispatcher (docs/benchmarks.md,
// "1,000,000 parked retries"). A nats-server of its own (loopback port, store under a temp dir, stopped by its pid)
// and the dispatcher's build as a child process against it. The tasks are published on `<p>.later.<app>.<ep>` with
// `notBefore` an hour ahead, as TaskScheduler parks a retry; the dispatcher's `dispatcher-later` worker pulls each
// and, as it is not yet due, hands it back with nak(delay) before the pipeline runs: no POST, signer or Postgres.
// Fresh deliveries (FRESH_RATE a second for FRESH_S, to a receiver here, signed by a stand-in) are timed once before
// the parking and once beside the parked tasks, after the idle window.
// Run: npx nx build dispatcher && npx tsc -p bench/tsconfig.json && node dist/bench/parked-million.js
//      (PARKED=1000000, PARKED_TIMEOUT_S=1200, IDLE_S=30, FRESH_RATE=100, FRESH_S=10, NATS_SERVER=/usr/sbin/nats-server,
//       BENCH_DIST, BENCH_SERVICE_NODE_ARGS)
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, headers as natsHeaders, type ConsumerInfo, type JetStreamClient, type NatsConnection } from 'nats';
import { sleep } from './bench-clock';
import { IMAGE_SERVICE_NODE_FLAGS } from './bench-config';
import { appMain, distDir, nodeFlags } from './hookstream-services';
import { busyShare, machineCpu, type MachineCpu } from './machine-cpu';
import { loadAverage } from './machine-info';
import { cpuSeconds, freePort, ManagedProcess, residentMb } from './managed-process';
import { FreshProbe, type FreshResult, type ProbeContracts } from './fresh-probe';
import { benchPayload } from './receiver-protocol';

const PARKED = Number(process.env.PARKED ?? 1_000_000);
const TIMEOUT_MS = Number(process.env.PARKED_TIMEOUT_S ?? 1200) * 1000;
const IDLE_MS = Number(process.env.IDLE_S ?? 30) * 1000;
const FRESH_RATE = Number(process.env.FRESH_RATE ?? 100);
const FRESH_S = Number(process.env.FRESH_S ?? 10);
/** After the publishing stops, how long the dispatcher gets to take up what was published. */
const SETTLE_MS = 120_000;
/** PubAcks awaited per batch: enough to keep nats-server busy, few enough that the driver's own heap stays small. */
const PUBLISH_BATCH = 1000;
/** Parked tasks spread over this many endpoints of one app: the stream holds many subjects, as real retries make. */
const ENDPOINTS = 100;
const HOUR_MS = 3_600_000;
const PROGRESS_EVERY_MS = 10_000;

/** What this bench uses of the contracts lib, loaded from the dispatcher's build so subjects and ids are the ones it reads. */
interface ContractsBuild extends Omit<ProbeContracts, 'subjects' | 'deliveryTaskDedupId'> {
  Subjects: new (prefix: string) => ProbeContracts['subjects'] & { later(appId: string, endpointId: string): string };
  streamNames(subjects: object): { deliveries: string };
  CONSUMER_NAMES: { dispatcherLater: string };
  deliveryTaskDedupId(task: Pick<ParkedTask, 'msgId' | 'endpointId' | 'attempt' | 'trigger'>): string;
}

/** A retry as TaskScheduler parks it: the fields of DeliveryTask (libs/contracts), re-declared as bench/ compiles apart from the libs. */
interface ParkedTask {
  v: 1;
  msgId: string;
  appId: string;
  endpointId: string;
  eventType: string;
  body: string;
  url: string;
  headers: Record<string, string>;
  keyOwner: string;
  signatureProfiles: { type: 'timestamped'; header: string }[];
  timeoutMs: number;
  retrySchedule: number[];
  maxConcurrency: number;
  rateLimit: number | null;
  trigger: 'scheduled';
  attempt: number;
  notBefore: number;
}

interface Usage {
  at: number;
  machine: MachineCpu;
  cpu: Record<string, number>;
}

async function main(): Promise<void> {
  const contracts = loadContracts();
  const dir = mkdtempSync(join(tmpdir(), 'parked-million-'));
  const store = join(dir, 'store');
  const port = await freePort();
  const natsBin = process.env.NATS_SERVER ?? '/usr/sbin/nats-server';
  console.log(`${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load ${loadAverage()}; logs in ${dir}`);
  const server = ManagedProcess.spawn('nats-server', natsBin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], process.env, join(dir, 'nats-server.log'));
  let dispatcher: ManagedProcess | null = null;
  let nc: NatsConnection | null = null;
  let probe: FreshProbe | null = null;
  try {
    nc = await connectWhenUp(port, server);
    console.log(`nats-server ${nc.info?.version ?? '?'} on port ${port}, pid ${server.pid}`);
    const prefix = `pm_${randomBytes(4).toString('hex')}`;
    const metricsPort = await freePort();
    dispatcher = startDispatcher(port, prefix, metricsPort, dir);
    await waitForReady(dispatcher, metricsPort);
    console.log(`dispatcher ready, pid ${dispatcher.pid}, prefix ${prefix}`);
    const subjects = new contracts.Subjects(prefix);
    probe = await FreshProbe.start(nc, { ...contracts, subjects });
    // A first, untimed run: the dispatcher's first POSTs pay for its JIT and its first connections.
    await probe.measure('warm-up', FRESH_RATE, FRESH_S);
    const freshAlone = await probe.measure('alone', FRESH_RATE, FRESH_S);
    const stream = contracts.streamNames(subjects).deliveries;
    const jsm = await nc.jetstreamManager();
    const consumerInfo = () => jsm.consumers.info(stream, contracts.CONSUMER_NAMES.dispatcherLater);
    const pids = { 'nats-server': server.pid, dispatcher: dispatcher.pid };
    const handled = () => handledCount(metricsPort, contracts.CONSUMER_NAMES.dispatcherLater);
    const start = usage(pids);
    let last = start;
    const progress = setInterval(() => {
      const now = usage(pids);
      void report(start, last, now, consumerInfo, handled);
      last = now;
    }, PROGRESS_EVERY_MS);
    let published = 0;
    const publishedAll = await publishParked(nc.jetstream(), contracts, subjects, () => published++, start.at + TIMEOUT_MS);
    const publishedAt = Date.now();
    console.log(`published ${published} in ${((publishedAt - start.at) / 1000).toFixed(1)} s${publishedAll ? '' : ' (stopped at the time bound)'}`);
    const assertRunning = () => [server, dispatcher].forEach((managed) => managed?.assertRunning());
    await waitForParked(consumerInfo, handled, published, assertRunning, Math.max(start.at + TIMEOUT_MS, publishedAt + SETTLE_MS)).finally(() => clearInterval(progress));
    const parkedAt = usage(pids);
    if (!publishedAll) console.log(`PARKED=${PARKED} not reached within ${TIMEOUT_MS / 1000} s: the numbers below are for ${published}`);
    const peak = { 'nats-server': server.peakRssMb(), dispatcher: dispatcher.peakRssMb() };
    const handledAtPark = await handled();
    await sleep(IDLE_MS);
    const idleEnd = usage(pids);
    const idleRss = { 'nats-server': residentMb(server.pid), dispatcher: residentMb(dispatcher.pid) };
    const after = await consumerInfo();
    console.log(`\ndispatcher-later handled ${handledAtPark} tasks by the end of parking, ${(await handled()) - handledAtPark} more while idle; num_redelivered ${after.num_redelivered}; load ${loadAverage()}`);
    const { state } = await jsm.streams.info(stream);
    const storeBytes = diskBytes(store);
    const freshBeside = await probe.measure('beside', FRESH_RATE, FRESH_S);
    const parkSeconds = (parkedAt.at - start.at) / 1000;
    const idle = `parked, idle ${IDLE_MS / 1000} s`;
    const cpu = (name: string) => `${cpuShare(start, parkedAt, name)} / ${cpuShare(parkedAt, idleEnd, name)}`;
    const rows: [string, string][] = [
      ['time to park them all on `<p>.later.>` (due in 60 ± 12 min)', `${count(published)} in ${parkSeconds.toFixed(0)} s: ${count(published / parkSeconds)} parked/s`],
      ['`dispatcher-later` at the end: num_ack_pending (held with nak(delay)) / num_pending (unread)', `${count(after.num_ack_pending)} / ${count(after.num_pending)} (max_ack_pending ${count(after.config.max_ack_pending ?? -1)})`],
      [`nats-server CPU, % of one core (CPU time): while parking / ${idle}`, cpu('nats-server')],
      [`nats-server RSS: peak while parking / ${idle}`, `${mb(peak['nats-server'])} / ${mb(idleRss['nats-server'])}`],
      [`dispatcher CPU, % of one core (CPU time): while parking / ${idle}`, cpu('dispatcher')],
      [`dispatcher RSS: peak while parking / ${idle}`, `${mb(peak.dispatcher)} / ${mb(idleRss.dispatcher)}`],
      ['stream (DELIVERIES): messages / bytes / store on disk', `${count(state.messages)} / ${mb(state.bytes / 2 ** 20)} / ${mb(storeBytes / 2 ** 20)}`],
      [`fresh deliveries, ${FRESH_RATE}/s for ${FRESH_S} s, publish → POST received, p50 / p99: before parking; beside the parked`, `${fresh(freshAlone)}; ${fresh(freshBeside)}`],
      [`machine busy (both cores): while parking / ${idle}`, `${(busyShare(start.machine, parkedAt.machine) * 100).toFixed(0)} % / ${(busyShare(parkedAt.machine, idleEnd.machine) * 100).toFixed(0)} %`],
    ];
    console.log(`\n| measure | value |\n| --- | --- |\n${rows.map(([name, value]) => `| ${name} | ${value} |`).join('\n')}`);
    if (after.num_redelivered > 0) console.log('\nsome tasks were redelivered: the dispatcher did not hand every one back within its ack deadline');
  } finally {
    await probe?.stop();
    await dispatcher?.stop(30_000);
    await nc?.close();
    await server.stop();
    rmSync(store, { recursive: true, force: true });
  }
}

/** The modules one by one: the lib's index also loads its DTOs, whose decorators need reflect-metadata. */
function loadContracts(): ContractsBuild {
  const lib = join(distDir(), 'apps', 'dispatcher', 'libs', 'contracts', 'src');
  return Object.assign({}, ...['messaging/subjects.js', 'messaging/streams.js', 'tasks/delivery-task.js', 'ids/ids.js'].map((file) => require(join(lib, file)) as object)) as ContractsBuild;
}

function startDispatcher(natsPort: number, prefix: string, port: number, dir: string): ManagedProcess {
  const env = {
    ...process.env,
    NATS_URL: `nats://127.0.0.1:${natsPort}`,
    HOOKSTREAM_PREFIX: prefix,
    PORT: String(port),
    HOOKSTREAM_GRPC_PORT: '0',
    HOOKSTREAM_SSRF_ALLOW: '127.0.0.1/32',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  };
  const flags = nodeFlags(process.env.BENCH_SERVICE_NODE_ARGS ?? IMAGE_SERVICE_NODE_FLAGS);
  return ManagedProcess.spawn('dispatcher', process.execPath, [...flags, appMain('dispatcher')], env, join(dir, 'dispatcher.log'));
}

/**
 * Publishes the tasks in batches, stopping at `stopAt`; resolves true once all PARKED are stored. Each carries the
 * dedup id and trace header TaskScheduler gives a retry, so nats-server keeps the same per-message state it would.
 */
async function publishParked(js: JetStreamClient, contracts: ContractsBuild, subjects: InstanceType<ContractsBuild['Subjects']>, stored: () => void, stopAt: number): Promise<boolean> {
  const appId = contracts.newAppId();
  const endpoints = Array.from({ length: ENDPOINTS }, () => contracts.newEndpointId());
  for (let sent = 0; sent < PARKED; sent += PUBLISH_BATCH) {
    if (Date.now() > stopAt) return false;
    const batch = Array.from({ length: Math.min(PUBLISH_BATCH, PARKED - sent) }, (_, i) => {
      const endpointId = endpoints[(sent + i) % ENDPOINTS];
      const task = parkedTask(contracts.newMessageId(), appId, endpointId, sent + i);
      const h = natsHeaders();
      h.set('traceparent', `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`);
      return js.publish(subjects.later(appId, endpointId), JSON.stringify(task), { msgID: contracts.deliveryTaskDedupId(task), headers: h }).then(stored);
    });
    await Promise.all(batch);
  }
  return true;
}

/** The second attempt of a delivery whose endpoint answered 400, due an hour later with the ±20 % jitter of retryDelayMs. */
function parkedTask(msgId: string, appId: string, endpointId: string, i: number): ParkedTask {
  return {
    v: 1,
    msgId,
    appId,
    endpointId,
    eventType: 'render.completed',
    body: JSON.stringify(benchPayload('parked', i, 0)),
    url: `https://hooks.example.com/${endpointId}`,
    headers: {},
    keyOwner: endpointId,
    signatureProfiles: [{ type: 'timestamped', header: 'webhook-signature' }],
    timeoutMs: 15_000,
    retrySchedule: [3600],
    maxConcurrency: 100,
    rateLimit: null,
    trigger: 'scheduled',
    attempt: 2,
    // Whole ms, as retryDelayMs gives: nats-server 2.9 cannot parse a nak delay with a fraction of a ns, and redelivers at once.
    notBefore: Date.now() + Math.round(HOUR_MS * (0.8 + Math.random() * 0.4)),
  };
}

/**
 * Parked means: every published task is either held by the consumer (delivered, nak'd for later) or still in the
 * stream because the consumer's max_ack_pending is reached, and the dispatcher has handled every one delivered.
 */
async function waitForParked(info: () => Promise<ConsumerInfo>, handled: () => Promise<number>, published: number, assertRunning: () => void, deadline: number): Promise<void> {
  for (;;) {
    assertRunning();
    const consumer = await info();
    const held = consumer.num_ack_pending;
    const capped = consumer.num_pending === 0 || held >= (consumer.config.max_ack_pending ?? Infinity);
    if (held + consumer.num_pending === published && capped && (await handled()) >= held) return;
    if (Date.now() > deadline) throw new Error(`not parked by the time bound: ${held} held, ${consumer.num_pending} waiting of ${published}, ${await handled()} handled`);
    await sleep(250);
  }
}

/** One line per interval: where the parking is, and each process's CPU over the interval, so a slowdown shows. */
async function report(start: Usage, from: Usage, to: Usage, info: () => Promise<ConsumerInfo>, handled: () => Promise<number>): Promise<void> {
  try {
    const consumer = await info();
    const cpu = Object.keys(to.cpu).map((name) => `${name} ${cpuShare(from, to, name)}`);
    const busy = (busyShare(from.machine, to.machine) * 100).toFixed(0);
    console.log(`${((to.at - start.at) / 1000).toFixed(0)} s: ${consumer.num_ack_pending} held, ${consumer.num_pending} waiting, ${await handled()} handled; ${cpu.join(', ')}; machine ${busy} % busy`);
  } catch (error) {
    console.log(`progress not read: ${String(error)}`);
  }
}

/** Messages the dispatcher's worker on `consumer` has handled (settled), from its /metrics. */
async function handledCount(port: number, consumer: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const match = new RegExp(`^hookstream_consumer_handle_seconds_count\\{consumer="${consumer}"\\} (\\d+)`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

function usage(pids: Record<string, number>): Usage {
  return { at: Date.now(), machine: machineCpu(), cpu: Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)])) };
}

/** CPU of one process between two readings, in % of one core, and the CPU seconds themselves. */
function cpuShare(from: Usage, to: Usage, name: string): string {
  const seconds = to.cpu[name] - from.cpu[name];
  return `${((seconds / ((to.at - from.at) / 1000)) * 100).toFixed(0)} % (${seconds.toFixed(1)} s)`;
}

function fresh(result: FreshResult): string {
  const lost = result.received < result.sent ? ` (${result.sent - result.received} of ${result.sent} not received)` : '';
  return `${result.p50Ms.toFixed(1)} / ${result.p99Ms.toFixed(1)} ms${lost}`;
}

function mb(megabytes: number): string {
  return `${megabytes.toFixed(0)} MB`;
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en');
}

/** Blocks the files under `dir` take on disk: what the store costs the machine, whatever the files' apparent size. */
function diskBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? diskBytes(path) : lstatSync(path).blocks * 512;
  }
  return total;
}

async function connectWhenUp(port: number, server: ManagedProcess): Promise<NatsConnection> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    server.assertRunning();
    try {
      return await connect({ servers: `127.0.0.1:${port}` });
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`nats-server on port ${port} did not answer within 10 s: ${String(error)}\n${server.logTail()}`);
      await sleep(100);
    }
  }
}

async function waitForReady(service: ManagedProcess, port: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    service.assertRunning();
    if (await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.ok, () => false)) return;
    if (Date.now() > deadline) throw new Error(`dispatcher not ready within 60 s; log: ${service.logPath}\n${service.logTail()}`);
    await sleep(250);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
