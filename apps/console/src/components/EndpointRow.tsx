import { useEffect, useState } from 'react';
import type { Attempt, Endpoint } from '../api/api-types';
import type { ConsoleApi } from '../api/console-api';
import { endpointHealth, formatRate, type EndpointHealth } from '../health/endpoint-health';
import { RecoverForm } from './RecoverForm';
import { SecretPanel } from './SecretPanel';
import { SendTestEventForm } from './SendTestEventForm';
import { ResponseCode } from './StatusBadge';

interface Props {
  api: ConsoleApi;
  app: string;
  endpoint: Endpoint;
  /** Changes when deliveries changed, so the health is read again. */
  refreshKey: number;
  onSent: () => void;
}

/** One endpoint's health line (success rate, last attempts, circuit, disabled) and, opened, its tools. */
export function EndpointRow({ api, app, endpoint, refreshKey, onSent }: Props) {
  const [health, setHealth] = useState<EndpointHealth | null>(null);
  const [recent, setRecent] = useState<Attempt[]>([]);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([api.endpointStats(app, endpoint.id), api.endpointAttempts(app, endpoint.id, 10)]).then(
      ([stats, attempts]) => {
        if (!live) return;
        setRecent(attempts.data);
        setHealth(endpointHealth(endpoint, stats, attempts.data));
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, app, endpoint, refreshKey]);

  return (
    <>
      <tr className={endpoint.disabled ? 'row-disabled' : undefined}>
        <td>
          <div className="mono">{endpoint.url}</div>
          <div className="muted small">{endpoint.description || endpoint.uid || endpoint.id}</div>
        </td>
        <td>{endpoint.disabled ? <span className="badge badge-fail">disabled</span> : <span className="badge badge-success">enabled</span>}
          {health?.disabledReason && <div className="muted small">{health.disabledReason}</div>}
        </td>
        <td className="num">{health ? formatRate(health.successRate) : '…'}</td>
        <td className="last-attempts">{recent.slice(0, 5).map((a) => <ResponseCode key={a.id} code={a.responseStatusCode} />)}{recent.length === 0 && <span className="muted small">none yet</span>}</td>
        <td>{health && <span className={`circuit circuit-${health.circuit}`} title={`${health.failingStreak} unhealthy attempts in a row`}>{health.circuit}</span>}</td>
        <td><button onClick={() => setOpen(!open)} aria-expanded={open}>{open ? 'Close' : 'Manage'}</button></td>
      </tr>
      {error && <tr><td colSpan={6} className="error small">{error}</td></tr>}
      {open && (
        <tr className="endpoint-panel">
          <td colSpan={6}>
            <div className="panel-grid">
              <SecretPanel api={api} app={app} endpointId={endpoint.id} />
              <RecoverForm api={api} app={app} endpointId={endpoint.id} />
              <SendTestEventForm api={api} app={app} endpoint={endpoint} onSent={onSent} />
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
