import { useState, type FormEvent } from 'react';

interface Props {
  onLogin: (token: string) => void;
  error: string | null;
  busy: boolean;
}

/** The token field: the operator token opens every app, an app-scoped `hsat_` token that app's portal. */
export function LoginForm({ onLogin, error, busy }: Props) {
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) onLogin(token.trim());
  };
  return (
    <form className="login card" onSubmit={submit}>
      <h1>Hookstream console</h1>
      <p className="muted">Sign in with the operator token (every app) or an app-scoped token (that app's portal).</p>
      <label htmlFor="token">Token</label>
      <input id="token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} placeholder="hs_… or hsat_…" />
      <button type="submit" disabled={busy || !token.trim()}>{busy ? 'Signing in…' : 'Sign in'}</button>
      {error && <p className="error" role="alert">{error}</p>}
    </form>
  );
}
