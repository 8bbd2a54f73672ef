import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { headers as natsHeaders, type Subscription } from 'nats';
import { CONSUMER_NAMES, logEventsOf, streamNames, Subjects, type AttemptRecord, type LogMessageBody } from '@hookstream/contracts';
import { parseTraceparent, type TraceContext } from '@hookstream/platform';
import { useAllInOne } from './support/all-in-one-harness';
import { assertBuilt, builtMain } from './support/child-service';
import { HookstreamClient } from './support/hookstream-client';
import { scrapeMetrics, sampleOf, type Sample } from './support/prometheus-text';
import { Receiver, type Answer, type ReceivedRequest } from './support/receiver';
import { startAllButDispatcher, type RunningService } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';

const W3C_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const W3C_PARENT_ID = '00f067aa0ba902b7';

const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}) => sampleOf(samples, name, labels)?.value ?? 0;

function traceOf(request: ReceivedRequest): TraceContext {
  const trace = parseTraceparent(request.headers.traceparent as string | undefined, request.headers.tracestate as string | undefined);
  if (!trace) throw new Error(`the POST carried no valid traceparent: ${String(request.headers.traceparent)}`);
  return trace;
}

describe('observability: /metrics and trace context (all-in-one)', () => {
  const harness = useAllInOne();
  const answers = new Map<string, () => Answer>();
  const received = (path: string) => harness.receiver.requests.filter((request) => request.path === path);

  beforeAll(() => {
    harness.receiver.respondWith((request) => answers.get(request.path)?.() ?? { status: 200 });
  });

  async function endpointFor(path: string, answer: () => Answer, settings: Record<string, unknown> = {}): Promise<{ appId: string; endpointId: string }> {
    answers.set(path, answer);
    const app = await harness.client.app(path);
    const endpoint = await harness.client.endpoint(app.id, { url: harness.receiver.url(path), ...settings });
    return { appId: app.id, endpointId: endpoint.id };
  }

  function postMessage(appId: string, envelope: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${harness.hookstream.url}/api/v1/app/${appId}/msg`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.env.adminToken}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(envelope),
    });
  }

  it('moves the attempt counters and latency histogram, and reports consumer lag, parked tasks and circuits', async () => {
    const before = await scrapeMetrics(harness.hookstream.url);
    const ok = await endpointFor('/metrics-ok', () => ({ status: 200 }));
    // Five quick failures open the circuit (threshold 5); the sixth attempt stays parked for about half a minute,
    // on the consumer of tasks due soon (under a minute, whatever the jitter).
    const down = await endpointFor('/metrics-down', () => ({ status: 500, body: 'down' }), { retrySchedule: [0.1, 0.1, 0.1, 0.1, 30] });
    await harness.client.publish(ok.appId, { eventType: 'render.completed', payload: { n: 1 } });
    await harness.client.publish(down.appId, { eventType: 'render.completed', payload: { n: 2 } });
    await waitFor(async () => received('/metrics-ok').length >= 1 && received('/metrics-down').length >= 5, 20_000, 'one success and five failures');

    const stream = streamNames(new Subjects(harness.env.prefix));
    const after = await waitFor(async () => {
      const samples = await scrapeMetrics(harness.hookstream.url);
      return valueOf(samples, 'hookstream_parked_tasks', { stream: stream.deliveries }) >= 1 && samples;
    }, 10_000, 'the parked retry on /metrics');

    const moved = (name: string, labels: Record<string, string> = {}) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(moved('hookstream_delivery_attempts_total', { outcome: 'succeeded' })).toBeGreaterThanOrEqual(1);
    expect(moved('hookstream_delivery_attempts_total', { outcome: 'failed' })).toBeGreaterThanOrEqual(5);
    expect(moved('hookstream_delivery_attempt_duration_seconds_count')).toBeGreaterThanOrEqual(6);
    expect(moved('hookstream_deliveries_parked_total', { reason: 'retry' })).toBeGreaterThanOrEqual(5);
    // Where each message's time went, per hop: in its stream, then in the worker; the dispatcher's signing apart.
    expect(moved('hookstream_consumer_wait_seconds_count', { consumer: CONSUMER_NAMES.ingest })).toBeGreaterThanOrEqual(2);
    expect(moved('hookstream_consumer_handle_seconds_count', { consumer: CONSUMER_NAMES.ingest })).toBeGreaterThanOrEqual(2);
    expect(moved('hookstream_consumer_wait_seconds_count', { consumer: CONSUMER_NAMES.dispatcher })).toBeGreaterThanOrEqual(2);
    expect(moved('hookstream_consumer_handle_seconds_count', { consumer: CONSUMER_NAMES.dispatcherRetries })).toBeGreaterThanOrEqual(4);
    expect(moved('hookstream_delivery_prepare_seconds_count')).toBeGreaterThanOrEqual(6);

    const owned: Array<[string, string]> = [
      [stream.events, CONSUMER_NAMES.ingest],
      [stream.bindings, CONSUMER_NAMES.ingestBindings],
      [stream.log, CONSUMER_NAMES.ingestEndpointHealth],
      [stream.deliveries, CONSUMER_NAMES.dispatcher],
      [stream.deliveries, CONSUMER_NAMES.dispatcherRetries],
      [stream.deliveries, CONSUMER_NAMES.dispatcherLater],
      [stream.advisories, CONSUMER_NAMES.dispatcherDeadLetters],
      [stream.log, CONSUMER_NAMES.deliveryLog],
    ];
    for (const [streamName, consumer] of owned) {
      expect(sampleOf(after, 'hookstream_consumer_lag_messages', { stream: streamName, consumer })).toBeDefined();
    }
    // The parked retry is the retries consumer's backlog: lag and the parked gauge agree on it.
    expect(valueOf(after, 'hookstream_consumer_lag_messages', { stream: stream.deliveries, consumer: CONSUMER_NAMES.dispatcherRetries })).toBeGreaterThanOrEqual(1);

    expect(valueOf(after, 'hookstream_circuit_endpoints', { state: 'open' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(after, 'hookstream_circuit_endpoints', { state: 'closed' })).toBeGreaterThanOrEqual(1);
    expect(sampleOf(after, 'hookstream_circuit_endpoints', { state: 'half-open' })).toBeDefined();
    expect(moved('hookstream_circuit_transitions_total', { state: 'open' })).toBeGreaterThanOrEqual(1);
    // The process's own metrics stay, the event loop's lag (sampled every 100 ms) among them.
    expect(sampleOf(after, 'nodejs_eventloop_lag_p99_seconds')).toBeDefined();
    expect(valueOf(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  }, 60_000);

  it('keeps the trace of a NATS traceparent header: same trace id on the POST, a new span id, on every retry', async () => {
    const statuses = [500, 200];
    const { appId } = await endpointFor('/trace-nats', () => ({ status: statuses.shift() ?? 200 }), { retrySchedule: [0.1] });
    const attempts: AttemptRecord[] = [];
    const subscription: Subscription = harness.env.nats.subscribe(new Subjects(harness.env.prefix).log(appId, 'attempt.made'), {
      callback: (_, msg) => {
        for (const event of logEventsOf(msg.json<LogMessageBody>())) if (event.type === 'attempt.made') attempts.push(event.attempt);
      },
    });
    const headers = natsHeaders();
    headers.set('traceparent', `00-${W3C_TRACE_ID}-${W3C_PARENT_ID}-01`);
    headers.set('tracestate', 'congo=t61rcWkgMzE');
    await harness.env.nats.jetstream().publish(`${harness.env.prefix}.events.${appId}`, JSON.stringify({ eventType: 'render.completed', payload: { n: 1 } }), {
      headers,
    });

    const posts = await waitFor(async () => received('/trace-nats').length >= 2 && received('/trace-nats'), 15_000, 'the POST and its retry');
    const traces = posts.map(traceOf);
    expect(traces.map((trace) => trace.traceId)).toEqual([W3C_TRACE_ID, W3C_TRACE_ID]);
    expect(traces.map((trace) => trace.tracestate)).toEqual(['congo=t61rcWkgMzE', 'congo=t61rcWkgMzE']);
    expect(new Set([W3C_PARENT_ID, ...traces.map((trace) => trace.spanId)]).size).toBe(3);

    await waitFor(async () => attempts.length >= 2, 5000, 'both attempt.made events');
    expect(attempts.map((attempt) => attempt.traceId)).toEqual([W3C_TRACE_ID, W3C_TRACE_ID]);
    subscription.unsubscribe();
  }, 30_000);

  it('keeps the trace of a REST traceparent header, and starts a fresh valid one without it', async () => {
    const { appId } = await endpointFor('/trace-rest', () => ({ status: 200 }));
    const traced = await postMessage(appId, { eventType: 'render.completed', payload: { n: 1 } }, { traceparent: `00-${W3C_TRACE_ID}-${W3C_PARENT_ID}-01` });
    expect(traced.status).toBe(202);
    const [first] = await waitFor(async () => received('/trace-rest').length >= 1 && received('/trace-rest'), 10_000, 'the traced POST');
    expect(traceOf(first).traceId).toBe(W3C_TRACE_ID);
    expect(traceOf(first).spanId).not.toBe(W3C_PARENT_ID);

    const invalid = await postMessage(appId, { eventType: 'render.completed', payload: { n: 2 } }, { traceparent: `00-${'0'.repeat(32)}-${W3C_PARENT_ID}-01` });
    const absent = await postMessage(appId, { eventType: 'render.completed', payload: { n: 3 } });
    expect([invalid.status, absent.status]).toEqual([202, 202]);
    const [, ...fresh] = await waitFor(async () => received('/trace-rest').length >= 3 && received('/trace-rest'), 10_000, 'the untraced POSTs');
    for (const request of fresh) {
      expect(request.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(traceOf(request).traceId).not.toBe(W3C_TRACE_ID);
    }
    expect(traceOf(fresh[0]).traceId).not.toBe(traceOf(fresh[1]).traceId);
  }, 30_000);
});

describe('observability: the dispatcher logs JSON lines with ids and no secrets', () => {
  const ENDPOINT_SECRET = `whsec_${Buffer.from('observability-e2e-secret').toString('base64')}`;
  const HEADER_SECRET = 'Bearer endpoint-header-secret-e2e';
  let env: TestEnvironment;
  let services: RunningService[] = [];
  let dispatcher: ChildProcess | null = null;
  let receiver: Receiver;
  const lines: string[] = [];

  beforeAll(async () => {
    assertBuilt('dispatcher');
    env = await TestEnvironment.create();
    services = await startAllButDispatcher(env.config);
    receiver = await Receiver.start();
    dispatcher = spawn(process.execPath, [builtMain('dispatcher')], {
      env: {
        ...process.env,
        NATS_URL: env.config.natsUrl,
        DATABASE_URL: env.config.databaseUrl,
        HOOKSTREAM_PREFIX: env.prefix,
        HOOKSTREAM_SSRF_ALLOW: '127.0.0.1/32',
        HOOKSTREAM_ADMIN_TOKEN: env.adminToken,
        PORT: '0',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: dispatcher.stdout as NodeJS.ReadableStream }).on('line', (line) => lines.push(line));
  });

  afterAll(async () => {
    dispatcher?.kill('SIGKILL');
    for (const service of services) await service.app.close();
    await receiver?.stop();
    await env?.destroy();
  });

  it('logs each attempt with msgId, appId, endpointId and traceId, and never the secret or header values', async () => {
    const client = new HookstreamClient(services[1].url, env.adminToken, env.nats, env.prefix);
    const app = await client.app('logs');
    const endpoint = await client.endpoint(app.id, { url: receiver.url('/logs'), secret: ENDPOINT_SECRET, headers: { 'x-api-key': HEADER_SECRET } });
    await client.publish(app.id, { eventType: 'render.completed', payload: { n: 1 } });

    const request = await waitFor(async () => receiver.requests[0], 30_000, 'the POST from the spawned dispatcher');
    expect(request.headers['x-api-key']).toBe(HEADER_SECRET);
    const attemptLine = await waitFor(async () => {
      const parsed = lines.flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
      return parsed.find((entry) => entry.msg === 'attempt made' && entry.msgId === request.headers['webhook-id']);
    }, 10_000, 'the attempt log line');

    expect(attemptLine).toMatchObject({ level: 30, appId: app.id, endpointId: endpoint.id, outcome: 'succeeded', status: 200, traceId: traceOf(request).traceId });
    const everything = lines.join('\n');
    expect(everything).not.toContain(ENDPOINT_SECRET.slice('whsec_'.length));
    expect(everything).not.toContain(HEADER_SECRET);
    expect(everything).not.toContain(env.adminToken);
    expect(everything).not.toContain(request.headers['webhook-signature'] as string);
  }, 60_000);
});
