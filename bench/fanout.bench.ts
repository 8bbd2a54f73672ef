// One event to FANOUT_ENDPOINTS (default 10,000) endpoints on one app, all served by one local receiver on
// different paths, through the four services as separate processes from dist/ (as `npm run bench` runs them, with
// the image's node flags) on the machine's NATS and Postgres. Reports the time to accept (REST 202: message
// recorded, every task published) and until the receiver has every delivery.
// Run: npx nx run-many -t build -p ingest signer dispatcher delivery-log && npx jest -c bench/jest.fanout.config.js
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HookstreamClient } from '../apps/hookstream-e2e/src/support/hookstream-client';
import { createFanOutEndpoints, fanOutPathsReached } from '../apps/hookstream-e2e/src/support/fan-out';
import { Receiver } from '../apps/hookstream-e2e/src/support/receiver';
import { waitFor } from '../apps/hookstream-e2e/src/support/test-environment';
import { IMAGE_SERVICE_NODE_FLAGS } from './bench-config';
import { HookstreamServices } from './hookstream-services';

const ENDPOINTS = Number(process.env.FANOUT_ENDPOINTS ?? 10_000);

it(`fans one event out to ${ENDPOINTS} endpoints`, async () => {
  const hookstream = await HookstreamServices.start({
    natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    databaseAdminUrl: process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    logDir: mkdtempSync(join(tmpdir(), 'hookstream-fanout-')),
    logLevel: 'error',
    nodeArgs: process.env.BENCH_SERVICE_NODE_ARGS ?? IMAGE_SERVICE_NODE_FLAGS,
  });
  const receiver = await Receiver.start();
  try {
    const client = new HookstreamClient(hookstream.ingestUrl, hookstream.adminToken, hookstream.nats, hookstream.prefix);
    const app = await client.app('FanOutBench');
    const setup = Date.now();
    await createFanOutEndpoints(client, app.id, receiver, 'fan', ENDPOINTS);
    const setupMs = Date.now() - setup;

    const started = Date.now();
    const accepted = await client.api.request<{ id: string }>('POST', `/api/v1/app/${app.id}/msg`, { eventType: 'render.completed', payload: { jobId: 'job_fan' } });
    const acceptedMs = Date.now() - started;
    await waitFor(async () => {
      hookstream.assertRunning();
      return fanOutPathsReached(receiver, 'fan', accepted.body.id) === ENDPOINTS;
    }, 600_000, `${ENDPOINTS} deliveries`);
    const arrivals = receiver.requests.filter((request) => request.headers['webhook-id'] === accepted.body.id).map((request) => request.receivedAt);
    const firstMs = Math.min(...arrivals) - started;
    const deliveredMs = Math.max(...arrivals) - started;
    process.stdout.write(
      [
        `| endpoints | ${ENDPOINTS} |`,
        `| creating the endpoints (REST, 32 at a time) | ${(setupMs / 1000).toFixed(1)} s |`,
        `| accepted (202: message recorded, ${ENDPOINTS} tasks published) | ${acceptedMs} ms |`,
        `| first delivery received | ${firstMs} ms |`,
        `| every delivery received | ${(deliveredMs / 1000).toFixed(1)} s (${Math.round(ENDPOINTS / (deliveredMs / 1000))}/s) |`,
        `| peak RSS per service | ${Object.entries(hookstream.peakRss()).map(([name, mb]) => `${name} ${Math.round(mb)} MB`).join(', ')} |`,
      ].join('\n') + '\n',
    );
  } finally {
    await hookstream.stop();
    await receiver.stop();
  }
});
