import { generateSecret, signHmacHex, signTimestamped } from '@hookstream/signing';
import { WebhookVerificationError } from './errors';
import { verifyHmacHex, verifyTimestamped } from './legacy-signatures';

const body = '{"jobId":"job_1","status":"done"}';
const now = 1_700_000_000;

describe('verifyHmacHex', () => {
  const secret = generateSecret();

  it('verifies bare hex and a prefixed signature', () => {
    expect(() => verifyHmacHex(body, signHmacHex(secret, body), secret)).not.toThrow();
    expect(() => verifyHmacHex(Buffer.from(body), signHmacHex(secret, body, 'sha256='), secret, { prefix: 'sha256=' })).not.toThrow();
  });

  it('rejects a missing prefix, another body and a missing header', () => {
    expect(() => verifyHmacHex(body, signHmacHex(secret, body), secret, { prefix: 'sha256=' })).toThrow(WebhookVerificationError);
    expect(() => verifyHmacHex('{}', signHmacHex(secret, body), secret)).toThrow(/does not match/);
    expect(() => verifyHmacHex(body, undefined, secret)).toThrow(/missing/);
  });
});

describe('verifyTimestamped', () => {
  const secret = generateSecret();

  it('verifies t=,v1= within the tolerance', () => {
    expect(() => verifyTimestamped(body, signTimestamped(secret, now, body), secret, { now: now + 10 })).not.toThrow();
  });

  it('accepts one matching v1 among several', () => {
    const header = `${signTimestamped(secret, now, body)},v1=${'0'.repeat(64)}`;
    expect(() => verifyTimestamped(body, header, secret, { now })).not.toThrow();
  });

  it('rejects stale timestamps, wrong secrets and malformed headers', () => {
    expect(() => verifyTimestamped(body, signTimestamped(secret, now, body), secret, { now: now + 301 })).toThrow(/300 s/);
    expect(() => verifyTimestamped(body, signTimestamped(generateSecret(), now, body), secret, { now })).toThrow(/does not match/);
    expect(() => verifyTimestamped(body, 'v1=abc', secret, { now })).toThrow(/t=<unix>/);
  });
});
