import type { ServiceLayout } from './hookstream-services';
/** Everything a run can be told through the environment, with defaults that keep the core comparison short. */
export interface BenchConfig {
  natsUrl: string;
  databaseAdminUrl: string;
  scenarios: Set<Scenario>;
  /** Seconds of load before the measured window, and the window itself. */
  warmupSeconds: number;
  windowSeconds: number;
  /** The steady, open-loop rate (events/s) and how long it runs, for the latency percentiles. */
  steadyRate: number;
  steadySeconds: number;
  /** Requests in flight: the ceiling's POST loop, the BullMQ workers together, Hookstream's endpoint maxConcurrency. */
  concurrency: number;
  /** Events published but not yet received, during the throughput window of BullMQ and Hookstream. */
  pipeline: number;
  /** Bound on waiting for every delivery (and its Postgres row) after a phase. */
  drainSeconds: number;
  bullmqWorkers: number;
  isolationParked: number;
  isolationParkSeconds: number;
  isolationHangingRate: number;
  fanOutEndpoints: number;
  logLevel: string;
  /** Node flags for the four Hookstream services only, before their entry point: the image's by default. */
  serviceNodeArgs: string;
  /** How the services run: separate processes (as deployed in k8s), or all-in-one launcher replicas. */
  layout: ServiceLayout;
}

/** The flags docker/entrypoint.sh starts each service with, so the bench measures them as deployed. */
export const IMAGE_SERVICE_NODE_FLAGS = '--max-semi-space-size=8 --max-old-space-size=192';

export const SCENARIOS = ['ceiling', 'bullmq', 'floor', 'hookstream', 'isolation', 'fanout', 'signer'] as const;
export type Scenario = (typeof SCENARIOS)[number];

type Env = Record<string, string | undefined>;

export function loadBenchConfig(env: Env = process.env): BenchConfig {
  const number = (name: string, fallback: number, min = 0): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}"`);
    return value;
  };
  const config: BenchConfig = {
    natsUrl: env.NATS_URL ?? 'nats://127.0.0.1:4222',
    databaseAdminUrl: env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    scenarios: parseScenarios(env.BENCH_SCENARIOS),
    warmupSeconds: number('BENCH_WARMUP_S', 10),
    windowSeconds: number('BENCH_WINDOW_S', 10, 1),
    steadyRate: number('BENCH_STEADY_RATE', 500, 1),
    steadySeconds: number('BENCH_STEADY_S', 15, 1),
    concurrency: number('BENCH_CONCURRENCY', 100, 1),
    pipeline: number('BENCH_PIPELINE', 2000, 1),
    drainSeconds: number('BENCH_DRAIN_S', 90, 1),
    bullmqWorkers: number('BULLMQ_WORKERS', 2, 1),
    isolationParked: number('ISOLATION_PARKED', 100_000),
    isolationParkSeconds: number('ISOLATION_PARK_TIMEOUT_S', 300, 1),
    isolationHangingRate: number('ISOLATION_HANGING_RATE', 20, 1),
    fanOutEndpoints: number('BENCH_FANOUT_ENDPOINTS', 10_000, 1),
    logLevel: env.BENCH_LOG_LEVEL ?? 'warn',
    serviceNodeArgs: env.BENCH_SERVICE_NODE_ARGS ?? IMAGE_SERVICE_NODE_FLAGS,
    layout: parseLayout(env.BENCH_LAYOUT, number('BENCH_REPLICAS', 2, 1)),
  };
  if (config.scenarios.has('isolation') && !config.scenarios.has('hookstream')) {
    throw new Error('BENCH_SCENARIOS: isolation compares against the hookstream scenario; list both');
  }
  return config;
}

function parseLayout(raw: string | undefined, replicas: number): ServiceLayout {
  if (!raw || raw === 'separate') return { kind: 'separate' };
  if (raw === 'all-in-one') return { kind: 'all-in-one', replicas };
  throw new Error(`BENCH_LAYOUT: "${raw}" is neither separate nor all-in-one`);
}

function parseScenarios(raw: string | undefined): Set<Scenario> {
  if (!raw) return new Set(SCENARIOS);
  const names = raw.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_SCENARIOS: unknown ${unknown.join(', ')} (known: ${SCENARIOS.join(', ')})`);
  return new Set(names as Scenario[]);
}

const SETTING_NAMES = [
  'NATS_URL', 'BENCH_DATABASE_ADMIN_URL', 'BENCH_SCENARIOS', 'BENCH_WARMUP_S', 'BENCH_WINDOW_S', 'BENCH_STEADY_RATE', 'BENCH_STEADY_S', 'BENCH_CONCURRENCY', 'BENCH_PIPELINE',
  'BENCH_DRAIN_S', 'BULLMQ_WORKERS', 'ISOLATION_PARKED', 'ISOLATION_PARK_TIMEOUT_S', 'ISOLATION_HANGING_RATE', 'BENCH_FANOUT_ENDPOINTS',
  'BENCH_LOG_LEVEL', 'BENCH_DIST', 'BENCH_SERVICE_NODE_ARGS', 'BENCH_LAYOUT', 'BENCH_REPLICAS',
];

/** `npm run bench` with the settings this run was given in its environment. */
export function benchCommand(env: Env = process.env): string {
  const given = SETTING_NAMES.filter((name) => env[name] !== undefined && env[name] !== '').map((name) => `${name}=${withoutPassword(env[name] ?? '')}`);
  return [...given, 'npm run bench'].join(' ');
}

/** The settings a reader needs to reproduce or judge a run, as `NAME=value` pairs. */
export function describeConfig(config: BenchConfig): string {
  return [
    `NATS_URL=${withoutPassword(config.natsUrl)}`,
    `BENCH_DATABASE_ADMIN_URL=${withoutPassword(config.databaseAdminUrl)}`,
    `BENCH_SCENARIOS=${[...config.scenarios].join(',')}`,
    `BENCH_WARMUP_S=${config.warmupSeconds}`,
    `BENCH_WINDOW_S=${config.windowSeconds}`,
    `BENCH_STEADY_RATE=${config.steadyRate}`,
    `BENCH_STEADY_S=${config.steadySeconds}`,
    `BENCH_CONCURRENCY=${config.concurrency}`,
    `BENCH_PIPELINE=${config.pipeline}`,
    `BULLMQ_WORKERS=${config.bullmqWorkers}`,
    `ISOLATION_PARKED=${config.isolationParked}`,
    `ISOLATION_HANGING_RATE=${config.isolationHangingRate}`,
    `BENCH_FANOUT_ENDPOINTS=${config.fanOutEndpoints}`,
    `BENCH_LOG_LEVEL=${config.logLevel}`,
    `BENCH_SERVICE_NODE_ARGS="${config.serviceNodeArgs}"`,
  ].join(' ');
}

/** A URL's password (or token) masked: the servers a run used belong in its results file, their secrets do not. */
export function withoutPassword(value: string): string {
  if (!URL.canParse(value)) return value;
  const url = new URL(value);
  if (!url.password) return value;
  url.password = '***';
  return url.toString();
}
