// `npm run bench`: builds the four services, then in one run and on this machine measures the ceiling (a plain
// undici POST loop), the BullMQ baseline, the shape floor and Hookstream end to end against one receiver process; then isolation,
// fan-out and the signer's cost. Writes bench/results/<date>.md and docs/benchmarks/throughput-latency.svg.
// Settings come from the environment (bench-config.ts; docs/benchmarks.md lists them).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCommand, describeConfig, loadBenchConfig, type BenchConfig } from './bench-config';
import type { BenchResults, IsolationOutcome, SystemKey, SystemResult } from './bench-results';
import { BullmqBaseline } from './bullmq-baseline';
import { Ceiling } from './ceiling';
import { runJestBench, type ExtraBench } from './extra-benches';
import { assertBuilt, describeLayout, HookstreamServices } from './hookstream-services';
import { measureIsolation } from './isolation';
import { measureLatency, measureThroughput, type SystemUnderTest } from './load-drivers';
import { loadAverage, machineInfo } from './machine-info';
import { peakRssMb } from './managed-process';
import { PauseProbe } from './pause-probe';
import { ReceiverHandle } from './receiver-handle';
import { renderChart } from './results-chart';
import { renderReport } from './results-report';
import { ShapeFloor } from './shape-floor';

const REPO = join(__dirname, '..', '..');
const started = Date.now();

function log(line: string): void {
  const seconds = Math.round((Date.now() - started) / 1000);
  process.stderr.write(`[bench ${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}] ${line}\n`);
}

/** The receiver every scenario delivers to, and the pause probe (pause-probe-process.ts) that watches the machine. */
interface Harness {
  receiver: ReceiverHandle;
  probe: PauseProbe;
}

async function measureSystem(key: SystemKey, system: SystemUnderTest, { receiver, probe }: Harness, config: BenchConfig): Promise<Omit<SystemResult, 'peakRss'>> {
  log(`${system.name}: full speed, ${config.warmupSeconds} s warm-up + ${config.windowSeconds} s window`);
  const throughput = await measureThroughput(system, receiver, config, `${key}-throughput`);
  log(`${system.name}: ${Math.round(throughput.perSecond)} deliveries/s; now ${config.steadyRate} events/s for ${config.steadySeconds} s`);
  const latency = await measureLatency(system, receiver, config, `${key}-steady`);
  const pauses = await probe.during(latency.windowMs.from, latency.windowMs.to);
  log(
    `${system.name}: p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms (driver at most ${latency.maxLagMs.toFixed(1)} ms behind its schedule; ` +
      `${pauses.count} pause(s) of the machine, the longest ${Math.round(pauses.longestMs)} ms)`,
  );
  return { key, name: system.name, throughput, latency, pauses };
}

async function runCeiling(harness: Harness, config: BenchConfig): Promise<SystemResult> {
  const ceiling = new Ceiling(harness.receiver, config.concurrency);
  try {
    const measured = await measureSystem('ceiling', ceiling, harness, config);
    return { ...measured, peakRss: { 'driver (the POST loop)': peakRssMb('self') } };
  } finally {
    await ceiling.close();
  }
}

async function runBullmq(harness: Harness, config: BenchConfig, logDir: string): Promise<SystemResult> {
  log(`BullMQ baseline: redis-server, ${config.bullmqWorkers} worker process(es), ${config.concurrency} jobs in flight in all`);
  const baseline = await BullmqBaseline.start(harness.receiver, { databaseAdminUrl: config.databaseAdminUrl, workers: config.bullmqWorkers, concurrency: config.concurrency, logDir });
  try {
    const measured = await measureSystem('bullmq', baseline, harness, config);
    return { ...measured, peakRss: baseline.peakRss() };
  } finally {
    await baseline.stop();
  }
}

async function runFloor(harness: Harness, config: BenchConfig, logDir: string): Promise<SystemResult> {
  log('Shape floor: Hookstream\'s four processes and message flow with none of its features (bench/shape-floor-process.ts)');
  const floor = await ShapeFloor.start(harness.receiver, { natsUrl: config.natsUrl, databaseAdminUrl: config.databaseAdminUrl, concurrency: config.concurrency, nodeArgs: config.serviceNodeArgs, logDir });
  try {
    const measured = await measureSystem('floor', floor, harness, config);
    return { ...measured, peakRss: floor.peakRss() };
  } finally {
    await floor.stop();
  }
}

async function runHookstream(harness: Harness, config: BenchConfig, logDir: string): Promise<{ result: SystemResult; isolation: IsolationOutcome | null }> {
  log(`Hookstream: starting ${describeLayout(config.layout)} from dist/`);
  const hookstream = await HookstreamServices.start({
    natsUrl: config.natsUrl, databaseAdminUrl: config.databaseAdminUrl, logDir, logLevel: config.logLevel, nodeArgs: config.serviceNodeArgs, layout: config.layout,
  });
  try {
    const appId = await hookstream.createApp('bench healthy');
    await hookstream.createEndpoint(appId, { url: harness.receiver.url('/hookstream'), maxConcurrency: config.concurrency });
    const measured = await measureSystem('hookstream', hookstream.target(appId), harness, config);
    const result = { ...measured, peakRss: hookstream.peakRss() };
    if (!config.scenarios.has('isolation')) return { result, isolation: null };
    const isolation = await measureIsolation(
      hookstream,
      harness.receiver,
      appId,
      { ...config, parked: config.isolationParked, parkSeconds: config.isolationParkSeconds, hangingRate: config.isolationHangingRate },
      log,
    );
    log(`isolation: healthy ${Math.round(isolation.throughput.perSecond)} deliveries/s, p99 ${isolation.latency.p99.toFixed(1)} ms beside the neighbours; ` +
      `${Math.round(isolation.afterwards.throughput.perSecond)} deliveries/s, p99 ${isolation.afterwards.latency.p99.toFixed(1)} ms alone again`);
    return { result, isolation: { ...isolation, peakRss: hookstream.peakRss() } };
  } finally {
    await hookstream.stop();
  }
}

async function runExtras(config: BenchConfig): Promise<ExtraBench[]> {
  const extras: ExtraBench[] = [];
  if (config.scenarios.has('fanout')) {
    log(`fan-out: bench/fanout.bench.ts with ${config.fanOutEndpoints} endpoints (the four services)`);
    extras.push(await runJestBench('Fan-out', 'bench/jest.fanout.config.js', { FANOUT_ENDPOINTS: String(config.fanOutEndpoints) }));
  }
  if (config.scenarios.has('signer')) {
    log('signer: bench/signer-cost.bench.ts');
    extras.push(await runJestBench('Signer cost per signature', 'bench/jest.signer.config.js', {}));
  }
  return extras;
}

async function main(): Promise<void> {
  const config = loadBenchConfig();
  if (config.scenarios.has('hookstream')) assertBuilt(config.layout);
  if (config.scenarios.has('floor')) assertBuilt();
  const startedAt = new Date();
  const logDir = mkdtempSync(join(tmpdir(), 'hookstream-bench-'));
  log(`logs of every process: ${logDir}`);
  const machine = await machineInfo(config.natsUrl, config.databaseAdminUrl);
  const systems: SystemResult[] = [];
  let isolation: IsolationOutcome | null = null;
  let harnessRss: Record<string, number> = {};
  const receiver = await ReceiverHandle.start(logDir);
  let probe: PauseProbe | null = null;
  try {
    probe = await PauseProbe.start(logDir);
    const harness = { receiver, probe };
    if (config.scenarios.has('ceiling')) systems.push(await runCeiling(harness, config));
    if (config.scenarios.has('bullmq')) systems.push(await runBullmq(harness, config, logDir));
    if (config.scenarios.has('floor')) systems.push(await runFloor(harness, config, logDir));
    if (config.scenarios.has('hookstream')) {
      const hookstream = await runHookstream(harness, config, logDir);
      systems.push(hookstream.result);
      isolation = hookstream.isolation;
    }
    harnessRss = { receiver: receiver.process.peakRssMb(), driver: peakRssMb('self') };
  } finally {
    await Promise.all([receiver.process.stop(), probe?.process.stop()]);
  }
  const extras = await runExtras(config);
  const results: BenchResults = {
    startedAt,
    finishedAt: new Date(),
    command: benchCommand(),
    settings: describeConfig(config),
    machine,
    loadAtEnd: loadAverage(),
    systems,
    isolation,
    fanOutEndpoints: config.fanOutEndpoints,
    extras,
    harnessRss,
  };
  writeOutputs(results);
}

function writeOutputs(results: BenchResults): void {
  const report = renderReport(results);
  const resultsDir = join(REPO, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const reportPath = join(resultsDir, `${results.startedAt.toISOString().slice(0, 19).replace(/:/g, '-')}.md`);
  writeFileSync(reportPath, report);
  process.stdout.write(`${report}\n`);
  log(`summary written to ${reportPath}`);
  if (results.systems.length === 0) return;
  const chartPath = join(REPO, 'docs', 'benchmarks', 'throughput-latency.svg');
  mkdirSync(join(REPO, 'docs', 'benchmarks'), { recursive: true });
  writeFileSync(chartPath, renderChart(results));
  log(`chart written to ${chartPath}`);
}

main().catch((error: Error) => {
  process.stderr.write(`\nbench FAILED: ${error.message}\n`);
  process.exit(1);
});
