import Stripe from 'stripe';
import type { SignatureProfile } from '@hookstream/contracts';
import { AdminApi } from './support/admin-api';
import { Receiver } from './support/receiver';
import { seed000Accepts, seed001Accepts, seed002Accepts, seed003Accepts } from './support/seed-receivers';
import { startAllInOneForTest, type RunningService } from './support/services';
import { deliveryOf } from './support/signing-support';
import { TestEnvironment } from './support/test-environment';

interface Seed {
  name: string;
  profile: SignatureProfile;
  payload: object;
  /** Runs the seed's own receiver code on what its Express handler would see. */
  accepts: (raw: Buffer, headers: Record<string, string | string[] | undefined>, secret: string) => boolean;
}

const SEEDS: Seed[] = [
  {
    name: '000 ViralSync (x-render-signature, raw body)',
    profile: { type: 'hmac-hex', header: 'x-render-signature' },
    payload: { jobId: 'job_a1b2', status: 'done', outputUrl: 'https://cdn.example/v.mp4' },
    accepts: (raw, headers, secret) => seed000Accepts(raw, headers, secret),
  },
  {
    name: '001 VideoPilot (X-VideoPilot-Signature: sha256=…)',
    profile: { type: 'hmac-hex', header: 'X-VideoPilot-Signature', prefix: 'sha256=' },
    payload: { event: 'render.completed', data: { video_id: 'video_123abc', quality: 'high' } },
    accepts: (raw, headers, secret) => seed001Accepts(raw, (name) => headers[name.toLowerCase()] as string | undefined, secret),
  },
  {
    name: '002 Vidiking (x-vidiking-signature, JSON.stringify(req.body))',
    profile: { type: 'hmac-hex', header: 'x-vidiking-signature' },
    payload: { event: 'render.complete', data: { id: 'job_9', url: 'https://cdn.example/9.mp4', ratio: 1.5 } },
    accepts: (raw, headers, secret) => seed002Accepts(JSON.parse(raw.toString()), headers, secret),
  },
  {
    name: '003 Sync (Sync-Signature: t=,v1=, JSON.stringify(payload))',
    profile: { type: 'timestamped', header: 'Sync-Signature' },
    payload: { id: 'gen_1', status: 'COMPLETED', outputUrl: 'https://cdn.example/s.mp4' },
    accepts: (raw, headers, secret) => seed003Accepts(JSON.parse(raw.toString()), headers, secret),
  },
];

describe("the seeds' own receiver code verifies real deliveries", () => {
  let env: TestEnvironment;
  let hookstream: RunningService;
  let receiver: Receiver;
  let api: AdminApi;
  let appId: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    hookstream = await startAllInOneForTest(env.config);
    receiver = await Receiver.start();
    api = new AdminApi(hookstream.url, env.adminToken);
    appId = (await api.request<{ id: string }>('POST', '/api/v1/app', { name: 'Seeds' })).body.id;
  });

  afterAll(async () => {
    await hookstream?.app.close();
    await receiver?.stop();
    await env?.destroy();
  });

  async function deliver(seed: Seed, index: number): Promise<{ raw: Buffer; headers: Record<string, string | string[] | undefined>; secret: string }> {
    const path = `/seed-${index}`;
    const created = await api.request<{ id: string }>('POST', `/api/v1/app/${appId}/endpoint`, {
      url: receiver.url(path),
      filterTypes: [`seed.${index}`],
      signatureProfiles: [seed.profile],
    });
    expect(created.status).toBe(201);
    const { body: secret } = await api.request<{ key: string }>('GET', `/api/v1/app/${appId}/endpoint/${created.body.id}/secret`);
    const message = await api.request<{ id: string }>('POST', `/api/v1/app/${appId}/msg`, { eventType: `seed.${index}`, payload: seed.payload });
    const request = await deliveryOf(receiver, path, message.body.id);
    return { raw: Buffer.from(request.body, 'utf8'), headers: request.headers, secret: secret.key };
  }

  it.each(SEEDS.map((seed, index) => [seed.name, seed, index] as const))('%s', async (_name, seed, index) => {
    const { raw, headers, secret } = await deliver(seed, index);
    expect(seed.accepts(raw, headers, secret)).toBe(true);
    // …and the same code refuses it under another secret or with a changed body.
    expect(seed.accepts(raw, headers, 'whsec_' + Buffer.alloc(24, 1).toString('base64'))).toBe(false);
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(raw.toString()), injected: true }));
    expect(seed.accepts(tampered, headers, secret)).toBe(false);

    if (seed.profile.type === 'timestamped') {
      // Stripe-compatible: Stripe's own library verifies it, given the header's value.
      const stripe = new Stripe('sk_test_hookstream');
      const event = stripe.webhooks.constructEvent(raw, headers['sync-signature'] as string, secret);
      expect(event).toMatchObject(seed.payload);
    }
  });
});
