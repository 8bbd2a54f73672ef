import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HookstreamConfig } from '@hookstream/platform';
import { HttpSender, RESPONSE_BODY_LIMIT } from './http-sender';

// A real HTTP server on 127.0.0.1 answering by path.
describe('HttpSender against a local server', () => {
  let server: Server;
  let base: string;
  let sender: HttpSender;

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/ok': (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => res.writeHead(200, { 'retry-after': '7' }).end(`got ${body}`));
    },
    '/auth': (req, res) => res.writeHead(200).end(req.headers.authorization ?? '(none)'),
    '/big': (_, res) => res.writeHead(500).end('x'.repeat(RESPONSE_BODY_LIMIT * 3)),
    '/silent': () => undefined,
    '/drop': (_, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.destroy(), 20);
    },
    // Headers at once, then a chunk every 50 ms: no single wait exceeds undici's per-read timeout, the whole does.
    '/trickle': (_, res) => {
      res.writeHead(200);
      const interval = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(interval));
    },
  };

  beforeAll(async () => {
    server = createServer((req, res) => routes[req.url ?? '']?.(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sender = new HttpSender({ ssrfAllow: ['127.0.0.1/32'] } as unknown as HookstreamConfig);
  });

  afterAll(async () => {
    sender.onApplicationShutdown();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('POSTs the body and returns the status, the response and its headers of interest', async () => {
    const result = await sender.send({ url: `${base}/ok`, headers: { 'content-type': 'application/json' }, body: '{"a":1}', timeoutMs: 2000 });
    expect(result).toMatchObject({ kind: 'response', statusCode: 200, body: 'got {"a":1}', retryAfter: '7', deliveryDirective: null });
  });

  it('sends the credentials of the endpoint URL, percent-decoded, as Authorization: Basic', async () => {
    const url = base.replace('http://', 'http://render%40ops:p%3Ass word@') + '/auth';
    const result = await sender.send({ url, headers: {}, body: '{}', timeoutMs: 2000 });
    expect(result).toMatchObject({ kind: 'response', statusCode: 200, body: `Basic ${Buffer.from('render@ops:p:ss word').toString('base64')}` });
  });

  it("lets an endpoint's own Authorization header win over the URL's credentials", async () => {
    const url = base.replace('http://', 'http://user:secret@') + '/auth';
    const result = await sender.send({ url, headers: { Authorization: 'Bearer tok_1' }, body: '{}', timeoutMs: 2000 });
    expect(result).toMatchObject({ kind: 'response', body: 'Bearer tok_1' });
  });

  it('keeps at most the storage limit of a response body', async () => {
    const result = await sender.send({ url: `${base}/big`, headers: {}, body: '{}', timeoutMs: 2000 });
    expect(result).toMatchObject({ kind: 'response', statusCode: 500 });
    expect(result.kind === 'response' && result.body.length).toBe(RESPONSE_BODY_LIMIT);
  });

  it('times out a receiver that never answers at the deadline', async () => {
    const result = await sender.send({ url: `${base}/silent`, headers: {}, body: '{}', timeoutMs: 300 });
    expect(result).toMatchObject({ kind: 'error', timedOut: true, blocked: false, error: 'timeout: no complete response within 300 ms' });
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
    expect(result.durationMs).toBeLessThan(2000);
  });

  it('holds the whole exchange to one deadline, even while the body keeps coming', async () => {
    const result = await sender.send({ url: `${base}/trickle`, headers: {}, body: '{}', timeoutMs: 400 });
    expect(result).toMatchObject({ kind: 'error', timedOut: true });
    expect(result.durationMs).toBeLessThan(2000);
  });

  it('reports a refused connection by its code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await sender.send({ url: `http://127.0.0.1:${port}/hook`, headers: {}, body: '{}', timeoutMs: 2000 });
    expect(result).toMatchObject({ kind: 'error', timedOut: false, blocked: false });
    expect(result.kind === 'error' && result.error).toMatch(/^ECONNREFUSED/);
  });

  it('reports a receiver that drops the connection mid-answer as an error, not a response', async () => {
    const result = await sender.send({ url: `${base}/drop`, headers: {}, body: '{}', timeoutMs: 2000 });
    expect(result).toMatchObject({ kind: 'error', timedOut: false, blocked: false });
  });

  it('blocks a host name that resolves to a refused address, after DNS', async () => {
    const strict = new HttpSender({ ssrfAllow: [] } as unknown as HookstreamConfig);
    try {
      const result = await strict.send({ url: `${base.replace('127.0.0.1', 'localhost')}/ok`, headers: {}, body: '{}', timeoutMs: 2000 });
      expect(result).toMatchObject({ kind: 'error', blocked: true });
      expect(result.kind === 'error' && result.error).toMatch(/SSRF/);
    } finally {
      strict.onApplicationShutdown();
    }
  });

  it('refuses a literal address outside the allowed ranges without connecting', async () => {
    const result = await sender.send({ url: 'http://10.1.2.3:9/hook', headers: {}, body: '{}', timeoutMs: 2000 });
    expect(result).toMatchObject({ kind: 'error', blocked: true, durationMs: 0 });
    expect(result.kind === 'error' && result.error).toMatch(/^blocked by SSRF guard/);
  });
});
