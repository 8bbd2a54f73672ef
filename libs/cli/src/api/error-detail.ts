interface FieldError {
  loc?: unknown[];
  msg?: string;
}

/**
 * The message of an API error body: Hookstream answers `{ code, detail }` like Svix, where `detail` is a string or,
 * for 422, a list of `{ loc, msg }` field errors. Anything else (a proxy's HTML page) is shown as text, shortened.
 */
export function errorDetail(body: string): { code: string; detail: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { code: 'error', detail: body.trim().slice(0, 300) || '(empty body)' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { code: 'error', detail: String(parsed) };
  const { code, detail } = parsed as { code?: unknown; detail?: unknown };
  return { code: typeof code === 'string' ? code : 'error', detail: describeDetail(detail ?? parsed) };
}

function describeDetail(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) return detail.map(describeFieldError).join('; ');
  return JSON.stringify(detail);
}

function describeFieldError(entry: unknown): string {
  if (typeof entry !== 'object' || entry === null) return String(entry);
  const { loc, msg } = entry as FieldError;
  const field = Array.isArray(loc) ? loc.filter((part) => part !== 'body').join('.') : '';
  return field ? `${field}: ${msg ?? 'invalid'}` : (msg ?? JSON.stringify(entry));
}
