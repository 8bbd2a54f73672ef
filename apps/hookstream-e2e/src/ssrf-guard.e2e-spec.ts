import type { EndpointOut } from '@hookstream/contracts';
import { HookstreamClient } from './support/hookstream-client';
import { Receiver } from './support/receiver';
import { startAllInOneForTest, type RunningService } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

// Loopback only: with the allowlist at 127.0.0.1/32, listeners on 127.0.0.2 and [::1] stand in for the private
// addresses the guard must refuse. No traffic leaves the machine.
describe('SSRF guard end to end (loopback only)', () => {
  let env: TestEnvironment;
  let hookstream: RunningService;
  let allowed: Receiver;
  let otherLoopback: Receiver;
  let ipv6Loopback: Receiver;
  let client: HookstreamClient;

  beforeAll(async () => {
    env = await TestEnvironment.create({ HOOKSTREAM_SSRF_ALLOW: '127.0.0.1/32' });
    hookstream = await startAllInOneForTest(env.config);
    [allowed, otherLoopback, ipv6Loopback] = await Promise.all([Receiver.start('127.0.0.1'), Receiver.start('127.0.0.2'), Receiver.start('::1')]);
    client = new HookstreamClient(hookstream.url, env.adminToken, env.nats, env.prefix);
  });

  afterAll(async () => {
    await hookstream?.app.close();
    await Promise.all([allowed, otherLoopback, ipv6Loopback].map((receiver) => receiver?.stop()));
    await env?.destroy();
  });

  it('records blocked attempts for 127.0.0.2 and [::1], sends them nothing, and still delivers to the allowlisted address', async () => {
    const app = await client.app('ssrf');
    const endpoints: EndpointOut[] = [];
    for (const receiver of [otherLoopback, ipv6Loopback, allowed]) {
      endpoints.push(await client.endpoint(app.id, { url: receiver.url(), retrySchedule: [] }));
    }
    await client.publish(app.id, { eventType: 'render.completed', eventId: 'ssrf-1', payload: { n: 1 } });

    await waitFor(async () => allowed.requests.length > 0, 10_000, 'the allowed delivery');
    for (const blocked of endpoints.slice(0, 2)) {
      expect(await client.finalStatus(app.id, 'ssrf-1', blocked.id)).toBe('fail');
    }
    const msgId = allowed.requests[0].headers['webhook-id'] as string;
    const attempts = await waitFor(async () => {
      const list = await client.attempts(app.id, msgId);
      return list.length === 3 && list;
    }, 10_000, 'three attempts');
    const byEndpoint = new Map(attempts.map((attempt) => [attempt.endpointId, attempt]));
    expect(byEndpoint.get(endpoints[0].id)).toMatchObject({ responseStatusCode: 0, response: expect.stringMatching(/blocked by SSRF guard: 127\.0\.0\.2 is in a loopback range/) });
    expect(byEndpoint.get(endpoints[1].id)).toMatchObject({ responseStatusCode: 0, response: expect.stringMatching(/blocked by SSRF guard: ::1 is in a loopback range/) });
    expect(byEndpoint.get(endpoints[2].id)).toMatchObject({ responseStatusCode: 200 });
    expect(otherLoopback.requests).toHaveLength(0);
    expect(ipv6Loopback.requests).toHaveLength(0);
  });

  it('checks names after DNS resolution: localhost resolving to a refused address is blocked', async () => {
    const app = await client.app('ssrf-dns');
    const endpoint = await client.endpoint(app.id, { url: otherLoopback.url().replace('127.0.0.2', 'localhost'), retrySchedule: [] });
    await client.publish(app.id, { eventType: 'render.completed', eventId: 'ssrf-dns', payload: { n: 1 } });
    expect(await client.finalStatus(app.id, 'ssrf-dns', endpoint.id)).toBe('fail');
    expect(otherLoopback.requests).toHaveLength(0);
  });
});
