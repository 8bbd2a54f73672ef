import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { signatureHeaders, signHmacHex, signStandardWebhooks, signTimestamped } from './signatures';
import { generateSecret, isAcceptableSecret } from './secrets';

describe('signStandardWebhooks', () => {
  it('reproduces the Standard Webhooks published test vector', () => {
    const signature = signStandardWebhooks('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', {
      msgId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: 1614265330,
      body: '{"test": 2432232314}',
    });
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies with the standardwebhooks library', () => {
    const secret = generateSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ jobId: 'job_1', status: 'done' });
    const headers = signatureHeaders({ msgId: 'msg_1', timestamp, body, secrets: [secret], profiles: [] });
    expect(new Webhook(secret).verify(body, headers)).toEqual({ jobId: 'job_1', status: 'done' });
  });
});

describe('signatureHeaders', () => {
  const body = '{"a":1}';

  it('signs webhook-signature with every unexpired secret, space-separated', () => {
    const headers = signatureHeaders({ msgId: 'msg_1', timestamp: 10, body, secrets: [generateSecret(), generateSecret()], profiles: [] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
  });

  it('signs legacy profiles once, with the newest secret as a UTF-8 string', () => {
    const [newest, older] = [generateSecret(), generateSecret()];
    const headers = signatureHeaders({
      msgId: 'msg_1',
      timestamp: 10,
      body,
      secrets: [newest, older],
      profiles: [
        { type: 'hmac-hex', header: 'X-VideoPilot-Signature', prefix: 'sha256=' },
        { type: 'timestamped', header: 'Sync-Signature' },
      ],
    });
    expect(headers['x-videopilot-signature']).toBe('sha256=' + createHmac('sha256', newest).update(body).digest('hex'));
    expect(headers['sync-signature']).toBe(`t=10,v1=${createHmac('sha256', newest).update(`10.${body}`).digest('hex')}`);
  });

  it('refuses to sign without a secret', () => {
    expect(() => signatureHeaders({ msgId: 'msg_1', timestamp: 1, body, secrets: [], profiles: [] })).toThrow(/no signing secret/);
  });
});

describe('legacy signatures', () => {
  it('hmac-hex is the bare hex digest unless a prefix is given', () => {
    expect(signHmacHex('k', 'b')).toMatch(/^[0-9a-f]{64}$/);
    expect(signHmacHex('k', 'b', 'sha256=')).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('timestamped has the Stripe shape', () => {
    expect(signTimestamped('k', 1700000000, 'b')).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
  });
});

describe('secrets', () => {
  it('generates whsec_ secrets Svix would accept', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(isAcceptableSecret(secret)).toBe(true);
  });

  it('rejects secrets shorter than 24 bytes', () => {
    expect(isAcceptableSecret('whsec_' + Buffer.alloc(16).toString('base64'))).toBe(false);
  });
});
