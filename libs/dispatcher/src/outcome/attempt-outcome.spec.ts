import { classify, parseRetryAfter, type SendResult } from './attempt-outcome';

const response = (statusCode: number, extra: Partial<Extract<SendResult, { kind: 'response' }>> = {}): SendResult => ({
  kind: 'response',
  statusCode,
  body: '',
  durationMs: 1,
  retryAfter: null,
  deliveryDirective: null,
  ...extra,
});

describe('classify', () => {
  it.each([200, 201, 204, 299])('%i succeeds', (status) => {
    expect(classify(response(status)).success).toBe(true);
  });

  it.each([301, 302, 400, 404, 500])('%i fails', (status) => {
    expect(classify(response(status)).success).toBe(false);
  });

  it('410 disables the endpoint', () => {
    expect(classify(response(410)).disableEndpoint).toBe(true);
  });

  it('webhook-delivery: disable disables the endpoint on any status, even 200', () => {
    expect(classify(response(200, { deliveryDirective: 'disable' }))).toMatchObject({ success: true, disableEndpoint: true });
  });

  it.each([429, 502, 503, 504])('%i slows the endpoint down', (status) => {
    expect(classify(response(status)).slowDown).toBe(true);
  });

  it('429 and timeouts stretch the next delay; a 500 does not', () => {
    expect(classify(response(429)).penalize).toBe(true);
    expect(classify({ kind: 'error', error: 'timeout', durationMs: 1, timedOut: true, blocked: false }).penalize).toBe(true);
    expect(classify(response(500)).penalize).toBe(false);
  });

  it('an address refused by the SSRF guard does not count against the endpoint health', () => {
    expect(classify({ kind: 'error', error: 'blocked', durationMs: 0, timedOut: false, blocked: true }).unhealthy).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
