import { generateEd25519Secret, generateSecret, ed25519PublicKeyOf, signatureHeaders } from '@hookstream/signing';
import { WebhookVerificationError } from './errors';
import { verifyStandardWebhook } from './standard-webhooks';

const body = '{"jobId":"job_1","status":"done"}';
const now = 1_700_000_000;

function headersFor(secrets: string[], timestamp = now): Record<string, string> {
  return signatureHeaders({ msgId: 'msg_1', timestamp, body, secrets, profiles: [] });
}

describe('verifyStandardWebhook', () => {
  it('verifies the Standard Webhooks published test vector', () => {
    const headers = {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    };
    expect(() =>
      verifyStandardWebhook('{"test": 2432232314}', headers, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', { now: 1614265330 }),
    ).not.toThrow();
  });

  it('verifies v1 with a whsec_ secret and v1a with a whpk_ public key', () => {
    const hmac = generateSecret();
    const ed25519 = generateEd25519Secret();
    const headers = headersFor([ed25519, hmac]);
    expect(() => verifyStandardWebhook(body, headers, hmac, { now })).not.toThrow();
    expect(() => verifyStandardWebhook(Buffer.from(body), headers, ed25519PublicKeyOf(ed25519), { now })).not.toThrow();
  });

  it('accepts any of several space-separated signatures and any of several keys', () => {
    const [newSecret, oldSecret] = [generateSecret(), generateSecret()];
    const headers = headersFor([newSecret, oldSecret]);
    expect(() => verifyStandardWebhook(body, headers, oldSecret, { now })).not.toThrow();
    expect(() => verifyStandardWebhook(body, headersFor([newSecret]), [oldSecret, newSecret], { now })).not.toThrow();
  });

  it('rejects a tampered body, another secret and a timestamp outside the tolerance', () => {
    const secret = generateSecret();
    const headers = headersFor([secret]);
    expect(() => verifyStandardWebhook(body + ' ', headers, secret, { now })).toThrow(WebhookVerificationError);
    expect(() => verifyStandardWebhook(body, headers, generateSecret(), { now })).toThrow(/no matching signature/);
    expect(() => verifyStandardWebhook(body, headers, secret, { now: now + 301 })).toThrow(/300 s/);
    expect(() => verifyStandardWebhook(body, headers, secret, { now: now + 301, toleranceSeconds: 600 })).not.toThrow();
  });

  it('does not accept a v1 signature as v1a or the reverse', () => {
    const ed25519 = generateEd25519Secret();
    const headers = headersFor([ed25519]);
    headers['webhook-signature'] = headers['webhook-signature'].replace('v1a,', 'v1,');
    expect(() => verifyStandardWebhook(body, headers, ed25519PublicKeyOf(ed25519), { now })).toThrow(WebhookVerificationError);
  });

  it('reads svix-* headers and Fetch Headers too', () => {
    const secret = generateSecret();
    const signed = headersFor([secret]);
    const svixHeaders = { 'svix-id': signed['webhook-id'], 'svix-timestamp': signed['webhook-timestamp'], 'svix-signature': signed['webhook-signature'] };
    expect(() => verifyStandardWebhook(body, svixHeaders, secret, { now })).not.toThrow();
    expect(() => verifyStandardWebhook(body, new Headers(signed), secret, { now })).not.toThrow();
  });

  it('says what is missing', () => {
    expect(() => verifyStandardWebhook(body, {}, generateSecret())).toThrow(/missing webhook-id/);
  });
});
