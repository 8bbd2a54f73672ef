import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { BenchDatabase } from './bench-database';
import { BULLMQ_JOB_OPTIONS, BULLMQ_QUEUE, type WebhookJob } from './bullmq-job';
import type { SystemUnderTest } from './load-drivers';
import { ManagedProcess } from './managed-process';
import { benchPayload } from './receiver-protocol';
import type { ReceiverHandle } from './receiver-handle';
import { RedisServer } from './redis-server';

export interface BullmqSettings {
  databaseAdminUrl: string;
  workers: number;
  /** Jobs in flight across all workers. */
  concurrency: number;
  logDir: string;
}

/** The baseline: BullMQ on a redis-server of its own, worker processes (bullmq-worker.ts), one Postgres row per attempt. */
export class BullmqBaseline implements SystemUnderTest {
  readonly name = 'BullMQ baseline';
  readonly inFlight = 'receipt';

  private constructor(
    private readonly redis: RedisServer,
    private readonly database: BenchDatabase,
    private readonly workers: ManagedProcess[],
    private readonly queue: Queue<WebhookJob>,
    private readonly url: string,
  ) {}

  static async start(receiver: ReceiverHandle, settings: BullmqSettings): Promise<BullmqBaseline> {
    const redis = await RedisServer.start(settings.logDir);
    let database: BenchDatabase | null = null;
    const workers: ManagedProcess[] = [];
    try {
      database = await BenchDatabase.create(settings.databaseAdminUrl, 'hs_bench_bullmq');
      await database.pool.query(`CREATE TABLE attempts (
        id bigserial PRIMARY KEY, run text NOT NULL, msg_id text NOT NULL, attempt_number int NOT NULL, status_code int NOT NULL,
        succeeded boolean NOT NULL, duration_ms int NOT NULL, error text, created_at timestamptz NOT NULL DEFAULT now())`);
      const env = {
        ...process.env,
        BENCH_REDIS_PORT: String(redis.port),
        BENCH_DATABASE_URL: database.url,
        BENCH_WORKER_CONCURRENCY: String(Math.max(1, Math.round(settings.concurrency / settings.workers))),
        BENCH_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
      };
      for (let n = 1; n <= settings.workers; n += 1) {
        workers.push(ManagedProcess.fork(`bullmq-worker-${n}`, join(__dirname, 'bullmq-worker.js'), env, join(settings.logDir, `bullmq-worker-${n}.log`)));
      }
      await Promise.all(workers.map((worker) => worker.ready(15_000, 'connect to Redis')));
      const queue = new Queue<WebhookJob>(BULLMQ_QUEUE, { connection: { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null } });
      return new BullmqBaseline(redis, database, workers, queue, receiver.url('/bullmq'));
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.stop()));
      await database?.drop();
      await redis.stop();
      throw error;
    }
  }

  async send(run: string, i: number, sentAt: number): Promise<void> {
    await this.queue.add(run, { msgId: `msg_${run}_${i}`, url: this.url, body: JSON.stringify(benchPayload(run, i, sentAt)) }, BULLMQ_JOB_OPTIONS);
  }

  async recorded(run: string): Promise<number> {
    const { rows } = await this.database.pool.query<{ n: string }>('SELECT count(DISTINCT msg_id) AS n FROM attempts WHERE run = $1 AND succeeded', [run]);
    return Number(rows[0].n);
  }

  assertRunning(): void {
    this.redis.process.assertRunning();
    for (const worker of this.workers) worker.assertRunning();
  }

  pids(): Record<string, number> {
    return Object.fromEntries([...this.workers, this.redis.process].map((managed) => [managed.name, managed.pid]));
  }

  /** Peak RSS per process, in MB. */
  peakRss(): Record<string, number> {
    const rss: Record<string, number> = {};
    for (const worker of this.workers) rss[worker.name] = worker.peakRssMb();
    rss['redis-server'] = this.redis.process.peakRssMb();
    return rss;
  }

  async stop(): Promise<void> {
    await this.queue.close();
    await Promise.all(this.workers.map((worker) => worker.stop()));
    await this.redis.stop();
    await this.database.drop();
  }
}
