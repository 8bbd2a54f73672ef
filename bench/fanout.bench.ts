// One event to FANOUT_ENDPOINTS (default 10,000) endpoints on one app, all served by one local receiver on
// different paths, through the all-in-one launcher on the machine's NATS and Postgres. Reports the time to
// accept (REST 202: message recorded, every task published) and until the receiver has every delivery.
// Run: npx jest -c bench/jest.fanout.config.js
import { HookstreamClient } from '../apps/hookstream-e2e/src/support/hookstream-client';
import { createFanOutEndpoints, fanOutPathsReached } from '../apps/hookstream-e2e/src/support/fan-out';
import { Receiver } from '../apps/hookstream-e2e/src/support/receiver';
import { startAllInOneForTest } from '../apps/hookstream-e2e/src/support/services';
import { TestEnvironment, waitFor } from '../apps/hookstream-e2e/src/support/test-environment';

const ENDPOINTS = Number(process.env.FANOUT_ENDPOINTS ?? 10_000);

it(`fans one event out to ${ENDPOINTS} endpoints`, async () => {
  const env = await TestEnvironment.create({ LOG_LEVEL: 'error' });
  const hookstream = await startAllInOneForTest(env.config);
  const receiver = await Receiver.start();
  try {
    const client = new HookstreamClient(hookstream.url, env.config.adminToken, env.nats, env.prefix);
    const app = await client.app('FanOutBench');
    const setup = Date.now();
    await createFanOutEndpoints(client, app.id, receiver, 'fan', ENDPOINTS);
    const setupMs = Date.now() - setup;

    const started = Date.now();
    const accepted = await client.api.request<{ id: string }>('POST', `/api/v1/app/${app.id}/msg`, { eventType: 'render.completed', payload: { jobId: 'job_fan' } });
    const acceptedMs = Date.now() - started;
    let firstMs = 0;
    await waitFor(async () => {
      const reached = fanOutPathsReached(receiver, 'fan', accepted.body.id);
      if (reached > 0 && firstMs === 0) firstMs = Date.now() - started;
      return reached === ENDPOINTS;
    }, 600_000, `${ENDPOINTS} deliveries`);
    const deliveredMs = Date.now() - started;
    process.stdout.write(
      [
        `| endpoints | ${ENDPOINTS} |`,
        `| creating the endpoints (REST, 32 at a time) | ${(setupMs / 1000).toFixed(1)} s |`,
        `| accepted (202: message recorded, ${ENDPOINTS} tasks published) | ${acceptedMs} ms |`,
        `| first delivery received | ${firstMs} ms |`,
        `| every delivery received | ${(deliveredMs / 1000).toFixed(1)} s (${Math.round(ENDPOINTS / (deliveredMs / 1000))}/s) |`,
      ].join('\n') + '\n',
    );
  } finally {
    await hookstream.app.close();
    await receiver.stop();
    await env.destroy();
  }
});
