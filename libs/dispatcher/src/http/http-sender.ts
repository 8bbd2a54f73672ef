import { isIP } from 'node:net';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent } from 'undici';
import { HookstreamConfig } from '@hookstream/platform';
import { ALL_SLOTS } from '../health/fair-share';
import type { SendResult } from '../outcome/attempt-outcome';
import { AddressPolicy } from '../ssrf/address-policy';
import { guardedLookup, SsrfBlockedError } from '../ssrf/guarded-lookup';
import { ResponseCollector } from './response-collector';

/** Stored response bodies are cut here. */
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
    // Sockets per origin are bounded by the POSTs in flight (EndpointLimiter: per endpoint, per app, per replica), not
    // by the pool: endpoints sharing an origin must not queue behind one another's hanging POSTs.
    this.agent = new Agent({ keepAliveTimeout: 30_000, connections: ALL_SLOTS, connect: { lookup: guardedLookup(this.policy) } });
  }

  async send(req: SendRequest): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const url = new URL(req.url);
    const literalRefusal = this.refuseLiteralAddress(url);
    if (literalRefusal) return { kind: 'error', error: literalRefusal, durationMs: 0, timedOut: false, blocked: true };
    const collector = new ResponseCollector(RESPONSE_BODY_LIMIT);
    const deadline = setTimeout(() => collector.abort(new DeadlineExceeded(req.timeoutMs)), req.timeoutMs);
    try {
      this.agent.dispatch(
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          headers: withUrlCredentials(req.headers, url),
          body: req.body,
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
        },
        collector,
      );
      const response = await collector.response;
      return {
        kind: 'response',
        statusCode: response.statusCode,
        body: response.body,
        durationMs: elapsed(),
        retryAfter: header(response.headers['retry-after']),
        deliveryDirective: header(response.headers['webhook-delivery']),
      };
    } catch (error) {
      return describeError(error, req.timeoutMs, elapsed());
    } finally {
      clearTimeout(deadline);
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

  private refuseLiteralAddress(url: URL): string | null {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!isIP(host)) return null;
    const refusal = this.policy.refusal(host);
    return refusal ? `blocked by SSRF guard: ${refusal}` : null;
  }
}

/**
 * An endpoint URL with credentials (`https://user:pass@host/…`) is sent with `Authorization: Basic`, as Svix does:
 * the way receivers behind basic auth are configured. An `authorization` header of the endpoint's own wins.
 */
function withUrlCredentials(headers: Record<string, string>, url: URL): Record<string, string> {
  if (!url.username && !url.password) return headers;
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) return headers;
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return { ...headers, authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` };
}

function header(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

/** The whole exchange took longer than the attempt's timeout. */
class DeadlineExceeded extends Error {
  override readonly name = 'TimeoutError';

  constructor(timeoutMs: number) {
    super(`no complete response within ${timeoutMs} ms`);
  }
}

function describeError(error: unknown, timeoutMs: number, durationMs: number): SendResult {
  const err = error as { name?: string; code?: string; message?: string; cause?: unknown };
  const cause = err.cause instanceof SsrfBlockedError ? err.cause : error instanceof SsrfBlockedError ? error : null;
  if (cause) return { kind: 'error', error: cause.message, durationMs, timedOut: false, blocked: true };
  const timedOut = err.name === 'TimeoutError' || err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT';
  const message = timedOut ? `timeout: no complete response within ${timeoutMs} ms` : `${err.code ?? err.name ?? 'error'}: ${err.message ?? String(error)}`;
  return { kind: 'error', error: message, durationMs, timedOut, blocked: false };
}
