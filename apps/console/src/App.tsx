import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Application } from './api/api-types';
import { ApiError, ConsoleApi, type FetchFn } from './api/console-api';
import { ConsoleShell } from './components/ConsoleShell';
import { LoginForm } from './components/LoginForm';
import { sessionFor, tokenStore, type Session } from './session/session';

interface SignedIn {
  session: Session;
  apps: Application[];
}

/** Signs in with a token (checked against the API), keeps it in sessionStorage, shows the console. */
export function App({ fetchFn }: { fetchFn?: FetchFn }) {
  const [signedIn, setSignedIn] = useState<SignedIn | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const token = signedIn?.session.token ?? null;
  const api = useMemo(() => (token ? new ConsoleApi(token, fetchFn) : null), [token, fetchFn]);

  const login = useCallback(
    async (candidate: string) => {
      setBusy(true);
      setError(null);
      try {
        const session = sessionFor(candidate);
        const probe = new ConsoleApi(session.token, fetchFn);
        const apps = session.kind === 'operator' ? (await probe.apps()).data : [await probe.app(session.appId)];
        tokenStore.save(session.token);
        setSignedIn({ session, apps });
      } catch (e) {
        tokenStore.clear();
        setError(e instanceof ApiError && e.status === 401 ? 'That token was not accepted.' : (e as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [fetchFn],
  );

  useEffect(() => {
    const saved = tokenStore.load();
    if (saved) void login(saved);
  }, [login]);

  const logout = () => {
    tokenStore.clear();
    setSignedIn(null);
  };

  if (!signedIn || !api) return <LoginForm onLogin={login} error={error} busy={busy} />;
  return <ConsoleShell api={api} session={signedIn.session} apps={signedIn.apps} onLogout={logout} />;
}
