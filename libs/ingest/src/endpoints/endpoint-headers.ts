import { UnprocessableEntityException } from '@nestjs/common';
import type { EndpointHeadersOut } from '@hookstream/contracts';

/** Headers Hookstream sets itself or that would break HTTP: refused (422), as Svix refuses them. */
const FORBIDDEN = new Set([
  'connection',
  'content-encoding',
  'content-length',
  'content-type',
  'expect',
  'host',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
]);
const FORBIDDEN_PREFIXES = ['webhook-', 'svix-', 'x-forwarded-', 'x-amz-', 'x-amzn-', 'x-google-', 'x-goog-', 'x-gfe-', 'x-fd-'];
/** Credentials: sent with deliveries, never shown again (named in `sensitive`). */
const SENSITIVE = new Set(['authorization', 'cookie', 'x-api-key', 'x-auth-token', 'api-key', 'www-authenticate']);
const NAME_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Throws 422 naming every header that may not be set. */
export function assertHeadersAllowed(headers: Record<string, string | null>): void {
  const problems = Object.entries(headers).flatMap(([name, value]) => {
    const lower = name.toLowerCase();
    if (!NAME_PATTERN.test(name)) return [`"${name}" is not a valid header name`];
    if (FORBIDDEN.has(lower) || FORBIDDEN_PREFIXES.some((prefix) => lower.startsWith(prefix))) return [`"${name}" may not be set`];
    if (value !== null && (typeof value !== 'string' || /[\r\n]/.test(value))) return [`"${name}" must be a single-line string`];
    return [];
  });
  if (problems.length > 0) throw new UnprocessableEntityException(`headers: ${problems.join('; ')}`);
}

/** Svix `EndpointHeadersOut`: credentials are listed in `sensitive` and left out of `headers`. */
export function redactHeaders(headers: Record<string, string>): EndpointHeadersOut {
  const shown: Record<string, string> = {};
  const sensitive: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (SENSITIVE.has(name.toLowerCase())) sensitive.push(name);
    else shown[name] = value;
  }
  return { headers: shown, sensitive };
}

/** Svix PATCH: merged in; `null` removes a header (names compared case-insensitively). */
export function mergeHeaders(current: Record<string, string>, patch: Record<string, string | null>): Record<string, string> {
  const merged = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    for (const existing of Object.keys(merged)) if (existing.toLowerCase() === name.toLowerCase()) delete merged[existing];
    if (value !== null) merged[name] = value;
  }
  return merged;
}
