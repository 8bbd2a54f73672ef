import type { FetchFn } from '../api/console-api';

export interface RecordedCall {
  method: string;
  url: string;
  body: unknown;
  authorization: string | null;
}

type Route = { method: string; pattern: RegExp; answer: (call: RecordedCall) => { status: number; body?: unknown } };

/** A stand-in for the admin API in component tests: answers by method + URL pattern and records every call. */
export class FakeFetch {
  readonly calls: RecordedCall[] = [];
  private readonly routes: Route[] = [];

  on(method: string, pattern: RegExp, answer: Route['answer'] | { status: number; body?: unknown }): this {
    this.routes.unshift({ method, pattern, answer: typeof answer === 'function' ? answer : () => answer });
    return this;
  }

  readonly fetch: FetchFn = async (url, init) => {
    const headers = new Headers(init?.headers);
    const call = { method: init?.method ?? 'GET', url, body: init?.body ? JSON.parse(String(init.body)) : undefined, authorization: headers.get('authorization') };
    this.calls.push(call);
    const route = this.routes.find((r) => r.method === call.method && r.pattern.test(url));
    if (!route) return new Response(JSON.stringify({ code: 'not_found', detail: `no fake for ${call.method} ${url}` }), { status: 404 });
    const { status, body } = route.answer(call);
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };

  callsTo(method: string, pattern: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && pattern.test(c.url));
  }
}

export function page<T>(data: T[]) {
  return { data, iterator: null, prevIterator: null, done: true };
}
