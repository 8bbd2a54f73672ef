import { benchCommand, loadBenchConfig, SCENARIOS } from './bench-config';

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
});

describe('benchCommand', () => {
  it('puts the settings the run was given before npm run bench, and nothing else from the environment', () => {
    expect(benchCommand({ BENCH_WINDOW_S: '5', PATH: '/usr/bin', ISOLATION_PARKED: '2000' })).toBe('BENCH_WINDOW_S=5 ISOLATION_PARKED=2000 npm run bench');
  });
});
