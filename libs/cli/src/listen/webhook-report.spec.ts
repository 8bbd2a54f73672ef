import { describeWebhook } from './received-webhook';
import { renderWebhook } from './webhook-report';

const request = {
  method: 'POST',
  path: '/hook',
  headers: {
    host: '127.0.0.1:4000',
    'content-type': 'application/json',
    'user-agent': 'Hookstream/0.1.0',
    'webhook-id': 'msg_2x',
    'webhook-timestamp': '1700000000',
    'webhook-signature': 'v1,abc=',
    'x-render-signature': 'deadbeef',
    'sync-signature': 't=1700000000,v1=00',
    'content-length': '40',
  },
  body: Buffer.from('{"type":"render.completed","jobId":"job_1"}'),
  receivedAt: new Date('2026-01-15T10:30:00Z'),
};

describe('a received webhook', () => {
  it('answers the chosen status when every check passes, 401 when one fails', () => {
    const ok = [{ scheme: 'standard-webhooks', header: 'webhook-signature', ok: true }];
    expect(describeWebhook(request, ok, 204, []).responseStatus).toBe(204);
    const failed = [...ok, { scheme: 'hmac-hex', header: 'x-render-signature', ok: false, reason: 'signature does not match' }];
    expect(describeWebhook(request, failed, 204, [])).toMatchObject({ verified: false, responseStatus: 401 });
  });

  it('records id, type, timestamp, the headers that matter (profile headers included) and the parsed body', () => {
    const webhook = describeWebhook(request, [], 200, ['Sync-Signature']);
    expect(webhook).toMatchObject({ id: 'msg_2x', eventType: 'render.completed', timestamp: '2023-11-14T22:13:20.000Z', body: { type: 'render.completed', jobId: 'job_1' } });
    expect(Object.keys(webhook.headers).sort()).toEqual(['content-type', 'sync-signature', 'user-agent', 'webhook-id', 'webhook-signature', 'webhook-timestamp', 'x-render-signature']);
  });

  it('prints ✔ for each verified check and ✘ with the reason for each failed one', () => {
    const checks = [
      { scheme: 'standard-webhooks', header: 'webhook-signature', ok: true },
      { scheme: 'hmac-hex', header: 'x-render-signature', ok: false, reason: 'signature does not match' },
    ];
    const text = renderWebhook(describeWebhook(request, checks, 200, []));
    expect(text).toContain('✔ standard-webhooks (webhook-signature) verified');
    expect(text).toContain('✘ hmac-hex (x-render-signature) failed: signature does not match');
    expect(text).toContain('answered 401 (signature not verified)');
    expect(text).toMatch(/^id\s+msg_2x$/m);
    expect(text).toMatch(/^type\s+render\.completed$/m);
    expect(text).toContain('  {\n    "type": "render.completed",\n    "jobId": "job_1"\n  }');
  });

  it('shows a body that is not JSON as it came', () => {
    const webhook = describeWebhook({ ...request, body: Buffer.from('plain text') }, [], 200, []);
    expect(webhook).toMatchObject({ body: 'plain text', eventType: null });
    expect(renderWebhook(webhook)).toContain('body:\n  plain text');
  });
});
