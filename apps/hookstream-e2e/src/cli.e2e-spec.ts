import type { ApplicationOut, EndpointOut, EventTypeOut, ListResponse, MessageAttemptOut, MessageOut } from '@hookstream/contracts';
import { generateSecret } from '@hookstream/signing';
import { useAllInOne } from './support/all-in-one-harness';
import { assertCliBuilt, CliProcess, freePort, runCli, type CliResult } from './support/cli-process';
import { waitFor } from './support/test-environment';

// The real `hookstream` binary (node_modules/.bin, as `npm ci` links it) against the all-in-one launcher.
describe('the hookstream CLI against a running Hookstream', () => {
  const h = useAllInOne();
  const running: CliProcess[] = [];
  let env: Record<string, string>;

  beforeAll(() => {
    assertCliBuilt();
    env = { HOOKSTREAM_URL: h.hookstream.url, HOOKSTREAM_TOKEN: h.env.adminToken };
  });

  afterAll(() => running.forEach((cli) => cli.kill()));

  async function cli(...args: string[]): Promise<CliResult> {
    return runCli(args, env);
  }

  async function json<T>(...args: string[]): Promise<T> {
    const result = await cli(...args, '--json');
    if (result.code !== 0) throw new Error(`hookstream ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  }

  function start(...args: string[]): CliProcess {
    const process = CliProcess.start(args, env);
    running.push(process);
    return process;
  }

  async function attemptsOf(app: string, msg: string): Promise<MessageAttemptOut[]> {
    return (await json<ListResponse<MessageAttemptOut>>('attempts', app, msg)).data;
  }

  it('creates, reads, updates and deletes apps, endpoints and event types (--json)', async () => {
    const app = await json<ApplicationOut>('apps', 'create', 'Renders', '--uid', 'renders', '--retry-schedule', '5,30');
    expect(app).toMatchObject({ id: expect.stringMatching(/^app_/), uid: 'renders', name: 'Renders', retrySchedule: [5, 30] });
    expect(await json<ApplicationOut>('apps', 'update', 'renders', '--name', 'Render farm')).toMatchObject({ id: app.id, name: 'Render farm' });
    expect((await json<ApplicationOut>('apps', 'get', app.id)).name).toBe('Render farm');

    const endpoint = await json<EndpointOut>(
      'endpoints', 'create', 'renders', h.receiver.url('/crud'),
      '--filter-types', 'render.completed', '--retry-schedule', '', '--signature-profile', 'hmac-hex:X-VideoPilot-Signature:sha256=',
    );
    expect(endpoint).toMatchObject({ url: h.receiver.url('/crud'), filterTypes: ['render.completed'], retrySchedule: [], signatureProfiles: [{ type: 'hmac-hex', header: 'X-VideoPilot-Signature', prefix: 'sha256=' }] });
    expect((await json<ListResponse<EndpointOut>>('endpoints', 'list', 'renders')).data.map((ep) => ep.id)).toEqual([endpoint.id]);
    expect(await json<EndpointOut>('endpoints', 'update', 'renders', endpoint.id, '--disabled')).toMatchObject({ id: endpoint.id, disabled: true });

    const { key } = await json<{ key: string }>('endpoints', 'secret', 'renders', endpoint.id);
    expect(key).toMatch(/^whsec_/);
    const rotated = await json<{ key: string }>('endpoints', 'secret', 'renders', endpoint.id, '--rotate');
    expect(rotated.key).toMatch(/^whsec_/);
    expect(rotated.key).not.toBe(key);

    const eventType = await json<EventTypeOut>('event-types', 'create', 'render.completed', '--description', 'A render finished', '--group', 'render');
    expect(eventType).toMatchObject({ name: 'render.completed', description: 'A render finished', groupName: 'render', archived: false });
    expect(await json<EventTypeOut>('event-types', 'update', 'render.completed', '--deprecated')).toMatchObject({ deprecated: true });
    expect((await json<ListResponse<EventTypeOut>>('event-types', 'list')).data.map((type) => type.name)).toContain('render.completed');
    expect(await json<{ deleted: string }>('event-types', 'delete', 'render.completed', '--expunge')).toEqual({ deleted: 'render.completed', expunged: true });
    expect((await cli('event-types', 'get', 'render.completed')).code).toBe(1);

    expect(await json<{ deleted: string }>('endpoints', 'delete', 'renders', endpoint.id)).toEqual({ deleted: endpoint.id });
    expect((await json<ListResponse<EndpointOut>>('endpoints', 'list', 'renders')).data).toEqual([]);
    const scratch = await json<ApplicationOut>('apps', 'create', 'Scratch');
    await json('apps', 'delete', scratch.id);
    const gone = await cli('apps', 'get', scratch.id);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe(`error: GET /api/v1/app/${scratch.id} → 404 not_found: Application "${scratch.id}" not found\n`);
  });

  it('lists apps as a table, and reports an API validation error with its message', async () => {
    await json('apps', 'create', 'Billing', '--uid', 'billing');
    const table = await cli('apps', 'list');
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines.find((line) => line.includes(' id '))).toMatch(/│ id\s+│ uid\s+│ name\s+│ retry schedule \(s\) │ created\s+│/);
    expect(lines.find((line) => line.includes('billing'))).toMatch(/│ app_\w+ │ billing\s+│ Billing\s+│ —/);
    expect(table.stdout).not.toContain('\u001b[');

    const invalid = await cli('endpoints', 'create', 'billing', 'not a url');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^error: POST \/api\/v1\/app\/billing\/endpoint → 422 validation: url: /);
  });

  it('sends an event, shows its attempt, and resends it as a manual attempt', async () => {
    await json('apps', 'create', 'Sends', '--uid', 'sends');
    const endpoint = await json<EndpointOut>('endpoints', 'create', 'sends', h.receiver.url('/sends'));
    const message = await json<MessageOut>('send', 'sends', 'render.completed', '--payload', '{"jobId":"job_a1b2","status":"done"}', '--event-id', 'job_a1b2:done');
    expect(message).toMatchObject({ id: expect.stringMatching(/^msg_/), eventType: 'render.completed', eventId: 'job_a1b2:done', payload: { jobId: 'job_a1b2', status: 'done' } });

    const [first] = await waitFor(async () => {
      const attempts = await attemptsOf('sends', message.id);
      return attempts.length === 1 && attempts;
    }, 20_000, 'the first attempt');
    expect(first).toMatchObject({ msgId: message.id, endpointId: endpoint.id, statusText: 'success', responseStatusCode: 200, triggerType: 0 });
    const table = await cli('attempts', 'sends', 'job_a1b2:done');
    expect(table.stdout).toMatch(new RegExp(`│ ${first.id} │ ${endpoint.id} │ success │ 200\\s+│ \\d+\\s+│ scheduled │`));

    const resend = await cli('resend', 'sends', message.id, endpoint.id);
    expect(resend.code).toBe(0);
    expect(resend.stdout).toContain(`resending ${message.id} to ${endpoint.id}`);
    const attempts = await waitFor(async () => {
      const found = await attemptsOf('sends', message.id);
      return found.length === 2 && found;
    }, 20_000, 'the manual attempt');
    expect(attempts[1]).toMatchObject({ statusText: 'success', triggerType: 1 });
    expect(h.receiver.requests.filter((request) => request.path === '/sends')).toHaveLength(2);
  });

  it('recovers failed deliveries, following the task with progress lines on a non-terminal', async () => {
    let down = true;
    h.receiver.respondWith((request) => (request.path === '/flaky' && down ? { status: 503, body: 'down' } : { status: 200, body: 'ok' }));
    await json('apps', 'create', 'Recovers', '--uid', 'recovers');
    const endpoint = await json<EndpointOut>('endpoints', 'create', 'recovers', h.receiver.url('/flaky'), '--retry-schedule', '');
    const sent: MessageOut[] = [];
    for (const job of ['job_1', 'job_2', 'job_3']) sent.push(await json<MessageOut>('send', 'recovers', 'render.completed', '--payload', JSON.stringify({ job })));
    await waitFor(async () => {
      const failed = await Promise.all(sent.map(async (message) => (await attemptsOf('recovers', message.id)).some((attempt) => attempt.statusText === 'fail')));
      return failed.every(Boolean);
    }, 30_000, 'three failed deliveries');

    down = false;
    const recover = await cli('recover', 'recovers', endpoint.id, '--since', '10m');
    expect(recover.code).toBe(0);
    expect(recover.stdout).toMatch(/^recover qtask_\w+ finished: 3 message\(s\) resent to ep_\w+\n$/);
    const progressLines = recover.stderr.split('\n').filter((line) => line.startsWith('recover qtask_'));
    expect(progressLines.length).toBeGreaterThanOrEqual(1);
    expect(progressLines[progressLines.length - 1]).toMatch(/^recover qtask_\w+ \[#{30}\] 3\/3$/);
    expect(recover.stderr).not.toMatch(/[\r\u001b]/);
    await waitFor(async () => {
      const statuses = await Promise.all(sent.map(async (message) => (await attemptsOf('recovers', message.id)).map((attempt) => attempt.statusText)));
      return statuses.every((texts) => texts.includes('success'));
    }, 30_000, 'the recovered deliveries to succeed');
  });

  it('tails live deliveries until Ctrl-C', async () => {
    await json('apps', 'create', 'Tails', '--uid', 'tails');
    const endpoint = await json<EndpointOut>('endpoints', 'create', 'tails', h.receiver.url('/tails'));
    const tail = start('tail', 'tails');
    await tail.waitForOutput(/tailing deliveries of tails/);
    const message = await json<MessageOut>('send', 'tails', 'render.started', '--payload', '{"job":"live"}');
    await tail.waitForOutput(new RegExp(`${message.id}  → ${endpoint.id}  success\\s+ attempt 1, HTTP 200`));
    expect(await tail.interrupt()).toBe(0);
  });

  it('listens for a real delivery and verifies its signatures; a wrong secret fails and answers 401', async () => {
    await json('apps', 'create', 'Listens', '--uid', 'listens');
    const secret = generateSecret();
    const [goodPort, badPort] = [await freePort(), await freePort()];
    const profile = 'hmac-hex:X-VideoPilot-Signature:sha256=';
    const good = await json<EndpointOut>('endpoints', 'create', 'listens', `http://127.0.0.1:${goodPort}/webhook`, '--secret', secret, '--signature-profile', profile);
    const bad = await json<EndpointOut>('endpoints', 'create', 'listens', `http://127.0.0.1:${badPort}/webhook`, '--secret', generateSecret(), '--retry-schedule', '');
    const listening = start('listen', String(goodPort), '--secret', secret, '--signature-profile', profile);
    const wrongSecret = start('listen', String(badPort), '--secret', secret);
    await listening.waitForOutput(/listening on http:\/\/127\.0\.0\.1:\d+/);
    await wrongSecret.waitForOutput(/listening on http:\/\/127\.0\.0\.1:\d+/);

    const message = await json<MessageOut>('send', 'listens', 'render.completed', '--payload', '{"type":"render.completed","render_job_id":"render_789xyz"}');
    await listening.waitForOutput(/answered 200/);
    expect(listening.stdout).toMatch(new RegExp(`^id\\s+${message.id}$`, 'm'));
    expect(listening.stdout).toMatch(/^type\s+render\.completed$/m);
    expect(listening.stdout).toContain('✔ standard-webhooks (webhook-signature) verified');
    expect(listening.stdout).toContain('✔ hmac-hex (x-videopilot-signature) verified');
    expect(listening.stdout).toContain('"render_job_id": "render_789xyz"');

    await wrongSecret.waitForOutput(/answered 401/);
    expect(wrongSecret.stdout).toContain('✘ standard-webhooks (webhook-signature) failed: no matching signature in webhook-signature');

    const attempts = await waitFor(async () => {
      const found = await attemptsOf('listens', message.id);
      return found.length === 2 && found;
    }, 20_000, 'both attempts recorded');
    expect(attempts.find((attempt) => attempt.endpointId === good.id)).toMatchObject({ statusText: 'success', responseStatusCode: 200 });
    expect(attempts.find((attempt) => attempt.endpointId === bad.id)).toMatchObject({ statusText: 'fail', responseStatusCode: 401 });
    expect(await listening.interrupt()).toBe(0);
    expect(await wrongSecret.interrupt()).toBe(0);
  });
});
