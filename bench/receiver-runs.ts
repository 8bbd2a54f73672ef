import type { BenchPayload, ReceiverQuery, RunCount, RunStats } from './receiver-protocol';

interface RunRecord {
  receivedAt: number[];
  latencies: number[];
  keys: Set<string>;
}

/**
 * What the receiver got, per `run` of the JSON body: when each request arrived, how long after its `sentAt`, and
 * which (i, path) pairs it saw. A run is kept until the driver says it is done with it, so what the receiver holds
 * is the runs under way, not every request of every system measured before (the ceiling alone sends ~390,000).
 */
export class ReceiverRuns {
  private readonly runs = new Map<string, RunRecord>();

  record(path: string, body: string, receivedAt: number): void {
    const payload = parsed(body);
    const run = typeof payload.run === 'string' ? payload.run : 'unreadable';
    let entry = this.runs.get(run);
    if (!entry) {
      entry = { receivedAt: [], latencies: [], keys: new Set() };
      this.runs.set(run, entry);
    }
    entry.receivedAt.push(receivedAt);
    if (typeof payload.sentAt === 'number') entry.latencies.push(receivedAt - payload.sentAt);
    entry.keys.add(`${payload.i}:${path}`);
  }

  answer(query: ReceiverQuery): RunCount | RunStats {
    const entry = this.runs.get(query.run);
    const count = { distinct: entry?.keys.size ?? 0, total: entry?.receivedAt.length ?? 0 };
    if (query.type === 'forget') this.runs.delete(query.run);
    if (query.type !== 'stats') return count;
    // Receipts are pushed in arrival order, so receivedAt is ascending.
    const received = entry?.receivedAt ?? [];
    const inWindow = lowerBound(received, query.to + 1e-9) - lowerBound(received, query.from);
    const values = Array.from(Float64Array.from(entry?.latencies ?? []).sort());
    return { ...count, inWindow, p50: percentile(values, 50), p99: percentile(values, 99), max: values.at(-1) ?? Number.NaN };
  }
}

function parsed(body: string): Partial<BenchPayload> {
  try {
    return JSON.parse(body) as Partial<BenchPayload>;
  } catch {
    return {};
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Index of the first element ≥ value in an ascending array. */
function lowerBound(values: number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (values[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
