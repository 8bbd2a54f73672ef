// What 100k parked (nak'd-with-delay) messages cost nats-server when short deferrals come due beside them, on the
// same consumer or on a consumer of their own, and when new messages keep being parked beside them
// (docs/benchmarks.md, "Isolation"). Starts a nats-server of its own per layout, on a loopback port with a store of
// its own, and stops it.
// Run: npx tsc -p bench/tsconfig.json && node dist/bench/parked-walk.js   (PARKED=100000, NATS_SERVER=/usr/sbin/nats-server)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AckPolicy, connect, RetentionPolicy, type Consumer, type JetStreamClient, type NatsConnection } from 'nats';
import { sleep } from './bench-clock';
import { freePort } from './managed-process';

const PARKED = Number(process.env.PARKED ?? 100_000);
const SHORT = 200;
const NEW_PARKS_PER_SECOND = 300;
const MEASURE_MS = 10_000;
const HOUR_MS = 3_600_000;

interface Layout {
  name: string;
  parked: number;
  /** What keeps the server busy while measured: short deferrals coming due, or new messages being parked for an hour. */
  load: 'short-deferrals' | 'new-parks';
  /** The load on the consumer holding the parked messages, or on one of its own. */
  apart: boolean;
}

const parked = PARKED.toLocaleString('en');
const LAYOUTS: Layout[] = [
  { name: 'short deferrals alone', parked: 0, load: 'short-deferrals', apart: false },
  { name: `short deferrals beside ${parked} parked, same consumer`, parked: PARKED, load: 'short-deferrals', apart: false },
  { name: `short deferrals beside ${parked} parked, consumers apart`, parked: PARKED, load: 'short-deferrals', apart: true },
  { name: `${NEW_PARKS_PER_SECOND} new parks/s, nothing parked before`, parked: 0, load: 'new-parks', apart: false },
  { name: `${NEW_PARKS_PER_SECOND} new parks/s beside ${parked} parked, same consumer`, parked: PARKED, load: 'new-parks', apart: false },
];

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const layout of LAYOUTS) rows.push(await measure(layout));
  console.log(`\n| layout | nats-server CPU (% of one core) | naks in ${MEASURE_MS / 1000} s |\n| --- | --- | --- |\n${rows.join('\n')}`);
}

/** One nats-server per layout, so nothing of the one before lingers in it. */
async function measure(layout: Layout): Promise<string> {
  const store = mkdtempSync(join(tmpdir(), 'parked-walk-'));
  const port = await freePort();
  const server = spawn(process.env.NATS_SERVER ?? '/usr/sbin/nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], { stdio: 'ignore' });
  try {
    const nc = await connectWhenUp(port);
    try {
      const js = nc.jetstream();
      const { parked: parkedConsumer, load: loadConsumer } = await consumers(nc, layout);
      await park(js, parkedConsumer, 'parked.long', layout.parked);
      const subject = layout.apart ? 'soon.load' : 'parked.load';
      const load = layout.load === 'short-deferrals' ? await shortDeferrals(js, loadConsumer, subject) : newParks(js, loadConsumer, subject);
      await sleep(2000);
      const [cpuBefore, naksBefore] = [cpuSeconds(server), load.naks()];
      await sleep(MEASURE_MS);
      const [cpuAfter, naksAfter] = [cpuSeconds(server), load.naks()];
      await load.stop();
      const cpu = ((cpuAfter - cpuBefore) / (MEASURE_MS / 1000)) * 100;
      console.log(`${layout.name}: nats-server ${cpu.toFixed(1)} % of a core, ${naksAfter - naksBefore} naks`);
      return `| ${layout.name} | ${cpu.toFixed(1)} % | ${naksAfter - naksBefore} |`;
    } finally {
      await nc.close();
    }
  } finally {
    server.kill();
    rmSync(store, { recursive: true, force: true });
  }
}

interface Load {
  naks(): number;
  stop(): Promise<void>;
}

/** SHORT messages nak'd again and again for 100–500 ms, as an open circuit or a busy endpoint defers its tasks. */
async function shortDeferrals(js: JetStreamClient, consumer: Consumer, subject: string): Promise<Load> {
  await publish(js, subject, SHORT);
  return naking(consumer, () => 100 + Math.floor(Math.random() * 400));
}

/** NEW_PARKS_PER_SECOND new messages each nak'd for an hour or so, as failing deliveries park their retries. */
function newParks(js: JetStreamClient, consumer: Consumer, subject: string): Load {
  const started = Date.now();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000) * NEW_PARKS_PER_SECOND);
    for (; sent < due; sent += 1) void js.publish(subject, JSON.stringify({ sent }));
  }, 20);
  const naks = naking(consumer, () => HOUR_MS + Math.floor(Math.random() * 600_000));
  return {
    naks: naks.naks,
    stop: async () => {
      clearInterval(timer);
      await naks.stop();
    },
  };
}

function naking(consumer: Consumer, delayMs: () => number): Load {
  let naks = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      for await (const msg of await consumer.fetch({ max_messages: 500, expires: 1000 })) {
        msg.nak(running ? delayMs() : 1);
        naks += 1;
      }
    }
  })();
  return {
    naks: () => naks,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

async function connectWhenUp(port: number): Promise<NatsConnection> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await connect({ servers: `127.0.0.1:${port}` });
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`nats-server on port ${port} did not answer within 10 s: ${String(error)}`);
      await sleep(100);
    }
  }
}

async function consumers(nc: NatsConnection, layout: Layout): Promise<{ parked: Consumer; load: Consumer }> {
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({ name: 'WALK', subjects: ['parked.>', 'soon.>'], retention: RetentionPolicy.Workqueue });
  const add = (name: string, filter: string) =>
    jsm.consumers.add('WALK', { durable_name: name, ack_policy: AckPolicy.Explicit, filter_subject: filter, ack_wait: 30_000_000_000, max_ack_pending: -1 });
  await add('parked', 'parked.>');
  if (layout.apart) await add('soon', 'soon.>');
  const js = nc.jetstream();
  const parked = await js.consumers.get('WALK', 'parked');
  return { parked, load: layout.apart ? await js.consumers.get('WALK', 'soon') : parked };
}

/** Publishes `count` messages and nak's each for an hour, as the dispatcher parks a retry. */
async function park(js: JetStreamClient, consumer: Consumer, subject: string, count: number): Promise<void> {
  if (count === 0) return;
  await publish(js, subject, count);
  let parked = 0;
  while (parked < count) {
    for await (const msg of await consumer.fetch({ max_messages: 1000, expires: 2000 })) {
      msg.nak(HOUR_MS);
      parked += 1;
    }
  }
}

async function publish(js: JetStreamClient, subject: string, count: number): Promise<void> {
  for (let sent = 0; sent < count; sent += 1000) {
    await Promise.all(Array.from({ length: Math.min(1000, count - sent) }, (_, i) => js.publish(subject, JSON.stringify({ i: sent + i }))));
  }
}

function cpuSeconds(server: ChildProcess): number {
  const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
