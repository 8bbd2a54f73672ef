import { isIP } from 'node:net';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent, request } from 'undici';
import { HookstreamConfig } from '@hookstream/platform';
import type { SendResult } from '../outcome/attempt-outcome';
import { AddressPolicy } from '../ssrf/address-policy';
import { guardedLookup, SsrfBlockedError } from '../ssrf/guarded-lookup';

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
 * the whole exchange, response body read up to the storage limit, and every connection checked by the SSRF
 * guard after DNS resolution (literal IPs before connecting).
 */
@Injectable()
export class HttpSender implements OnApplicationShutdown {
  private readonly policy: AddressPolicy;
  private readonly agent: Agent;

  constructor(@Inject(HookstreamConfig) config: HookstreamConfig) {
    this.policy = new AddressPolicy(config.ssrfAllow);
    this.agent = new Agent({ keepAliveTimeout: 30_000, connections: 64, connect: { lookup: guardedLookup(this.policy) } });
  }

  async send(req: SendRequest): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const literalRefusal = this.refuseLiteralAddress(req.url);
    if (literalRefusal) return { kind: 'error', error: literalRefusal, durationMs: 0, timedOut: false, blocked: true };
    // Not AbortSignal.timeout: its timer and signal live for the whole timeout after the answer came, thousands of
    // them at full speed, for the garbage collector to keep walking.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException(`no complete response within ${req.timeoutMs} ms`, 'TimeoutError')), req.timeoutMs);
    try {
      const response = await request(req.url, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
        dispatcher: this.agent,
        signal: deadline.signal,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      const body = await readLimited(response.body, RESPONSE_BODY_LIMIT);
      return {
        kind: 'response',
        statusCode: response.statusCode,
        body,
        durationMs: elapsed(),
        retryAfter: header(response.headers['retry-after']),
        deliveryDirective: header(response.headers['webhook-delivery']),
      };
    } catch (error) {
      return describeError(error, req.timeoutMs, elapsed());
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Runs after the delivery workers have drained (onModuleDestroy). A POST still running belongs to a task already
   * handed back to JetStream: closing lets it end but is not awaited, so the process exits within its grace
   * period; its result is dropped (NATS drains right after, so nothing records it) and the task goes out again.
   */
  onApplicationShutdown(): void {
    void this.agent.close();
  }

  private refuseLiteralAddress(url: string): string | null {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    if (!isIP(host)) return null;
    const refusal = this.policy.refusal(host);
    return refusal ? `blocked by SSRF guard: ${refusal}` : null;
  }
}

function header(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
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

function describeError(error: unknown, timeoutMs: number, durationMs: number): SendResult {
  const err = error as { name?: string; code?: string; message?: string; cause?: unknown };
  const cause = err.cause instanceof SsrfBlockedError ? err.cause : error instanceof SsrfBlockedError ? error : null;
  if (cause) return { kind: 'error', error: cause.message, durationMs, timedOut: false, blocked: true };
  const timedOut = err.name === 'TimeoutError' || err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT';
  const message = timedOut ? `timeout: no complete response within ${timeoutMs} ms` : `${err.code ?? err.name ?? 'error'}: ${err.message ?? String(error)}`;
  return { kind: 'error', error: message, durationMs, timedOut, blocked: false };
}
