import { useEffect, useRef, useState } from 'react';
import type { Application, Endpoint } from '../api/api-types';
import type { ConsoleApi } from '../api/console-api';
import { useLiveStatus } from '../live/use-live-status';
import { DeadLetters } from './DeadLetters';
import { DeliveryLog } from './DeliveryLog';
import { EndpointHealthTable } from './EndpointHealthTable';
import { LiveFeed } from './LiveFeed';

/** Live changes arrive in bursts (one per attempt); tables are read again once a burst settles. */
const REFRESH_AFTER_MS = 800;

interface Props {
  api: ConsoleApi;
  app: Application;
}

/** One application: its endpoints' health, its delivery log, its dead letters and the live feed. */
export function AppView({ api, app }: Props) {
  const [endpoints, setEndpoints] = useState<Endpoint[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const live = useLiveStatus(api, app.id);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    api.endpoints(app.id).then((page) => setEndpoints(page.data), (e: Error) => setError(e.message));
  }, [api, app.id]);

  const latest = live.events[0] ?? null;
  useEffect(() => {
    if (!latest) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setRefreshKey((key) => key + 1), REFRESH_AFTER_MS);
    return () => clearTimeout(timer.current);
  }, [latest]);

  return (
    <div className="app-view">
      <div className="main-column">
        {error && <p className="error" role="alert">{error}</p>}
        <EndpointHealthTable api={api} app={app.id} endpoints={endpoints} refreshKey={refreshKey} onSent={() => setRefreshKey((key) => key + 1)} />
        <DeliveryLog api={api} app={app.id} endpoints={endpoints} latest={latest} refreshKey={refreshKey} />
        <DeadLetters api={api} scope={{ kind: 'app', appId: app.id }} refreshKey={refreshKey} />
      </div>
      <aside className="side-column">
        <LiveFeed events={live.events} state={live.state} />
      </aside>
    </div>
  );
}
