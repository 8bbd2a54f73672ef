import { generateEd25519Secret, generateSecret, ed25519PublicKeyOf, signatureHeaders } from '@hookstream/signing';
import { checkSignatures } from './signature-checks';

const body = '{"event":"render.completed","data":{"render_job_id":"render_789xyz"}}';
const now = 1_700_000_000;

function signed(secrets: string[], profiles: Parameters<typeof signatureHeaders>[0]['profiles'] = []) {
  return signatureHeaders({ msgId: 'msg_1', timestamp: now, body, secrets, profiles });
}

describe('checkSignatures', () => {
  it('verifies Standard Webhooks v1 with the right secret and fails another', () => {
    const secret = generateSecret();
    expect(checkSignatures(Buffer.from(body), signed([secret]), { secrets: [secret], profiles: [], now })).toEqual([
      { scheme: 'standard-webhooks', header: 'webhook-signature', ok: true },
    ]);
    const [wrong] = checkSignatures(Buffer.from(body), signed([secret]), { secrets: [generateSecret()], profiles: [], now });
    expect(wrong).toEqual({ scheme: 'standard-webhooks', header: 'webhook-signature', ok: false, reason: 'no matching signature in webhook-signature' });
  });

  it('verifies v1a with the whpk_ public key', () => {
    const secret = generateEd25519Secret();
    const [check] = checkSignatures(Buffer.from(body), signed([secret]), { secrets: [ed25519PublicKeyOf(secret)], profiles: [], now });
    expect(check.ok).toBe(true);
  });

  it("checks each legacy profile with the secret string, any of several secrets passing", () => {
    const [newSecret, oldSecret] = [generateSecret(), generateSecret()];
    const profiles = [
      { type: 'hmac-hex' as const, header: 'X-VideoPilot-Signature', prefix: 'sha256=' },
      { type: 'timestamped' as const, header: 'Sync-Signature' },
    ];
    const checks = checkSignatures(Buffer.from(body), signed([newSecret], profiles), { secrets: [oldSecret, newSecret], profiles, now });
    expect(checks.map((check) => [check.scheme, check.header, check.ok])).toEqual([
      ['standard-webhooks', 'webhook-signature', true],
      ['hmac-hex', 'x-videopilot-signature', true],
      ['timestamped', 'sync-signature', true],
    ]);
  });

  it('says why a legacy profile failed: a missing header or a tampered body', () => {
    const secret = generateSecret();
    const profile = { type: 'hmac-hex' as const, header: 'x-render-signature' };
    const missing = checkSignatures(Buffer.from(body), signed([secret]), { secrets: [secret], profiles: [profile], now });
    expect(missing[1]).toEqual({ scheme: 'hmac-hex', header: 'x-render-signature', ok: false, reason: 'missing signature header' });
    const tampered = checkSignatures(Buffer.from(`${body} `), signed([secret], [profile]), { secrets: [secret], profiles: [profile], now });
    expect(tampered.map((check) => check.ok)).toEqual([false, false]);
  });

  it('rejects a replayed webhook whose timestamp is outside the tolerance', () => {
    const secret = generateSecret();
    const [check] = checkSignatures(Buffer.from(body), signed([secret]), { secrets: [secret], profiles: [], now: now + 600 });
    expect(check).toMatchObject({ ok: false, reason: 'webhook-timestamp is more than 300 s away from now' });
  });
});
