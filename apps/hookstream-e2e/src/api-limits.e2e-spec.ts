import { useAllInOne } from './support/all-in-one-harness';

const LIMITS = {
  HOOKSTREAM_RATE_LIMIT_APP_TOKEN: '20',
  HOOKSTREAM_RATE_LIMIT_ADDRESS: '30',
  HOOKSTREAM_RATE_LIMIT_OPERATOR: '40',
  HOOKSTREAM_RATE_LIMIT_AUTH_FAILURES: '5',
  HOOKSTREAM_TRUST_PROXY: '1',
  HOOKSTREAM_MAX_ENDPOINTS_PER_APP: '3',
  HOOKSTREAM_APP_TOKEN_MAX_CONCURRENCY: '10',
  HOOKSTREAM_APP_TOKEN_MAX_TIMEOUT_MS: '20000',
  HOOKSTREAM_APP_TOKEN_MAX_RATE_LIMIT: '50',
};

/** Client addresses as the proxy in front reports them (documentation addresses; nothing is sent there). */
let nextAddress = 1;
const freshAddress = () => `192.0.2.${nextAddress++}`;

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { code?: string; detail?: string };
}

async function request(baseUrl: string, token: string, path: string, from: string, init: { method?: string; body?: unknown } = {}): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-forwarded-for': from },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: text ? JSON.parse(text) : {} };
}

const burst = (count: number, send: () => Promise<Answer>) => Promise.all(Array.from({ length: count }, send));
const statuses = (answers: Answer[]) => answers.map((a) => a.status).sort();
/** Each limit counts per second: start each case in a window of its own. */
const nextWindow = () => new Promise((resolve) => setTimeout(resolve, 1100));

describe('API rate limits and quotas', () => {
  const h = useAllInOne(LIMITS);
  let appId: string;
  let token: string;

  const operatorToken = () => h.env.adminToken;

  beforeAll(async () => {
    appId = (await h.client.app('Limited')).id;
    const { body } = await h.client.api.request<{ token: string }>('POST', `/api/v1/auth/app-portal-access/${appId}`, {});
    token = body.token;
  });

  it('lets an app token make its limit of requests a second and answers the one past it 429 with Retry-After', async () => {
    await nextWindow();
    const from = freshAddress();
    const atLimit = await burst(20, () => request(h.hookstream.url, token, `/api/v1/app/${appId}/endpoint`, from));
    expect(statuses(atLimit)).toEqual(Array(20).fill(200));
    const past = await request(h.hookstream.url, token, `/api/v1/app/${appId}/endpoint`, from);
    expect(past.status).toBe(429);
    expect(Number(past.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(past.body).toEqual({ code: 'rate_limited', detail: 'Rate limit of this token exceeded' });
  });

  it('limits one client address across tokens', async () => {
    await nextWindow();
    const from = freshAddress();
    const { body } = await h.client.api.request<{ token: string }>('POST', `/api/v1/auth/app-portal-access/${appId}`, {});
    const first = await burst(20, () => request(h.hookstream.url, token, `/api/v1/app/${appId}/endpoint`, from));
    const second = await burst(10, () => request(h.hookstream.url, body.token, `/api/v1/app/${appId}/endpoint`, from));
    expect(statuses([...first, ...second])).toEqual(Array(30).fill(200));
    const past = await request(h.hookstream.url, body.token, `/api/v1/app/${appId}/endpoint`, from);
    expect(past.status).toBe(429);
    expect(past.body.detail).toBe('Rate limit of this client address exceeded');
    expect((await request(h.hookstream.url, body.token, `/api/v1/app/${appId}/endpoint`, freshAddress())).status).toBe(200);
  });

  it('throttles failed authentications per address: past the limit even a right token waits', async () => {
    const from = freshAddress();
    const failures = await burst(5, () => request(h.hookstream.url, 'wrong-token-guess', '/api/v1/app', from));
    expect(statuses(failures)).toEqual(Array(5).fill(401));
    const past = await request(h.hookstream.url, 'wrong-token-guess', '/api/v1/app', from);
    expect(past.status).toBe(429);
    expect(Number(past.retryAfter)).toBeGreaterThan(1);
    expect((await request(h.hookstream.url, operatorToken(), '/api/v1/app', from)).status).toBe(429);
    expect((await request(h.hookstream.url, operatorToken(), '/api/v1/app', freshAddress())).status).toBe(200);
  });

  it('gives the operator token its own budget', async () => {
    await nextWindow();
    const atLimit = await burst(40, () => request(h.hookstream.url, operatorToken(), '/api/v1/app', freshAddress()));
    expect(statuses(atLimit)).toEqual(Array(40).fill(200));
    expect((await request(h.hookstream.url, operatorToken(), '/api/v1/app', freshAddress())).status).toBe(429);
  });

  it('caps endpoints per app: the last one allowed is created, the one past it refused', async () => {
    await nextWindow();
    const app = (await h.client.app('Quota')).id;
    for (let i = 0; i < 3; i++) await h.client.endpoint(app, { url: h.receiver.url(`/quota/${i}`) });
    const past = await request(h.hookstream.url, operatorToken(), `/api/v1/app/${app}/endpoint`, freshAddress(), { method: 'POST', body: { url: h.receiver.url('/quota/3') } });
    expect(past.status).toBe(422);
    expect(past.body.detail).toContain('at most 3 endpoints');
  });

  it('bounds what an app token may set on its endpoints, and not what the operator may', async () => {
    await nextWindow();
    const from = freshAddress();
    const create = (settings: Record<string, number>, as = token) =>
      request(h.hookstream.url, as, `/api/v1/app/${appId}/endpoint`, from, { method: 'POST', body: { url: h.receiver.url('/bounds'), ...settings } });
    const atBounds = await create({ maxConcurrency: 10, timeoutMs: 20_000, rateLimit: 50 });
    expect(atBounds.status).toBe(201);
    for (const settings of [{ maxConcurrency: 11 }, { timeoutMs: 20_001 }, { rateLimit: 51 }] as Record<string, number>[]) {
      const past = await create(settings);
      expect([settings, past.status]).toEqual([settings, 422]);
    }
    const id = (atBounds.body as { id?: string }).id;
    const patched = await request(h.hookstream.url, token, `/api/v1/app/${appId}/endpoint/${id}`, from, { method: 'PATCH', body: { maxConcurrency: 11 } });
    expect(patched.status).toBe(422);
    expect((await create({ maxConcurrency: 11 }, operatorToken())).status).toBe(201);
  });
});
