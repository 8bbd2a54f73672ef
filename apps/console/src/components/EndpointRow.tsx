import { useEffect, useState } from 'react';
import type { Endpoint, EndpointHealth } from '../api/api-types';
import type { ConsoleApi } from '../api/console-api';
import { circuitTitle, disabledText, formatRate } from '../health/endpoint-health';
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

/** One endpoint's health line (`…/health`: disabled and why, success rate, last attempts, circuit) and, opened, its tools. */
export function EndpointRow({ api, app, endpoint, refreshKey, onSent }: Props) {
  const [health, setHealth] = useState<EndpointHealth | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.endpointHealth(app, endpoint.id).then(
      (read) => live && setHealth(read),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, app, endpoint, refreshKey]);

  const disabled = health?.disabled ?? endpoint.disabled;
  const reason = health && disabledText(health);
  const recent = health?.lastAttempts ?? [];
  return (
    <>
      <tr className={disabled ? 'row-disabled' : undefined}>
        <td>
          <div className="mono">{endpoint.url}</div>
          <div className="muted small">{endpoint.description || endpoint.uid || endpoint.id}</div>
        </td>
        <td>{disabled ? <span className="badge badge-fail">disabled</span> : <span className="badge badge-success">enabled</span>}
          {reason && <div className="muted small">{reason}</div>}
        </td>
        <td className="num" title={health ? `${health.successRate.succeeded} of the last ${health.successRate.attempts} attempts` : undefined}>{health ? formatRate(health.successRate.rate) : '…'}</td>
        <td className="last-attempts">{recent.slice(0, 5).map((a, i) => <ResponseCode key={`${a.timestamp}-${i}`} code={a.responseStatusCode} />)}{health && recent.length === 0 && <span className="muted small">none yet</span>}</td>
        <td>{health && <span className={`circuit circuit-${health.circuit.state}`} title={circuitTitle(health.circuit)}>{health.circuit.state}</span>}</td>
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
