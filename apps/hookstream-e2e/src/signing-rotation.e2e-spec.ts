import { Svix, Webhook } from 'svix';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { AdminApi } from './support/admin-api';
import { Receiver } from './support/receiver';
import { startAllInOneForTest, type RunningService } from './support/services';
import { deliveryOf, flatHeaders, startSignerReplica } from './support/signing-support';
import { TestEnvironment } from './support/test-environment';

const GRACE_SECONDS = 2;

describe('signing secret rotation (svix and standardwebhooks verify real deliveries)', () => {
  let env: TestEnvironment;
  let hookstream: RunningService;
  let secondSigner: RunningService;
  let receiver: Receiver;
  let svix: Svix;
  let api: AdminApi;

  beforeAll(async () => {
    // A tiny default grace (HOOKSTREAM_ROTATION_GRACE_SECONDS) so the test sees old keys expire.
    env = await TestEnvironment.create({ HOOKSTREAM_ROTATION_GRACE_SECONDS: String(GRACE_SECONDS) });
    hookstream = await startAllInOneForTest(env.config);
    secondSigner = await startSignerReplica(env.config);
    receiver = await Receiver.start();
    svix = new Svix(env.adminToken, { serverUrl: hookstream.url });
    api = new AdminApi(hookstream.url, env.adminToken);
  });

  afterAll(async () => {
    await secondSigner?.app.close();
    await hookstream?.app.close();
    await receiver?.stop();
    await env?.destroy();
  });

  async function send(appId: string, path: string, payload: object): Promise<{ body: string; headers: Record<string, string> }> {
    const message = await svix.message.create(appId, { eventType: 'render.completed', payload });
    const request = await deliveryOf(receiver, path, message.id);
    return { body: request.body, headers: flatHeaders(request.headers) };
  }

  function verifiesWith(secret: string, delivery: { body: string; headers: Record<string, string> }): boolean {
    try {
      new Webhook(secret).verify(delivery.body, delivery.headers);
      new StandardWebhook(secret).verify(delivery.body, delivery.headers);
      return true;
    } catch {
      return false;
    }
  }

  it('verifies with the old and new secret during the grace period, and only the new one after it', async () => {
    const app = await svix.application.create({ name: 'Rotation' });
    const endpoint = await svix.endpoint.create(app.id, { url: receiver.url('/rotate') });
    const { key: oldSecret } = await svix.endpoint.getSecret(app.id, endpoint.id);

    const before = await send(app.id, '/rotate', { jobId: 'job_before' });
    expect(verifiesWith(oldSecret, before)).toBe(true);

    await svix.endpoint.rotateSecret(app.id, endpoint.id, {});
    const { key: newSecret } = await svix.endpoint.getSecret(app.id, endpoint.id);
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);

    const during = await send(app.id, '/rotate', { jobId: 'job_during' });
    expect(during.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifiesWith(newSecret, during)).toBe(true);
    expect(verifiesWith(oldSecret, during)).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, GRACE_SECONDS * 1000 + 500));
    const after = await send(app.id, '/rotate', { jobId: 'job_after' });
    expect(after.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(verifiesWith(newSecret, after)).toBe(true);
    expect(verifiesWith(oldSecret, after)).toBe(false);
  });

  it('takes a user-supplied key and a per-request grace, and keeps at most 10 old keys signing', async () => {
    const app = await svix.application.create({ name: 'Many rotations' });
    const endpoint = await svix.endpoint.create(app.id, { url: receiver.url('/many') });
    const { key: first } = await svix.endpoint.getSecret(app.id, endpoint.id);
    const supplied = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    const rotate = (body: object) => api.request(`POST`, `/api/v1/app/${app.id}/endpoint/${endpoint.id}/secret/rotate`, body);

    expect((await rotate({ key: supplied, graceSeconds: 3600 })).status).toBe(204);
    expect((await svix.endpoint.getSecret(app.id, endpoint.id)).key).toBe(supplied);
    for (let i = 0; i < 10; i += 1) expect((await rotate({ graceSeconds: 3600 })).status).toBe(204);

    // 12 keys so far: the newest signs with the 10 latest old ones; the first (11th old key) has expired.
    const delivery = await send(app.id, '/many', { jobId: 'job_many' });
    expect(delivery.headers['webhook-signature'].split(' ')).toHaveLength(11);
    expect(verifiesWith(supplied, delivery)).toBe(true);
    expect(verifiesWith(first, delivery)).toBe(false);
    expect((await rotate({ key: 'whsec_short' })).status).toBe(422);
  });

  it('drops cached keys on every signer replica when one of them rotates', async () => {
    const app = await svix.application.create({ name: 'Replicas' });
    const endpoint = await svix.endpoint.create(app.id, { url: receiver.url('/replicas') });
    // Warm both replicas' caches (requests spread over the queue group).
    for (let i = 0; i < 10; i += 1) await send(app.id, '/replicas', { warm: i });

    await api.request('POST', `/api/v1/app/${app.id}/endpoint/${endpoint.id}/secret/rotate`, { graceSeconds: 3600 });
    const deliveries = await Promise.all(Array.from({ length: 10 }, (_, i) => send(app.id, '/replicas', { after: i })));
    for (const delivery of deliveries) expect(delivery.headers['webhook-signature'].split(' ')).toHaveLength(2);
  });
});
