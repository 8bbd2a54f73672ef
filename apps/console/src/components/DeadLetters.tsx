import type { ConsoleApi } from '../api/console-api';
import { useDeadLetters, type DeadLetterScope } from '../dead-letters/use-dead-letters';
import { DeadLetterRow } from './DeadLetterRow';

interface Props {
  api: ConsoleApi;
  scope: DeadLetterScope;
  /** Changes when the view around it refreshes, so the list is read again. */
  refreshKey?: number;
}

/** The messages a consumer gave up on, newest first: one app's, or every app's for the operator. */
export function DeadLetters({ api, scope, refreshKey = 0 }: Props) {
  const list = useDeadLetters(api, scope, refreshKey);
  const showApp = scope.kind === 'all';
  const empty = list.rows.length === 0 && !list.loading && !list.error;
  return (
    <section className="card dead-letters" aria-label="Dead letters">
      <div className="card-head">
        <h2>Dead letters</h2>
        <button onClick={list.reload} disabled={list.loading}>{list.loading ? 'Loading…' : 'Refresh'}</button>
      </div>
      <p className="muted small">Messages a consumer gave up on after repeated failures of its own{showApp ? ', across every app' : ''}.</p>
      {list.error && <p className="error small" role="alert">{list.error}</p>}
      {empty && <p className="muted">No dead letters.</p>}
      {list.rows.length > 0 && (
        <table>
          <thead>
            <tr><th>Recorded</th>{showApp && <th>App</th>}<th>Consumer</th><th className="num">Deliveries</th><th>Reason</th><th /></tr>
          </thead>
          <tbody>
            {list.rows.map((deadLetter) => <DeadLetterRow key={deadLetter.id} deadLetter={deadLetter} showApp={showApp} />)}
          </tbody>
        </table>
      )}
      {list.hasOlder && <button className="more" onClick={list.loadOlder} disabled={list.loading}>Show older</button>}
    </section>
  );
}
