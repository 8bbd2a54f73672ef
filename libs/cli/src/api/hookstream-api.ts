import { ApiError, UnreachableError } from './cli-errors';
import { errorDetail } from './error-detail';

export interface ApiTarget {
  /** Base URL without `/api/v1`, e.g. `http://127.0.0.1:3000`. */
  url: string;
  token: string;
}

export type QueryValue = string | number | boolean | undefined | null;

const REQUEST_TIMEOUT_MS = 30_000;

/** A thin REST client for Hookstream's admin API: JSON in, JSON out, every failure turned into a CliError. */
export class HookstreamApi {
  constructor(readonly target: ApiTarget) {}

  get<T>(path: string, query: Record<string, QueryValue> = {}): Promise<T> {
    return this.request<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.request<T>('POST', path, body, headers);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete(path: string, query: Record<string, QueryValue> = {}): Promise<void> {
    return this.request<void>('DELETE', withQuery(path, query));
  }

  /** Absolute URL of an API path, for clients that open their own connection (SSE). */
  urlOf(path: string): string {
    return `${this.target.url.replace(/\/+$/, '')}/api/v1${path}`;
  }

  private async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const init: RequestInit = {
      method,
      headers: { authorization: `Bearer ${this.target.token}`, accept: 'application/json', ...headers },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { ...init.headers, 'content-type': 'application/json' };
    }
    let response: Response;
    try {
      response = await fetch(this.urlOf(path), init);
    } catch (error) {
      throw new UnreachableError(this.target.url, causeOf(error));
    }
    const text = await response.text();
    if (!response.ok) {
      const { code, detail } = errorDetail(text);
      throw new ApiError(response.status, code, detail, `${method} /api/v1${path}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export function withQuery(path: string, query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** fetch hides the reason behind `TypeError: fetch failed`; the cause (ECONNREFUSED …) is what a user needs. */
function causeOf(error: unknown): string {
  const { name, message, cause } = (error ?? {}) as { name?: string; message?: string; cause?: { message?: string } };
  if (name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  return cause?.message ?? message ?? String(error);
}
