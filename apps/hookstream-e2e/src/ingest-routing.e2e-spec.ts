import { useAllInOne } from './support/all-in-one-harness';
import { Webhook } from 'standardwebhooks';
import { flatHeaders } from './support/signing-support';
import { waitFor } from './support/test-environment';

describe('ingest: routing (filters, channels, disabled endpoints, callbacks, subject bindings)', () => {
  const h = useAllInOne();

  const bodiesOn = (path: string) => h.receiver.requests.filter((request) => request.path === path).map((request) => request.body);

  it('routes by exact and wildcard filterTypes and by channels, and sends nothing to a disabled endpoint', async () => {
    const app = await h.client.app('Routing');
    await h.client.endpoint(app.id, { url: h.receiver.url('/all') });
    await h.client.endpoint(app.id, { url: h.receiver.url('/render-any'), filterTypes: ['render.*'] });
    await h.client.endpoint(app.id, { url: h.receiver.url('/job-failed'), filterTypes: ['job.failed'] });
    await h.client.endpoint(app.id, { url: h.receiver.url('/project-a'), channels: ['project.a'] });
    await h.client.endpoint(app.id, { url: h.receiver.url('/disabled'), disabled: true });

    await h.client.publish(app.id, { eventType: 'render.completed', payload: { n: 1 } });
    await h.client.publish(app.id, { eventType: 'job.failed', payload: { n: 2 }, channels: ['project.a'] });
    await h.client.publish(app.id, { eventType: 'render.progress', payload: { n: 3 }, channels: ['project.b'] });
    await h.client.publish(app.id, { eventType: 'renders.x', payload: { n: 4 } });

    await waitFor(async () => bodiesOn('/all').length === 4, 15_000, 'four events at the catch-all endpoint');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(bodiesOn('/render-any').sort()).toEqual(['{"n":1}', '{"n":3}']);
    expect(bodiesOn('/job-failed')).toEqual(['{"n":2}']);
    expect(bodiesOn('/project-a')).toEqual(['{"n":2}']);
    expect(bodiesOn('/disabled')).toEqual([]);
  });

  it('delivers to an envelope callbackUrl, signed with the app callback secret, retried on failure and logged', async () => {
    const app = await h.client.api.request<{ id: string }>('POST', '/api/v1/app', { name: 'Callbacks', retrySchedule: [0.2, 0.2] });
    expect(app.status).toBe(201);
    const appId = app.body.id;
    const { body: secret } = await h.client.api.request<{ key: string }>('GET', `/api/v1/app/${appId}/callback-secret`);
    h.receiver.respondWith((request, index) => {
      if (request.path !== '/callback/job_42') return { status: 200 };
      const earlier = h.receiver.requests.slice(0, index).filter((r) => r.path === '/callback/job_42').length;
      return { status: earlier === 0 ? 500 : 200 };
    });
    const accepted = await h.client.api.request<{ id: string }>('POST', `/api/v1/app/${appId}/msg`, {
      eventType: 'render.completed',
      eventId: 'job_42:done',
      payload: { jobId: 'job_42', status: 'done' },
      callbackUrl: h.receiver.url('/callback/job_42'),
    });
    expect(accepted.status).toBe(202);

    await waitFor(async () => bodiesOn('/callback/job_42').length === 2, 15_000, 'the retried callback');
    const [first, second] = h.receiver.requests.filter((request) => request.path === '/callback/job_42');
    expect(first.headers['webhook-id']).toBe(accepted.body.id);
    expect(second.headers['webhook-id']).toBe(accepted.body.id);
    expect(new Webhook(secret.key).verify(second.body, flatHeaders(second.headers))).toEqual({ jobId: 'job_42', status: 'done' });

    const attempts = await waitFor(async () => {
      const list = await h.client.attempts(appId, accepted.body.id);
      return list.length === 2 && list;
    }, 10_000, 'two logged attempts');
    expect(attempts.map((a) => a.responseStatusCode)).toEqual([500, 200]);
    expect(attempts[0].endpointId).toMatch(/^ep_[0-9A-Z]{26}$/);
    expect(attempts[0].url).toBe(h.receiver.url('/callback/job_42'));
    h.receiver.respondWith(() => ({ status: 200 }));
  });

  it('delivers an event a producer that knows nothing of Hookstream publishes on a bound platform subject', async () => {
    const app = await h.client.api.request<{ id: string }>('POST', '/api/v1/app', { name: 'Bound', uid: 'tenant-acme' });
    await h.client.endpoint(app.body.id, { url: h.receiver.url('/bound'), filterTypes: ['render.completed'] });
    const platform = `platform_${h.env.prefix}`;
    const binding = await h.client.api.request<{ id: string }>('POST', '/api/v1/binding', {
      subject: `${platform}.render.*.completed`,
      eventType: 'render.completed',
      appIdPointer: '/tenantId',
      eventIdPointer: '/jobId',
      payloadPointer: '',
    });
    expect(binding.status).toBe(201);

    const job = { tenantId: 'tenant-acme', jobId: 'job1', outputUrl: 'https://cdn.example/job1.mp4' };
    h.env.nats.publish(`${platform}.render.job1.completed`, JSON.stringify(job));
    h.env.nats.publish(`${platform}.render.job1.completed`, JSON.stringify(job));
    h.env.nats.publish(`${platform}.render.job2.completed`, JSON.stringify({ jobId: 'job2' }));

    await waitFor(async () => bodiesOn('/bound').length > 0, 15_000, 'the bound event');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(bodiesOn('/bound')).toEqual([JSON.stringify(job)]);
    const rejected = await h.client.api.request<{ data: Array<{ reason: string }> }>('GET', '/api/v1/rejected');
    expect(rejected.body.data.map((r) => r.reason)).toContainEqual(expect.stringMatching(/no app id .* at "\/tenantId"/));

    const overlapping = await h.client.api.request('POST', '/api/v1/binding', {
      subject: `${h.env.prefix}.events.>`,
      eventType: 'x',
      appIdPointer: '/a',
    });
    expect(overlapping.status).toBe(422);
    expect((await h.client.api.request('DELETE', `/api/v1/binding/${binding.body.id}`)).status).toBe(204);
  });
});
