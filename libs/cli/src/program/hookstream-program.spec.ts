import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EXIT_CODES } from '../api/cli-errors';
import type { CliIo } from '../output/output';
import { runCli } from './hookstream-program';

function bufferIo(env: Record<string, string> = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env,
    out: () => out,
    err: () => err,
  };
}

describe('hookstream arguments and errors', () => {
  it('prints help and exits 0', async () => {
    const io = bufferIo();
    expect(await runCli(['endpoints', '--help'], io)).toBe(EXIT_CODES.ok);
    expect(io.out()).toMatch(/secret \[options\] <app> <endpoint>/);
  });

  it('exits 2 for a missing argument, an unknown command and a bad option value', async () => {
    const missing = bufferIo();
    expect(await runCli(['attempts', 'renders'], missing)).toBe(EXIT_CODES.usage);
    expect(missing.err()).toContain("missing required argument 'msg'");
    const unknown = bufferIo();
    expect(await runCli(['deploy'], unknown)).toBe(EXIT_CODES.usage);
    expect(unknown.err()).toContain("unknown command 'deploy'");
    const badLimit = bufferIo({ HOOKSTREAM_TOKEN: 't' });
    expect(await runCli(['apps', 'list', '--limit', '500'], badLimit)).toBe(EXIT_CODES.usage);
    expect(badLimit.err()).toContain('--limit must be a whole number from 1 to 250, not "500"');
  });

  it('exits 2 without a token, before any request', async () => {
    const io = bufferIo();
    expect(await runCli(['apps', 'list'], io)).toBe(EXIT_CODES.usage);
    expect(io.err()).toBe('error: no API token: pass --token or set HOOKSTREAM_TOKEN (the operator token, or an app token)\n');
  });

  describe('against a server', () => {
    let server: Server;
    let url: string;

    beforeAll(async () => {
      server = createServer((request, response) => {
        if (request.headers.authorization !== 'Bearer good') {
          response.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"authentication_failed","detail":"Invalid or missing bearer token"}');
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[],"iterator":null,"prevIterator":null,"done":true}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it("exits 1 with the API's message for an HTTP error", async () => {
      const io = bufferIo({ HOOKSTREAM_URL: url });
      expect(await runCli(['apps', 'list', '--token', 'bad'], io)).toBe(EXIT_CODES.api);
      expect(io.err()).toBe('error: GET /api/v1/app → 401 authentication_failed: Invalid or missing bearer token\n');
    });

    it('exits 3 when nothing answers at the URL', async () => {
      const closed = await new Promise<string>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as AddressInfo;
          probe.close(() => resolve(`http://127.0.0.1:${port}`));
        });
      });
      const io = bufferIo({ HOOKSTREAM_TOKEN: 'good' });
      expect(await runCli(['apps', 'list', '--url', closed], io)).toBe(EXIT_CODES.unreachable);
      expect(io.err()).toMatch(new RegExp(`cannot reach Hookstream at ${closed} \\(connect ECONNREFUSED`));
    });

    it('prints JSON with --json and a table without', async () => {
      const json = bufferIo({ HOOKSTREAM_URL: url, HOOKSTREAM_TOKEN: 'good' });
      expect(await runCli(['apps', 'list', '--json'], json)).toBe(EXIT_CODES.ok);
      expect(JSON.parse(json.out())).toEqual({ data: [], iterator: null, prevIterator: null, done: true });
      const human = bufferIo({ HOOKSTREAM_URL: url, HOOKSTREAM_TOKEN: 'good' });
      expect(await runCli(['apps', 'list'], human)).toBe(EXIT_CODES.ok);
      expect(human.out()).toBe('(none)\n');
    });
  });
});
