/** Who the console is signed in as: the operator (every app) or one app's portal (an app-scoped `hsat_` token). */
export type Session = { kind: 'operator'; token: string } | { kind: 'app'; token: string; appId: string };

const STORAGE_KEY = 'hookstream.console.token';

/**
 * Reads the session a token stands for. An app-scoped token names its app in its payload (`hsat_<base64url
 * JSON>.<signature>`); the console only reads it to know which portal to show; the API verifies every call.
 */
export function sessionFor(token: string): Session {
  const trimmed = token.trim();
  if (!trimmed.startsWith('hsat_')) return { kind: 'operator', token: trimmed };
  const payload = trimmed.slice('hsat_'.length).split('.')[0] ?? '';
  const claims = decodeClaims(payload);
  if (!claims) throw new Error('This app-scoped token is malformed');
  return { kind: 'app', token: trimmed, appId: claims.app };
}

function decodeClaims(payload: string): { app: string } | null {
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { app?: unknown };
    return typeof claims.app === 'string' ? { app: claims.app } : null;
  } catch {
    return null;
  }
}

/** The token lives in sessionStorage: it survives a reload, not the closing of the tab. */
export const tokenStore = {
  load(): string | null {
    return sessionStorage.getItem(STORAGE_KEY);
  },
  save(token: string): void {
    sessionStorage.setItem(STORAGE_KEY, token);
  },
  clear(): void {
    sessionStorage.removeItem(STORAGE_KEY);
  },
};
