import type { Endpoint } from '../api/api-types';
import type { ConsoleApi } from '../api/console-api';
import { EndpointRow } from './EndpointRow';

interface Props {
  api: ConsoleApi;
  app: string;
  endpoints: Endpoint[];
  refreshKey: number;
  onSent: () => void;
}

/** The app's endpoints and their health. */
export function EndpointHealthTable({ api, app, endpoints, refreshKey, onSent }: Props) {
  return (
    <section className="card" aria-label="Endpoints">
      <h2>Endpoints</h2>
      {endpoints.length === 0 ? (
        <p className="muted">No endpoints yet.</p>
      ) : (
        <table>
          <thead>
            <tr><th>Endpoint</th><th>State</th><th className="num" title="Over the last 100 attempts">Success rate</th><th>Last attempts</th><th title="The circuit breaker's state a dispatcher last reported">Circuit</th><th /></tr>
          </thead>
          <tbody>
            {endpoints.map((endpoint) => <EndpointRow key={endpoint.id} api={api} app={app} endpoint={endpoint} refreshKey={refreshKey} onSent={onSent} />)}
          </tbody>
        </table>
      )}
    </section>
  );
}
