import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Agent, request } from 'undici';
import type { SendResult } from '../outcome/attempt-outcome';

/** Stored response bodies are cut here (SPEC §6). */
export const RESPONSE_BODY_LIMIT = 20_000;

export interface SendRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/**
 * POSTs with undici: connection pools per origin, no redirects followed (a 3xx is a failure), one deadline for
 * the whole exchange, response body read up to the storage limit.
 */
@Injectable()
export class HttpSender implements OnModuleDestroy {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

  async send(req: SendRequest): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await request(req.url, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(req.timeoutMs),
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      const body = await readLimited(response.body, RESPONSE_BODY_LIMIT);
      return { kind: 'response', statusCode: response.statusCode, body, durationMs: elapsed() };
    } catch (error) {
      return { kind: 'error', error: describeError(error, req.timeoutMs), durationMs: elapsed() };
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }
}

async function readLimited(stream: AsyncIterable<Buffer> & { destroy(): void }, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) {
      stream.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function describeError(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; code?: string; message?: string };
  if (err.name === 'TimeoutError' || err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT') {
    return `timeout: no complete response within ${timeoutMs} ms`;
  }
  return `${err.code ?? err.name ?? 'error'}: ${err.message ?? String(error)}`;
}
