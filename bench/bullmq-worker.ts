// The BullMQ baseline's worker process: what a Node team would write instead of Hookstream. For each job it
// signs like Standard Webhooks (HMAC-SHA256 of "id.timestamp.body", base64, `v1,`), POSTs with undici, writes
// one Postgres row per attempt, and throws on a non-2xx so BullMQ's own retries (exponential backoff) take over.
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Worker, type Job } from 'bullmq';
import { Pool } from 'pg';
import { Agent, request } from 'undici';
import { BULLMQ_QUEUE, type WebhookJob } from './bullmq-job';
import { requiredEnv } from './required-env';

function required(name: string): string {
  return requiredEnv(name, 'bullmq-worker');
}

const concurrency = Number(required('BENCH_WORKER_CONCURRENCY'));
const secret = Buffer.from(required('BENCH_WEBHOOK_SECRET').replace(/^whsec_/, ''), 'base64');
const database = new Pool({ connectionString: required('BENCH_DATABASE_URL'), max: 10 });
const http = new Agent({ connections: concurrency });

async function deliver(job: Job<WebhookJob>): Promise<void> {
  const { msgId, url, body } = job.data;
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', secret).update(`${msgId}.${timestamp}.${body}`).digest('base64');
  const started = performance.now();
  let status = 0;
  let error: string | null = null;
  try {
    const response = await request(url, {
      method: 'POST',
      dispatcher: http,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'bullmq-baseline',
        'webhook-id': msgId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': `v1,${signature}`,
      },
      body,
      headersTimeout: 15_000,
      bodyTimeout: 15_000,
    });
    status = response.statusCode;
    await response.body.dump();
  } catch (cause) {
    error = (cause as Error).message;
  }
  const succeeded = status >= 200 && status < 300;
  await database.query(
    'INSERT INTO attempts (run, msg_id, attempt_number, status_code, succeeded, duration_ms, error) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [job.name, msgId, job.attemptsMade + 1, status, succeeded, Math.round(performance.now() - started), error],
  );
  if (!succeeded) throw new Error(`POST ${url} failed: ${error ?? `status ${status}`}`);
}

const worker = new Worker<WebhookJob>(BULLMQ_QUEUE, deliver, {
  connection: { host: '127.0.0.1', port: Number(required('BENCH_REDIS_PORT')), maxRetriesPerRequest: null },
  concurrency,
});
worker.on('error', (error) => process.stderr.write(`bullmq-worker: ${error.message}\n`));

void worker.waitUntilReady().then(() => process.send?.({ type: 'ready' }));

process.on('SIGTERM', () => {
  void worker
    .close()
    .then(() => database.end())
    .then(() => process.exit(0));
});
