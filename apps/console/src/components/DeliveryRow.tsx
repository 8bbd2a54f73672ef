import { useState } from 'react';
import type { Endpoint, StatusText } from '../api/api-types';
import type { ConsoleApi } from '../api/console-api';
import { DeliveryDetail } from './DeliveryDetail';
import { StatusBadge } from './StatusBadge';

export interface Delivery {
  msgId: string;
  eventType: string;
  timestamp: string;
  endpointId: string;
  statusText: StatusText;
}

interface Props {
  api: ConsoleApi;
  app: string;
  delivery: Delivery;
  endpoint: Endpoint | undefined;
}

/** One (message, endpoint) delivery: its status, a resend button, and its attempts when opened. */
export function DeliveryRow({ api, app, delivery, endpoint }: Props) {
  const [open, setOpen] = useState(false);
  const [resending, setResending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const resend = async () => {
    setResending(true);
    setError(null);
    try {
      await api.resend(app, delivery.msgId, delivery.endpointId);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setResending(false);
    }
  };

  return (
    <>
      <tr data-msg={delivery.msgId} data-status={delivery.statusText}>
        <td className="small nowrap">{new Date(delivery.timestamp).toLocaleString()}</td>
        <td>{delivery.eventType}</td>
        <td className="mono small"><button className="link" onClick={() => setOpen(!open)} aria-expanded={open}>{delivery.msgId}</button></td>
        <td className="mono small">{endpoint?.url ?? delivery.endpointId}</td>
        <td><StatusBadge status={delivery.statusText} /></td>
        <td className="actions">
          <button onClick={resend} disabled={resending}>{resending ? 'Resending…' : 'Resend'}</button>
        </td>
      </tr>
      {error && <tr><td colSpan={6} className="error small" role="alert">{error}</td></tr>}
      {open && (
        <tr className="detail-row">
          <td colSpan={6}>
            <DeliveryDetail api={api} app={app} msgId={delivery.msgId} endpointId={delivery.endpointId} version={delivery.statusText} />
          </td>
        </tr>
      )}
    </>
  );
}
