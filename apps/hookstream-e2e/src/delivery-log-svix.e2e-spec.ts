import { BackgroundTaskStatus, MessageAttemptTriggerType, MessageStatus, StatusCodeClass, Svix } from 'svix';
import { AdminApi } from './support/admin-api';
import { svixStatus } from './support/svix-status';
import { Receiver } from './support/receiver';
import { startAllInOneForTest, type RunningService } from './support/services';
import { TestEnvironment, waitFor } from './support/test-environment';


describe('delivery-log through the official svix client', () => {
  let env: TestEnvironment;
  let hookstream: RunningService;
  let receiver: Receiver;
  let svix: Svix;
  let appId: string;
  let okEp: string;
  let badEp: string;
  let failing = true;
  const sent: string[] = [];

  beforeAll(async () => {
    env = await TestEnvironment.create();
    hookstream = await startAllInOneForTest(env.config);
    receiver = await Receiver.start();
    receiver.respondWith((request) => (request.path === '/bad' && failing ? { status: 500, body: 'down' } : { status: 200, body: 'ok' }));
    svix = new Svix(env.adminToken, { serverUrl: hookstream.url });
    appId = (await svix.application.create({ name: 'Renders', uid: 'renders' })).id;
    okEp = (await svix.endpoint.create(appId, { url: receiver.url('/ok') })).id;
    // retrySchedule is Hookstream's extension, which the svix client does not send: created over plain REST.
    const api = new AdminApi(hookstream.url, env.adminToken);
    badEp = (await api.request<{ id: string }>('POST', `/api/v1/app/${appId}/endpoint`, { url: receiver.url('/bad'), retrySchedule: [] })).body.id;
    for (const [i, eventType] of ['render.started', 'render.completed', 'render.completed'].entries()) {
      const message = await svix.message.create(appId, { eventType, eventId: `job_${i}`, payload: { job: i }, channels: [`project.${i % 2}`] });
      sent.push(message.id);
    }
    await waitFor(async () => {
      const stats = await svix.endpoint.getStats(appId, badEp);
      return stats.fail === 3 && (await svix.endpoint.getStats(appId, okEp)).success === 3;
    }, 40_000, 'three successes and three exhausted failures');
  });

  afterAll(async () => {
    await hookstream?.app.close();
    await receiver?.stop();
    await env?.destroy();
  });

  it('lists messages newest first with iterator pagination and event type, channel and time filters', async () => {
    const first = await svix.message.list(appId, { limit: 2 });
    expect(first.data.map((m) => m.id)).toEqual([sent[2], sent[1]]);
    expect(first.done).toBe(false);
    const second = await svix.message.list(appId, { limit: 2, iterator: first.iterator });
    expect(second.data.map((m) => m.id)).toEqual([sent[0]]);
    expect(second.done).toBe(true);
    expect((await svix.message.list(appId, { eventTypes: ['render.started'] })).data.map((m) => m.id)).toEqual([sent[0]]);
    expect((await svix.message.list(appId, { channel: 'project.1' })).data.map((m) => m.id)).toEqual([sent[1]]);
    expect((await svix.message.list(appId, { before: new Date(Date.now() - 3_600_000) })).data).toEqual([]);
    expect((await svix.message.list(appId, { after: new Date(Date.now() - 3_600_000) })).data).toHaveLength(3);
    const withoutContent = await svix.message.list(appId, { withContent: false });
    expect(withoutContent.data[0].payload).toEqual({});
    expect((await svix.message.get(appId, 'job_1')).payload).toEqual({ job: 1 });
  });

  it('lists attempts by message and by endpoint with status, status code class and event type filters, and gets one', async () => {
    const byMsg = await svix.messageAttempt.listByMsg(appId, sent[0]);
    expect(byMsg.data).toHaveLength(2); // one success, one failure (no retries) to the bad endpoint
    expect((await svix.messageAttempt.listByMsg(appId, sent[0], { status: MessageStatus.Fail })).data).toHaveLength(1);
    const byEp = await svix.messageAttempt.listByEndpoint(appId, badEp);
    expect(byEp.data).toHaveLength(3);
    expect(byEp.data.every((a) => a.responseStatusCode === 500 && a.status === MessageStatus.Fail)).toBe(true);
    expect((await svix.messageAttempt.listByEndpoint(appId, badEp, { statusCodeClass: StatusCodeClass.Code5xx })).data).toHaveLength(3);
    expect((await svix.messageAttempt.listByEndpoint(appId, badEp, { statusCodeClass: StatusCodeClass.Code2xx })).data).toHaveLength(0);
    expect((await svix.messageAttempt.listByEndpoint(appId, okEp, { eventTypes: ['render.completed'] })).data).toHaveLength(2);
    expect((await svix.messageAttempt.listByEndpoint(appId, okEp, { status: MessageStatus.Success, limit: 1 })).done).toBe(false);
    const one = await svix.messageAttempt.get(appId, sent[0], byMsg.data[0].id);
    expect(one).toMatchObject({ id: byMsg.data[0].id, msgId: sent[0], triggerType: MessageAttemptTriggerType.Scheduled });
    expect(await svixStatus(svix.messageAttempt.get(appId, sent[0], 'atmpt_unknown'))).toBe(404);
  });

  it('lists attempted destinations of a message and attempted messages of an endpoint with their status', async () => {
    const destinations = await svix.messageAttempt.listAttemptedDestinations(appId, sent[1]);
    expect(Object.fromEntries(destinations.data.map((d) => [d.id, d.statusText]))).toEqual({ [okEp]: 'success', [badEp]: 'fail' });
    const attempted = await svix.messageAttempt.listAttemptedMessages(appId, badEp);
    expect(attempted.data.map((m) => [m.id, m.status])).toEqual(sent.map((id) => [id, MessageStatus.Fail]).reverse());
    expect((await svix.messageAttempt.listAttemptedMessages(appId, okEp, { status: MessageStatus.Fail })).data).toEqual([]);
  });

  it('answers endpoint stats, also for a window', async () => {
    expect(await svix.endpoint.getStats(appId, okEp)).toEqual({ success: 3, pending: 0, sending: 0, fail: 0, canceled: 0 });
    expect(await svix.endpoint.getStats(appId, badEp, { since: new Date(Date.now() + 60_000) })).toEqual({ success: 0, pending: 0, sending: 0, fail: 0, canceled: 0 });
  });

  it('expunges a message payload and an attempt response', async () => {
    await svix.message.expungeContent(appId, sent[2]);
    expect((await svix.message.get(appId, sent[2])).payload).toEqual({});
    const [attempt] = (await svix.messageAttempt.listByMsg(appId, sent[0])).data;
    await svix.messageAttempt.expungeContent(appId, sent[0], attempt.id);
    expect((await svix.messageAttempt.get(appId, sent[0], attempt.id)).response).toBe('');
  });

  it('answers 404 for unknown apps, messages and endpoints, 422 for a bad filter, 401 without a token', async () => {
    expect(await svixStatus(svix.message.list('app_missing'))).toBe(404);
    expect(await svixStatus(svix.message.get(appId, 'msg_missing'))).toBe(404);
    expect(await svixStatus(svix.endpoint.getStats(appId, 'ep_missing'))).toBe(404);
    const bad = await fetch(`${hookstream.url}/api/v1/app/${appId}/msg?limit=0`, { headers: { authorization: `Bearer ${env.adminToken}` } });
    expect(bad.status).toBe(422);
    expect(await svixStatus(new Svix('wrong-token-wrong-token', { serverUrl: hookstream.url }).message.list(appId))).toBe(401);
  });

  it('resends a failed message to an endpoint as a manual attempt (202)', async () => {
    failing = false;
    await svix.messageAttempt.resend(appId, sent[0], badEp);
    const manual = await waitFor(async () => {
      const attempts = (await svix.messageAttempt.listByMsg(appId, sent[0], { endpointId: badEp })).data;
      return attempts.find((a) => a.triggerType === MessageAttemptTriggerType.Manual);
    }, 15_000, 'the manual attempt');
    expect(manual).toMatchObject({ status: MessageStatus.Success, responseStatusCode: 200 });
    expect(await svixStatus(svix.messageAttempt.resend(appId, sent[0], 'ep_missing'))).toBe(404);
  });

  it('recovers every failed delivery of an endpoint in a background task that finishes', async () => {
    failing = false;
    const recovered = await svix.endpoint.recover(appId, badEp, { since: new Date(Date.now() - 3_600_000) });
    expect(recovered).toMatchObject({ status: BackgroundTaskStatus.Running, task: 'endpoint.recover' });
    expect(recovered.id).toMatch(/^qtask_/);
    const task = await waitFor(async () => {
      const current = await svix.backgroundTask.get(recovered.id);
      return current.status !== BackgroundTaskStatus.Running && current;
    }, 15_000, 'the recover task');
    // sent[0] was resent already; sent[2]'s payload was expunged above, so there is nothing left to send.
    expect(task).toMatchObject({ status: BackgroundTaskStatus.Finished, data: { messagesResent: 1, skippedExpunged: 1 } });
    await waitFor(async () => (await svix.endpoint.getStats(appId, badEp)).success === 2, 15_000, 'the recovered delivery');
    const manual = (await svix.messageAttempt.listByEndpoint(appId, badEp)).data.filter((a) => a.triggerType === MessageAttemptTriggerType.Manual);
    expect(manual).toHaveLength(2);
    expect(await svixStatus(svix.endpoint.recover(appId, badEp, { since: 'yesterday' as never }))).toBe(422);
  });

  it('sends the credentials of an endpoint URL as Authorization: Basic and leaves them out of the recorded attempt', async () => {
    const app = await svix.application.create({ name: 'Basic auth' });
    const plainUrl = receiver.url('/basic');
    const endpoint = await svix.endpoint.create(app.id, { url: plainUrl.replace('http://', 'http://render-hooks:s3cr%40t@') });
    const message = await svix.message.create(app.id, { eventType: 'render.completed', payload: { job: 'basic' } });
    const request = await waitFor(async () => receiver.requests.find((r) => r.path === '/basic'), 15_000, 'the POST to /basic');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('render-hooks:s3cr@t').toString('base64')}`);
    const [attempt] = await waitFor(async () => {
      const attempts = (await svix.messageAttempt.listByMsg(app.id, message.id)).data;
      return attempts.length > 0 && attempts;
    }, 15_000, 'the recorded attempt');
    expect(attempt).toMatchObject({ endpointId: endpoint.id, status: MessageStatus.Success, url: plainUrl });
  });
});
