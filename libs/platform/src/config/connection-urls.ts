const NATS_SCHEMES = ['nats:', 'tls:', 'ws:', 'wss:'];
const POSTGRES_SCHEMES = ['postgres:', 'postgresql:'];

/** The URL with any user and password replaced, so a configuration error never prints a credential. */
export function redactUrl(value: string): string {
  return value.replace(/\/\/[^@/]*@/, '//***@');
}

/** What is wrong with NATS_URL (a comma-separated list of server URLs), one line per bad entry. */
export function natsUrlProblems(value: string): string[] {
  return value.split(',').flatMap((entry) => {
    const url = parseUrl(entry.trim());
    if (url && NATS_SCHEMES.includes(url.protocol) && url.hostname) return [];
    return [`NATS_URL: "${redactUrl(entry.trim())}" is not a nats://host:port URL (tls://, ws://, wss:// also work; separate several with commas)`];
  });
}

export function databaseUrlProblem(value: string): string | null {
  const url = parseUrl(value);
  if (url && POSTGRES_SCHEMES.includes(url.protocol)) return null;
  return `DATABASE_URL: "${redactUrl(value)}" is not a postgres://user@host:port/database URL`;
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
