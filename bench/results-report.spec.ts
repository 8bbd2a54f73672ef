import type { BenchResults, SystemKey, SystemResult } from './bench-results';
import { renderChart } from './results-chart';
import { summarisePauses } from './pause-probe-protocol';
import { renderReport, targetChecks } from './results-report';

const NO_PAUSES = summarisePauses([]);

function system(key: SystemKey, perSecond: number, p99: number, peakRss: Record<string, number> = {}, pauses = NO_PAUSES): SystemResult {
  return {
    key,
    name: key,
    throughput: { perSecond, windowSeconds: 10, sent: 1000, duplicates: 0, cpu: { receiver: 50 }, machineBusy: 0.5, recorded: key === 'ceiling' ? null : 1000 },
    latency: { rate: 500, sent: 7500, p50: p99 / 4, p99, max: p99 * 2, maxLagMs: 1, machineBusy: 0.4, recorded: key === 'ceiling' ? null : 7500, windowMs: { from: 1000, to: 16_000 } },
    peakRss,
    pauses,
  };
}

function results(systems: SystemResult[], overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    startedAt: new Date('2026-11-23T12:00:00Z'),
    finishedAt: new Date('2026-11-23T12:05:00Z'),
    command: 'npm run bench',
    settings: 'BENCH_WINDOW_S=10',
    machine: { cpu: 'AMD EPYC', cores: 2, memoryGb: 8, kernel: 'Linux 6', node: 'v20.20.2', nats: 'nats-server 2.9.10', postgres: 'PostgreSQL 15', redis: 'Redis 7', commit: 'abc1234', loadAtStart: '0.10 0.20 0.30' },
    loadAtEnd: '1.00 0.50 0.40',
    systems,
    isolation: null,
    fanOutEndpoints: 10_000,
    extras: [],
    harnessRss: { receiver: 60, driver: 120 },
    ...overrides,
  };
}

/** An isolation phase whose healthy endpoint made `beside` deliveries/s beside the neighbours and `afterwards` alone again. */
function isolation(beside: number, afterwards: number): NonNullable<BenchResults['isolation']> {
  const { throughput, latency } = system('hookstream', afterwards, 40);
  return { ...system('hookstream', beside, 90), parked: 100_000, parkSeconds: 60, hangingRate: 20, hangingSettings: { maxConcurrency: 1000, timeoutMs: 120_000 }, hangingRequests: 12, parkedAfter: 100_050, burst: { events: 20, hangingEvents: 600, aloneMs: 80, besideMs: 95 }, afterwards: { throughput, latency }, peakRss: { dispatcher: 260 } };
}

const verdicts = (checks: ReturnType<typeof targetChecks>) => Object.fromEntries(checks.map((check) => [check.target, check.verdict]));

describe('targetChecks', () => {
  it('says met when Hookstream reaches every target', () => {
    const run = results([system('ceiling', 8000, 3), system('bullmq', 900, 40), system('hookstream', 2400, 30, { ingest: 150, dispatcher: 190 })]);
    expect(new Set(targetChecks(run).map((check) => check.verdict))).toEqual(new Set(['met']));
  });

  it('says by how much each missed target is missed', () => {
    const run = results([system('ceiling', 8000, 3), system('bullmq', 1000, 40), system('hookstream', 1500, 75, { ingest: 230, signer: 120 })], {
      isolation: isolation(1200, 1500),
      extras: [{ title: 'Fan-out', command: 'npx jest', lines: ['| every delivery received | 28.9 s (346/s) |'] }],
    });
    expect(verdicts(targetChecks(run))).toEqual({
      'throughput ≥ 2× the BullMQ baseline': 'missed by 25 %',
      'throughput ≥ 25 % of the ceiling': 'missed by 6.3 points',
      'p99 publish→receipt < 50 ms at 500 events/s': 'missed by 25 ms (1.5×)',
      'fan-out 1 → 10,000 endpoints delivered < 10 s': 'missed by 18.9 s (2.9×)',
      'healthy throughput drops < 10 % beside a hanging endpoint and 100,000 parked retries': 'missed by 10.0 points',
      'peak RSS < 200 MB per service': 'missed by 60 MB',
    });
  });

  it('measures the isolation drop against the mean of the runs alone before and after the neighbours', () => {
    const target = 'healthy throughput drops < 10 % beside a hanging endpoint and 100,000 parked retries';
    const drifted = results([system('hookstream', 1500, 30)], { isolation: isolation(1200, 1100) });
    const check = targetChecks(drifted).find((entry) => entry.target === target);
    expect(check).toEqual({ target, measured: '7.7 % drop against 1,300/s alone, the mean before and after', verdict: 'met' });
  });

  it('checks only what the run measured', () => {
    expect(targetChecks(results([system('ceiling', 8000, 3)]))).toEqual([]);
  });
});

describe('renderReport', () => {
  it('flags a steady rate above what the system sustained: its latency is a backlog', () => {
    const report = renderReport(results([system('bullmq', 300, 5000)]));
    expect(report).toContain('| BullMQ baseline | 300 | 1,250 ms | 5,000 ms |');
    expect(report).toContain('500 events/s is above the 300/s it sustained in this run');
  });
});

describe('renderReport machine load', () => {
  it('shows how busy the whole machine was, and its CPU time per delivery, in the window and at the steady rate', () => {
    // Half of two cores for 1,000 deliveries/s: 1 ms of CPU per delivery.
    const report = renderReport(results([system('hookstream', 1000, 30)]));
    expect(report).toContain('| 50 % (1.00 ms) | 40 % |');
  });
});

describe('renderReport isolation', () => {
  it('shows the healthy endpoint alone, beside the neighbours and alone again, with the change against the mean alone', () => {
    const report = renderReport(results([system('hookstream', 1500, 30)], { isolation: isolation(1200, 1100) }));
    expect(report).toContain('| alone | 1,500 |');
    expect(report).toContain('| beside the hanging endpoint and the parked retries | 1,200 |');
    expect(report).toContain('| alone again, neighbours removed | 1,100 |');
    expect(report).toContain('| change beside the neighbours, against the mean alone | -7.7 % |');
  });

  it('gives the healthy app\'s burst alone and beside the hanging endpoint at the API\'s largest settings', () => {
    const report = renderReport(results([system('hookstream', 1500, 30)], { isolation: isolation(1200, 1100) }));
    expect(report).toContain('maxConcurrency 1000, timeoutMs 120000');
    expect(report).toContain('20 events published at once to the healthy app, publish → the last receipt: 80 ms before the neighbours, 95 ms beside them');
  });
});

describe('renderChart', () => {
  it('draws a bar per system with its value, and escapes the machine text', () => {
    const run = results([system('ceiling', 8000, 3), system('hookstream', 2400, 30)]);
    run.machine.cpu = 'AMD <EPYC> & co';
    const svg = renderChart(run);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('>8,000</text>');
    expect(svg).toContain('>2,400</text>');
    expect(svg).toContain('AMD &lt;EPYC&gt; &amp; co');
    expect(svg).not.toContain('<EPYC>');
  });

  it('shows the pauses of the machine each system sat through at the steady rate, and when one alone decides the p99', () => {
    const paused = summarisePauses([{ endedAt: 5000, ms: 140 }, { endedAt: 9000, ms: 45 }]);
    const report = renderReport(results([system('floor', 3000, 30), system('hookstream', 1500, 120, {}, paused)]));
    expect(report).toMatch(/\| shape floor: [^\n]*\| none \|/);
    expect(report).toMatch(/\| Hookstream end to end [^\n]*\| 2, longest 140 ms, 185 ms in all \|/);
    expect(report).toContain('a pause of 1 % of the phase (150 ms) puts 1 % of its events behind by that much');
  });
});
