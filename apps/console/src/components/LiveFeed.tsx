import type { LiveStatus } from '../api/api-types';
import { StatusBadge } from './StatusBadge';

interface Props {
  events: LiveStatus[];
  state: 'connecting' | 'live' | 'offline';
}

/** The latest status changes from the app's SSE stream, newest first. */
export function LiveFeed({ events, state }: Props) {
  return (
    <section className="card live-feed" aria-label="Live">
      <h2>
        Live <span className={`dot dot-${state}`} title={state} /> <span className="muted small">{state}</span>
      </h2>
      {events.length === 0 && <p className="muted small">Waiting for deliveries…</p>}
      <ul>
        {events.map((event, index) => (
          <li key={`${event.msgId}-${event.endpointId}-${event.timestamp}-${index}`}>
            <StatusBadge status={event.statusText} />
            <span className="mono small">{event.msgId}</span>
            <span className="muted small">{new Date(event.timestamp).toLocaleTimeString()}{event.responseStatusCode !== undefined ? ` · HTTP ${event.responseStatusCode}` : ''}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
