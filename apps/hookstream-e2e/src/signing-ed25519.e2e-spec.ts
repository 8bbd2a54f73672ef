import { createPublicKey, verify } from 'node:crypto';
import { Svix } from 'svix';
import { generateEd25519Secret, ed25519PublicKeyOf } from '@hookstream/signing';
import { verifyStandardWebhook, verifyTimestamped } from '@hookstream/verify';
import { AdminApi } from './support/admin-api';
import { Receiver } from './support/receiver';
import { startAllInOneForTest, type RunningService } from './support/services';
import { deliveryOf, flatHeaders } from './support/signing-support';
import { TestEnvironment } from './support/test-environment';

/** Node's own ed25519 verify of a `v1a,` signature with a `whpk_` key. */
function nodeVerifies(publicKey: string, headers: Record<string, string>, body: string): boolean {
  const key = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKey.slice('whpk_'.length), 'base64')]),
    format: 'der',
    type: 'spki',
  });
  const content = Buffer.from(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`);
  return headers['webhook-signature']
    .split(' ')
    .filter((entry) => entry.startsWith('v1a,'))
    .some((entry) => verify(null, content, key, Buffer.from(entry.slice(4), 'base64')));
}

describe('asymmetric (ed25519) endpoints and the app callback secret', () => {
  let env: TestEnvironment;
  let hookstream: RunningService;
  let receiver: Receiver;
  let api: AdminApi;
  let svix: Svix;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    hookstream = await startAllInOneForTest(env.config);
    receiver = await Receiver.start();
    api = new AdminApi(hookstream.url, env.adminToken);
    svix = new Svix(env.adminToken, { serverUrl: hookstream.url });
  });

  afterAll(async () => {
    await hookstream?.app.close();
    await receiver?.stop();
    await env?.destroy();
  });

  async function send(appId: string, path: string, payload: object): Promise<{ body: string; headers: Record<string, string> }> {
    const message = await svix.message.create(appId, { eventType: 'render.completed', payload });
    const request = await deliveryOf(receiver, path, message.id);
    return { body: request.body, headers: flatHeaders(request.headers) };
  }

  it('signs v1a for keyType ed25519, shows only the whpk_ public key, and the delivery verifies', async () => {
    const app = await svix.application.create({ name: 'Asymmetric' });
    const created = await api.request<{ id: string }>('POST', `/api/v1/app/${app.id}/endpoint`, { url: receiver.url('/ed'), keyType: 'ed25519' });
    expect(created.status).toBe(201);
    const { key } = await svix.endpoint.getSecret(app.id, created.body.id);
    expect(key).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);

    const delivery = await send(app.id, '/ed', { jobId: 'job_ed' });
    expect(delivery.headers['webhook-signature']).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    expect(nodeVerifies(key, delivery.headers, delivery.body)).toBe(true);
    expect(() => verifyStandardWebhook(delivery.body, delivery.headers, key)).not.toThrow();
    expect(() => verifyStandardWebhook(delivery.body + ' ', delivery.headers, key)).toThrow();
  });

  it('takes a user-supplied whsk_ secret through the svix client and rotates to a new ed25519 key', async () => {
    const app = await svix.application.create({ name: 'Supplied ed25519' });
    const secret = generateEd25519Secret();
    const endpoint = await svix.endpoint.create(app.id, { url: receiver.url('/ed-supplied'), secret });
    expect((await svix.endpoint.getSecret(app.id, endpoint.id)).key).toBe(ed25519PublicKeyOf(secret));

    await svix.endpoint.rotateSecret(app.id, endpoint.id, {});
    const { key: rotated } = await svix.endpoint.getSecret(app.id, endpoint.id);
    expect(rotated).toMatch(/^whpk_/);
    expect(rotated).not.toBe(ed25519PublicKeyOf(secret));

    const delivery = await send(app.id, '/ed-supplied', { jobId: 'job_rotated' });
    expect(delivery.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(nodeVerifies(rotated, delivery.headers, delivery.body)).toBe(true);
    expect(nodeVerifies(ed25519PublicKeyOf(secret), delivery.headers, delivery.body)).toBe(true);
  });

  it('refuses legacy signature profiles on an ed25519 endpoint (they need an HMAC secret)', async () => {
    const app = await svix.application.create({ name: 'No legacy on ed25519' });
    const refused = await api.request('POST', `/api/v1/app/${app.id}/endpoint`, {
      url: receiver.url('/nope'),
      keyType: 'ed25519',
      signatureProfiles: [{ type: 'hmac-hex', header: 'x-render-signature' }],
    });
    expect(refused.status).toBe(422);
    const tampered = 'whsk_' + Buffer.alloc(64, 3).toString('base64');
    expect((await api.request('POST', `/api/v1/app/${app.id}/endpoint`, { url: receiver.url('/nope'), secret: tampered })).status).toBe(422);
  });

  it('keeps an app callback secret, readable and rotatable on hookstream routes', async () => {
    const app = await svix.application.create({ name: 'Callbacks' });
    const path = `/api/v1/app/${app.id}/callback-secret`;
    const first = await api.request<{ key: string }>('GET', path);
    expect(first.status).toBe(200);
    expect(first.body.key).toMatch(/^whsec_/);
    expect((await api.request<{ key: string }>('GET', path)).body.key).toBe(first.body.key);

    expect((await api.request('POST', `${path}/rotate`, {})).status).toBe(204);
    const rotated = await api.request<{ key: string }>('GET', path);
    expect(rotated.body.key).toMatch(/^whsec_/);
    expect(rotated.body.key).not.toBe(first.body.key);
    expect((await api.request('GET', '/api/v1/app/app_missing/callback-secret')).status).toBe(404);
    // An HMAC key under its string form, as legacy profiles use it, verifies with the verify lib as well.
    expect(() => verifyTimestamped('{}', `t=1,v1=${'0'.repeat(64)}`, rotated.body.key, { now: 1 })).toThrow(/does not match/);
  });
});
