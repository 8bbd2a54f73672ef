import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchCommand, describeConfig, IMAGE_SERVICE_NODE_FLAGS, loadBenchConfig, SCENARIOS, withoutPassword } from './bench-config';

describe('loadBenchConfig', () => {
  it('runs every scenario with the documented defaults when nothing is set', () => {
    const config = loadBenchConfig({});
    expect([...config.scenarios]).toEqual([...SCENARIOS]);
    expect(config).toMatchObject({ steadyRate: 500, windowSeconds: 10, concurrency: 100, isolationParked: 100_000, fanOutEndpoints: 10_000 });
  });

  it('names the variable when a number is not one', () => {
    expect(() => loadBenchConfig({ BENCH_WINDOW_S: 'ten' })).toThrow('BENCH_WINDOW_S must be a number ≥ 1, got "ten"');
    expect(() => loadBenchConfig({ BENCH_STEADY_RATE: '0' })).toThrow('BENCH_STEADY_RATE');
  });

  it('refuses unknown scenarios and isolation without the hookstream scenario it compares against', () => {
    expect(() => loadBenchConfig({ BENCH_SCENARIOS: 'ceiling,kafka' })).toThrow('unknown kafka');
    expect(() => loadBenchConfig({ BENCH_SCENARIOS: 'isolation' })).toThrow('list both');
    expect([...loadBenchConfig({ BENCH_SCENARIOS: 'hookstream, isolation' }).scenarios]).toEqual(['hookstream', 'isolation']);
  });

  it('runs the services as separate processes unless BENCH_LAYOUT asks for all-in-one replicas', () => {
    expect(loadBenchConfig({}).layout).toEqual({ kind: 'separate' });
    expect(loadBenchConfig({ BENCH_LAYOUT: 'all-in-one' }).layout).toEqual({ kind: 'all-in-one', replicas: 2 });
    expect(loadBenchConfig({ BENCH_LAYOUT: 'all-in-one', BENCH_REPLICAS: '1' }).layout).toEqual({ kind: 'all-in-one', replicas: 1 });
    expect(() => loadBenchConfig({ BENCH_LAYOUT: 'sidecar' })).toThrow('BENCH_LAYOUT: "sidecar" is neither separate nor all-in-one');
    expect(() => loadBenchConfig({ BENCH_LAYOUT: 'all-in-one', BENCH_REPLICAS: '0' })).toThrow('BENCH_REPLICAS must be a number ≥ 1');
  });
});

describe('benchCommand', () => {
  it('puts the settings the run was given before npm run bench, and nothing else from the environment', () => {
    expect(benchCommand({ BENCH_WINDOW_S: '5', PATH: '/usr/bin', ISOLATION_PARKED: '2000' })).toBe('BENCH_WINDOW_S=5 ISOLATION_PARKED=2000 npm run bench');
  });

  it('says which NATS and Postgres the run used, with their passwords masked', () => {
    const env = { NATS_URL: 'nats://bench:s3cret@127.0.0.1:4333', BENCH_DATABASE_ADMIN_URL: 'postgres://postgres:pw@127.0.0.1:5433/postgres' };
    expect(benchCommand(env)).toBe('NATS_URL=nats://bench:***@127.0.0.1:4333 BENCH_DATABASE_ADMIN_URL=postgres://postgres:***@127.0.0.1:5433/postgres npm run bench');
    expect(describeConfig(loadBenchConfig(env))).toContain('NATS_URL=nats://bench:***@127.0.0.1:4333 BENCH_DATABASE_ADMIN_URL=postgres://postgres:***@127.0.0.1:5433/postgres ');
    expect(describeConfig(loadBenchConfig({}))).toContain('NATS_URL=nats://127.0.0.1:4222 BENCH_DATABASE_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres ');
  });
});

describe('withoutPassword', () => {
  it('leaves a URL without a password, and anything that is not a URL, as it was', () => {
    expect(withoutPassword('postgres://postgres@127.0.0.1:5432/postgres')).toBe('postgres://postgres@127.0.0.1:5432/postgres');
    expect(withoutPassword('not a url')).toBe('not a url');
  });
});

describe('service node flags', () => {
  it('are the ones docker/entrypoint.sh starts each service with, unless BENCH_SERVICE_NODE_ARGS says otherwise', () => {
    const entrypoint = readFileSync(join(__dirname, '..', 'docker', 'entrypoint.sh'), 'utf8');
    const imageFlags = /SERVICE_NODE_FLAGS="([^"]+)"/.exec(entrypoint)?.[1].replace('${HOOKSTREAM_MAX_OLD_SPACE_MB:-192}', '192');
    expect(loadBenchConfig({}).serviceNodeArgs).toBe(imageFlags);
    expect(IMAGE_SERVICE_NODE_FLAGS).toBe(imageFlags);
    expect(loadBenchConfig({ BENCH_SERVICE_NODE_ARGS: '--cpu-prof' }).serviceNodeArgs).toBe('--cpu-prof');
  });
});
