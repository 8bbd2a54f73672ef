// The webhook receiver every scenario delivers to, as its own process (so its CPU and memory are its own).
// Paths under /hang/ never get an answer, paths under /fail/ get 400, everything else 200. It records, per
// `run` of the JSON body, when each request arrived and how long after its `sentAt` (publish→receipt).
// Started by receiver-handle.ts with fork(); answers queries over the IPC channel.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monotonicMs } from './bench-clock';
import type { BenchPayload, ReceiverMessage, ReceiverQuery, RunCount, RunStats } from './receiver-protocol';

interface RunRecord {
  receivedAt: number[];
  latencies: number[];
  keys: Set<string>;
}

const runs = new Map<string, RunRecord>();

function record(path: string, body: string, receivedAt: number): void {
  let payload: Partial<BenchPayload>;
  try {
    payload = JSON.parse(body) as Partial<BenchPayload>;
  } catch {
    payload = {};
  }
  const run = typeof payload.run === 'string' ? payload.run : 'unreadable';
  let entry = runs.get(run);
  if (!entry) {
    entry = { receivedAt: [], latencies: [], keys: new Set() };
    runs.set(run, entry);
  }
  entry.receivedAt.push(receivedAt);
  if (typeof payload.sentAt === 'number') entry.latencies.push(receivedAt - payload.sentAt);
  entry.keys.add(`${payload.i}:${path}`);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const path = req.url ?? '/';
    record(path, Buffer.concat(chunks).toString('utf8'), monotonicMs());
    if (path.startsWith('/hang/')) return;
    res.writeHead(path.startsWith('/fail/') ? 400 : 200, { 'content-type': 'text/plain' }).end('ok');
  });
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

function answer(query: ReceiverQuery): RunCount | RunStats {
  const entry = runs.get(query.run);
  const count = { distinct: entry?.keys.size ?? 0, total: entry?.receivedAt.length ?? 0 };
  if (query.type === 'count') return count;
  // Receipts are pushed in arrival order, so receivedAt is ascending.
  const received = entry?.receivedAt ?? [];
  const inWindow = lowerBound(received, query.to + 1e-9) - lowerBound(received, query.from);
  const sorted = Float64Array.from(entry?.latencies ?? []).sort();
  const values = Array.from(sorted);
  return { ...count, inWindow, p50: percentile(values, 50), p99: percentile(values, 99), max: values.at(-1) ?? Number.NaN };
}

const server = createServer(handle);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  send({ type: 'ready', port });
});
process.on('message', (query: ReceiverQuery) => send({ type: 'reply', id: query.id, result: answer(query) }));
process.on('disconnect', () => process.exit(0));

function send(message: ReceiverMessage): void {
  process.send?.(message);
}
