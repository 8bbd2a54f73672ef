import { useState, type FormEvent } from 'react';
import type { ConsoleApi } from '../api/console-api';

const WINDOWS = [
  { label: 'last hour', ms: 3600_000 },
  { label: 'last 24 hours', ms: 24 * 3600_000 },
  { label: 'last 7 days', ms: 7 * 24 * 3600_000 },
];

interface Props {
  api: ConsoleApi;
  app: string;
  endpointId: string;
  now?: () => number;
}

/** Recover: resend every failed delivery of this endpoint since a point in time (a background task). */
export function RecoverForm({ api, app, endpointId, now = Date.now }: Props) {
  const [windowMs, setWindowMs] = useState(WINDOWS[1].ms);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const task = await api.recover(app, endpointId, new Date(now() - windowMs).toISOString());
      setResult(`Recovering failed deliveries (task ${task.id}, ${task.status})`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <form className="panel-block" onSubmit={submit}>
      <h4>Recover failed deliveries</h4>
      <label>
        Since{' '}
        <select value={windowMs} onChange={(e) => setWindowMs(Number(e.target.value))} aria-label="Recover since">
          {WINDOWS.map((w) => <option key={w.ms} value={w.ms}>{w.label}</option>)}
        </select>
      </label>
      <div className="actions"><button type="submit">Recover</button></div>
      {result && <p className="ok small">{result}</p>}
      {error && <p className="error small" role="alert">{error}</p>}
    </form>
  );
}
