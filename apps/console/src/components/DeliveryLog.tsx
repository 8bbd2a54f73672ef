import { useCallback, useEffect, useState } from 'react';
import type { Endpoint, LiveStatus } from '../api/api-types';
import type { ConsoleApi } from '../api/console-api';
import { DeliveryFilters, type DeliveryLogFilter } from './DeliveryFilters';
import { DeliveryRow, type Delivery } from './DeliveryRow';

const PAGE = 50;

interface Props {
  api: ConsoleApi;
  app: string;
  endpoints: Endpoint[];
  /** The newest live status change, applied to its row as it arrives. */
  latest: LiveStatus | null;
  refreshKey: number;
}

/** Every delivery of the app (each endpoint's attempted messages, merged newest first), filtered. */
export function DeliveryLog({ api, app, endpoints, latest, refreshKey }: Props) {
  const [filter, setFilter] = useState<DeliveryLogFilter>({});
  const [rows, setRows] = useState<Delivery[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const targets = filter.endpointId ? endpoints.filter((e) => e.id === filter.endpointId) : endpoints;
    setLoading(true);
    setError(null);
    try {
      const pages = await Promise.all(targets.map(async (endpoint) => ({ endpoint, page: await api.deliveries(app, endpoint.id, filter, PAGE) })));
      const merged = pages.flatMap(({ endpoint, page }) =>
        page.data.map((m) => ({ msgId: m.id, eventType: m.eventType, timestamp: m.timestamp, endpointId: endpoint.id, statusText: m.statusText })),
      );
      setRows(merged.sort((a, b) => b.timestamp.localeCompare(a.timestamp)));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [api, app, endpoints, filter]);

  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  useEffect(() => {
    if (!latest) return;
    setRows((current) =>
      current.map((row) => (row.msgId === latest.msgId && row.endpointId === latest.endpointId ? { ...row, statusText: latest.statusText } : row)),
    );
  }, [latest]);

  const byId = new Map(endpoints.map((e) => [e.id, e]));
  return (
    <section className="card" aria-label="Delivery log">
      <div className="card-head">
        <h2>Delivery log</h2>
        <button onClick={() => void load()} disabled={loading}>{loading ? 'Loading…' : 'Refresh'}</button>
      </div>
      <DeliveryFilters endpoints={endpoints} filter={filter} onChange={setFilter} />
      {error && <p className="error small" role="alert">{error}</p>}
      <table className="deliveries">
        <thead>
          <tr><th>Time</th><th>Event type</th><th>Message</th><th>Endpoint</th><th>Status</th><th /></tr>
        </thead>
        <tbody>
          {rows.map((row) => <DeliveryRow key={`${row.msgId}:${row.endpointId}`} api={api} app={app} delivery={row} endpoint={byId.get(row.endpointId)} />)}
          {rows.length === 0 && !loading && <tr><td colSpan={6} className="muted">No deliveries match.</td></tr>}
        </tbody>
      </table>
      <p className="muted small">The latest {PAGE} deliveries of each endpoint; narrow them down with the filters.</p>
    </section>
  );
}
