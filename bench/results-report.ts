import type { BenchResults, SystemKey, SystemResult } from './bench-results';
import type { ThroughputResult } from './load-drivers';
import { fanOutSeconds } from './extra-benches';
import type { PauseSummary } from './pause-probe-protocol';

export interface TargetCheck {
  target: string;
  measured: string;
  verdict: string;
}

const LABELS: Record<SystemKey, string> = {
  ceiling: 'ceiling: undici POST loop',
  bullmq: 'BullMQ baseline',
  floor: 'shape floor: Hookstream\'s message flow, no features',
  hookstream: 'Hookstream end to end',
};

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en');
}

export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value).toLocaleString('en')} ms`;
}

function formatCpu(cpu: Record<string, number>): string {
  return Object.entries(cpu)
    .map(([name, percent]) => `${name} ${Math.round(percent)} %`)
    .join(', ');
}

function duplicates(count: number): string {
  return count > 0 ? ` (+${formatCount(count)} duplicates at full speed)` : '';
}

function formatRss(rss: Record<string, number>): string {
  return Object.entries(rss)
    .map(([name, mb]) => `${name} ${Math.round(mb)} MB`)
    .join(', ');
}

function system(results: BenchResults, key: SystemKey): SystemResult | undefined {
  return results.systems.find((entry) => entry.key === key);
}

/** The markdown summary of one run: machine, settings, the comparison table, isolation, extras, targets. */
export function renderReport(results: BenchResults): string {
  const { machine } = results;
  const lines = [
    `# Hookstream benchmark, ${results.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `- Command: \`${results.command}\``,
    `- Settings: ${results.settings}`,
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB RAM, ${machine.kernel}; Node ${machine.node}; ${machine.nats}; ${machine.postgres}; ${machine.redis}. NATS, Postgres, Redis, the services, the receiver and the driver all on this machine.`,
    `- Commit ${machine.commit}; ${Math.round((results.finishedAt.getTime() - results.startedAt.getTime()) / 1000)} s; load average (1/5/15 min) ${machine.loadAtStart} at the start, ${results.loadAtEnd} at the end.`,
    '',
  ];
  if (results.systems.length > 0) lines.push(...comparisonTable(results), '');
  if (results.isolation) lines.push(...isolationTable(results), '');
  for (const extra of results.extras) lines.push(`## ${extra.title}`, '', `\`${extra.command}\``, '', ...extraTable(extra.lines), '');
  const checks = targetChecks(results);
  if (checks.length > 0) {
    lines.push('## Targets (issue #8)', '', '| target | measured | verdict |', '| --- | --- | --- |');
    for (const check of checks) lines.push(`| ${check.target} | ${check.measured} | ${check.verdict} |`);
    lines.push('');
  }
  return lines.join('\n');
}

function comparisonTable(results: BenchResults): string[] {
  const first = results.systems[0];
  const overloaded = results.systems.filter((entry) => entry.latency.rate > entry.throughput.perSecond);
  const rows = results.systems.map((entry) => {
    const { throughput, latency } = entry;
    const recorded = throughput.recorded === null ? '—' : `${formatCount(throughput.recorded + (latency.recorded ?? 0))} in Postgres`;
    return `| ${LABELS[entry.key]} | ${formatCount(throughput.perSecond)} | ${formatMs(latency.p50)} | ${formatMs(latency.p99)} | ${formatMs(latency.max)} | ${formatCount(throughput.sent + latency.sent)} delivered${duplicates(throughput.duplicates)}, ${recorded} | ${formatRss(entry.peakRss)} | ${formatCpu(throughput.cpu)} | ${formatMachine(throughput, results.machine.cores)} | ${formatPercent(latency.machineBusy)} | ${formatPauses(entry.pauses)} |`;
  });
  return [
    '## Throughput, latency, memory',
    '',
    `Deliveries/s: the most the receiver got per second over a ${first.throughput.windowSeconds.toFixed(0)} s window after warm-up, at full speed. ` +
      `Latency: publish (or POST) → receipt at the receiver, at a steady open-loop ${first.latency.rate} events/s. ` +
      'Every event of both phases arrived, and (for every system but the ceiling) had its successful attempt in Postgres, before the next phase.',
    '',
    `| system | deliveries/s | p50 at ${first.latency.rate}/s | p99 | max | events (both phases) | peak RSS per process | CPU in the window (% of one core) | machine busy in the window (CPU per delivery) | machine busy at ${first.latency.rate}/s | pauses of the machine at ${first.latency.rate}/s |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Harness: ${formatRss(results.harnessRss)} (the driver also runs the ceiling's POST loop and the producers). ` +
      'Machine busy: the share of all cores not idle (NATS, Postgres, Redis and the harness included), from /proc/stat; CPU per delivery is that busy time over the deliveries of the window. ' +
      'Pauses: times an idle probe process\'s 5 ms timer ran 30 ms or more late while the steady phase\'s events were under way (nothing on the machine ran then; docs/benchmarks.md): how many, the longest and their sum. ' +
      `At ${first.latency.rate}/s a pause of 1 % of the phase (${formatMs(first.latency.sent * 10 / first.latency.rate)}) puts 1 % of its events behind by that much, so a pause that long alone decides the p99.`,
    ...overloaded.map((entry) => `\n**${LABELS[entry.key]}: ${entry.latency.rate} events/s is above the ${formatCount(entry.throughput.perSecond)}/s it sustained in this run, so its latency measures a growing backlog, not a steady state.**`),
  ];
}

function formatPauses(pauses: PauseSummary): string {
  if (pauses.count === 0) return 'none';
  return `${pauses.count}, longest ${formatMs(pauses.longestMs)}, ${formatMs(pauses.totalMs)} in all`;
}

function formatPercent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** The machine's busy share in a window, and the CPU time that is per delivery. */
function formatMachine(throughput: ThroughputResult, cores: number): string {
  const perDeliveryMs = throughput.perSecond > 0 ? (throughput.machineBusy * cores * 1000) / throughput.perSecond : 0;
  return `${formatPercent(throughput.machineBusy)} (${perDeliveryMs.toFixed(2)} ms)`;
}

function isolationTable(results: BenchResults): string[] {
  const isolation = results.isolation;
  const alone = system(results, 'hookstream');
  if (!isolation || !alone) return [];
  const change = (before: number, after: number) => `${after >= before ? '+' : ''}${(((after - before) / before) * 100).toFixed(1)} %`;
  const { afterwards } = isolation;
  const { cores } = results.machine;
  const baseline = {
    perSecond: mean(alone.throughput.perSecond, afterwards.throughput.perSecond),
    p50: mean(alone.latency.p50, afterwards.latency.p50),
    p99: mean(alone.latency.p99, afterwards.latency.p99),
  };
  return [
    '## Isolation',
    '',
    `The healthy endpoint measured as above, then again beside ${formatCount(isolation.parked)} parked retries (events to an endpoint answering 400, retry schedule [3600 s]; parking them took ${isolation.parkSeconds.toFixed(0)} s) ` +
      `and a hanging endpoint (never answers; maxConcurrency ${isolation.hangingSettings.maxConcurrency}, timeoutMs ${isolation.hangingSettings.timeoutMs}, the API's largest) given ${formatCount(isolation.burst.hangingEvents)} events at once, then ${isolation.hangingRate} events/s throughout (${formatCount(isolation.hangingRequests)} requests reached it; ${formatCount(isolation.parkedAfter)} tasks were parked at the end: the retries, and the hanging endpoint's deferrals). ` +
      'Then alone again on the same services, once both neighbours were deleted and the parked tasks purged: the change is measured against the mean of the two runs alone, so drift over the run (warmer code, more rows) does not pass for an effect of the neighbours.',
    '',
    `| healthy endpoint | deliveries/s | p50 at ${isolation.latency.rate}/s | p99 | CPU in the window (% of one core) | machine busy in the window (CPU per delivery) |`,
    '| --- | --- | --- | --- | --- | --- |',
    `| alone | ${formatCount(alone.throughput.perSecond)} | ${formatMs(alone.latency.p50)} | ${formatMs(alone.latency.p99)} | ${formatCpu(alone.throughput.cpu)} | ${formatMachine(alone.throughput, cores)} |`,
    `| beside the hanging endpoint and the parked retries | ${formatCount(isolation.throughput.perSecond)} | ${formatMs(isolation.latency.p50)} | ${formatMs(isolation.latency.p99)} | ${formatCpu(isolation.throughput.cpu)} | ${formatMachine(isolation.throughput, cores)} |`,
    `| alone again, neighbours removed | ${formatCount(afterwards.throughput.perSecond)} | ${formatMs(afterwards.latency.p50)} | ${formatMs(afterwards.latency.p99)} | ${formatCpu(afterwards.throughput.cpu)} | ${formatMachine(afterwards.throughput, cores)} |`,
    `| change beside the neighbours, against the mean alone | ${change(baseline.perSecond, isolation.throughput.perSecond)} | ${change(baseline.p50, isolation.latency.p50)} | ${change(baseline.p99, isolation.latency.p99)} | | |`,
    '',
    `${isolation.burst.events} events published at once to the healthy app, publish → the last receipt: ${formatMs(isolation.burst.aloneMs)} before the neighbours, ` +
      `${formatMs(isolation.burst.besideMs)} beside them (once the hanging endpoint had its ${formatCount(isolation.burst.hangingEvents)} events).`,
    '',
    `Peak RSS at the end of the isolation phase: ${formatRss(isolation.peakRss)}.`,
  ];
}

/** A jest bench's own header line is kept as a note above its table. */
function extraTable(lines: string[]): string[] {
  const notes = lines.filter((line) => !line.startsWith('|')).map((line) => `${line}`);
  const table = lines.filter((line) => line.startsWith('|'));
  const hasHeader = table.length > 1 && /^\|\s*-+/.test(table[1]);
  return [...notes, ...(notes.length > 0 ? [''] : []), ...(hasHeader ? table : ['| | |', '| --- | --- |', ...table])];
}

function mean(a: number, b: number): number {
  return (a + b) / 2;
}

function verdict(met: boolean, missedBy: string): string {
  return met ? 'met' : `missed by ${missedBy}`;
}

export function targetChecks(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const hookstream = system(results, 'hookstream');
  const bullmq = system(results, 'bullmq');
  const ceiling = system(results, 'ceiling');
  if (hookstream && bullmq) {
    const ratio = hookstream.throughput.perSecond / bullmq.throughput.perSecond;
    checks.push({ target: 'throughput ≥ 2× the BullMQ baseline', measured: `${ratio.toFixed(2)}×`, verdict: verdict(ratio >= 2, `${((1 - ratio / 2) * 100).toFixed(0)} %`) });
  }
  if (hookstream && ceiling) {
    const share = hookstream.throughput.perSecond / ceiling.throughput.perSecond;
    checks.push({ target: 'throughput ≥ 25 % of the ceiling', measured: `${(share * 100).toFixed(1)} %`, verdict: verdict(share >= 0.25, `${((0.25 - share) * 100).toFixed(1)} points`) });
  }
  if (hookstream) {
    const { p99, rate } = hookstream.latency;
    checks.push({ target: `p99 publish→receipt < 50 ms at ${rate} events/s`, measured: formatMs(p99), verdict: verdict(p99 < 50, `${formatMs(p99 - 50)} (${(p99 / 50).toFixed(1)}×)`) });
  }
  const fanOut = results.extras.find((extra) => extra.title.startsWith('Fan-out'));
  const fanOutS = fanOut ? fanOutSeconds(fanOut) : null;
  if (fanOutS !== null) {
    checks.push({ target: `fan-out 1 → ${formatCount(results.fanOutEndpoints)} endpoints delivered < 10 s`, measured: `${fanOutS} s`, verdict: verdict(fanOutS < 10, `${(fanOutS - 10).toFixed(1)} s (${(fanOutS / 10).toFixed(1)}×)`) });
  }
  if (hookstream && results.isolation) {
    const alone = mean(hookstream.throughput.perSecond, results.isolation.afterwards.throughput.perSecond);
    const drop = 1 - results.isolation.throughput.perSecond / alone;
    const against = `against ${formatCount(alone)}/s alone, the mean before and after`;
    checks.push({
      target: `healthy throughput drops < 10 % beside a hanging endpoint and ${formatCount(results.isolation.parked)} parked retries`,
      measured: drop > 0 ? `${(drop * 100).toFixed(1)} % drop ${against}` : `no drop (${(-drop * 100).toFixed(1)} % more ${against})`,
      verdict: verdict(drop < 0.1, `${((drop - 0.1) * 100).toFixed(1)} points`),
    });
  }
  if (hookstream) {
    const peaks = { ...hookstream.peakRss };
    for (const [name, mb] of Object.entries(results.isolation?.peakRss ?? {})) peaks[name] = Math.max(peaks[name] ?? 0, mb);
    const largest = Object.entries(peaks).sort((a, b) => b[1] - a[1])[0];
    if (largest) {
      const [worst, mb] = largest;
      checks.push({ target: 'peak RSS < 200 MB per service', measured: `${Math.round(mb)} MB (${worst}, the largest)`, verdict: verdict(mb < 200, `${Math.round(mb - 200)} MB`) });
    }
  }
  return checks;
}
