/** What the bench driver and the receiver process say to each other over Node's IPC channel. */

/** The JSON body every scenario POSTs or publishes: the receiver reads `run`, `i` and `sentAt` from it. */
export interface BenchPayload {
  run: string;
  i: number;
  /** `monotonicMs()` when the driver sent or published it. */
  sentAt: number;
  jobId: string;
  status: string;
  outputUrl: string;
  progress: number;
}

export function benchPayload(run: string, i: number, sentAt: number): BenchPayload {
  return { run, i, sentAt, jobId: `job_${i}`, status: 'done', outputUrl: `https://cdn.example/v/${run}/${i}.mp4`, progress: 100 };
}

export type ReceiverQuery =
  | { type: 'count'; id: number; run: string }
  | { type: 'stats'; id: number; run: string; from: number; to: number }
  /** The run's last count; the receiver then drops what it kept of it. */
  | { type: 'forget'; id: number; run: string };

export interface RunCount {
  /** Distinct (i, path) pairs: a redelivered duplicate counts once. */
  distinct: number;
  total: number;
}

export interface RunStats extends RunCount {
  /** Requests received in [from, to]. */
  inWindow: number;
  p50: number;
  p99: number;
  max: number;
}

export type ReceiverMessage = { type: 'ready'; port: number } | { type: 'reply'; id: number; result: RunCount | RunStats };
