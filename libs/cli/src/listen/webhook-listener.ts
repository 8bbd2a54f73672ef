import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SignatureProfile } from '@hookstream/contracts';
import { describeWebhook, type ReceivedWebhook } from './received-webhook';
import { checkSignatures } from './signature-checks';

export interface ListenerOptions {
  port: number;
  host: string;
  secrets: string[];
  profiles: SignatureProfile[];
  /** Status for verified webhooks (2xx normally; 5xx to watch Hookstream retry). */
  respond: number;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A local webhook receiver for developers: every POST is checked against the secrets and reported; verified
 * requests get `respond`, the others 401, as a real handler should answer.
 */
export class WebhookListener {
  private constructor(private readonly server: Server) {}

  static async start(options: ListenerOptions, onWebhook: (webhook: ReceivedWebhook) => void): Promise<WebhookListener> {
    const server = createServer((request, response) => receive(request, response, options, onWebhook));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new WebhookListener(server);
  }

  get url(): string {
    const address = this.server.address();
    return typeof address === 'object' && address ? `http://${address.address}:${address.port}` : String(address);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function receive(request: IncomingMessage, response: ServerResponse, options: ListenerOptions, onWebhook: (webhook: ReceivedWebhook) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  request.on('end', () => {
    if (size > MAX_BODY_BYTES) {
      response.writeHead(413, { 'content-type': 'text/plain' }).end('body over 1 MiB');
      return;
    }
    const body = Buffer.concat(chunks);
    const checks = checkSignatures(body, request.headers, { secrets: options.secrets, profiles: options.profiles });
    const received = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body, receivedAt: new Date() };
    const webhook = describeWebhook(received, checks, options.respond, options.profiles.map((profile) => profile.header));
    response.writeHead(webhook.responseStatus, { 'content-type': 'text/plain' }).end(webhook.verified ? 'ok' : 'invalid signature');
    onWebhook(webhook);
  });
}
