import type { IncomingHttpHeaders } from 'node:http';
import type { SignatureCheck } from './signature-checks';

/** One request the listener received, with what it made of it and what it answered. */
export interface ReceivedWebhook {
  receivedAt: string;
  method: string;
  path: string;
  /** `webhook-id` (the message id, stable across retries). */
  id: string | null;
  /** From the payload's `type` / `eventType` / `event` field, when it has one: the type is not a header. */
  eventType: string | null;
  /** `webhook-timestamp` as ISO 8601. */
  timestamp: string | null;
  headers: Record<string, string>;
  body: unknown;
  checks: SignatureCheck[];
  verified: boolean;
  responseStatus: number;
}

const SHOWN_HEADERS = /^(webhook-|svix-|x-|content-type$|user-agent$)/;

export interface Describable {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  receivedAt: Date;
}

/** Builds the record of one webhook; `extraHeaders` are the legacy profiles' headers, shown whatever their name. */
export function describeWebhook(request: Describable, checks: SignatureCheck[], respond: number, extraHeaders: string[]): ReceivedWebhook {
  const verified = checks.every((check) => check.ok);
  const body = parseBody(request.body);
  const timestamp = single(request.headers['webhook-timestamp']);
  return {
    receivedAt: request.receivedAt.toISOString(),
    method: request.method,
    path: request.path,
    id: single(request.headers['webhook-id']) ?? null,
    eventType: eventTypeOf(body),
    timestamp: timestamp && /^\d+$/.test(timestamp) ? new Date(Number(timestamp) * 1000).toISOString() : null,
    headers: shownHeaders(request.headers, extraHeaders.map((name) => name.toLowerCase())),
    body,
    checks,
    verified,
    responseStatus: verified ? respond : 401,
  };
}

function parseBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function eventTypeOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  const type = record.type ?? record.eventType ?? record.event;
  return typeof type === 'string' ? type : null;
}

function shownHeaders(headers: IncomingHttpHeaders, extra: string[]): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !(SHOWN_HEADERS.test(name) || extra.includes(name))) continue;
    shown[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return shown;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
