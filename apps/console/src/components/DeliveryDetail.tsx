import { useEffect, useState } from 'react';
import type { Attempt, Message } from '../api/api-types';
import type { ConsoleApi } from '../api/console-api';
import { ResponseCode, StatusBadge } from './StatusBadge';

interface Props {
  api: ConsoleApi;
  app: string;
  msgId: string;
  endpointId: string;
  /** Changes when the delivery's status changed, so the attempts are read again. */
  version: string;
}

/**
 * The live stream reports a status the moment its attempt is published, a little before delivery-log has projected
 * the attempt: until the newest attempt read shows that status, the attempts are read again, a few times.
 */
const REREAD_MS = 250;
const MAX_REREADS = 8;

function showsStatus(attempts: Attempt[], status: string): boolean {
  if (status !== 'success' && status !== 'fail') return true;
  const newest = attempts.reduce<Attempt | null>((a, b) => (a === null || b.timestamp > a.timestamp ? b : a), null);
  return newest?.statusText === status;
}

/** One delivery in full: the request body sent and every attempt with its response. */
export function DeliveryDetail({ api, app, msgId, endpointId, version }: Props) {
  const [message, setMessage] = useState<Message | null>(null);
  const [attempts, setAttempts] = useState<Attempt[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = (rereads: number) =>
      Promise.all([api.message(app, msgId), api.attempts(app, msgId, endpointId)]).then(
        ([found, list]) => {
          if (!live) return;
          setMessage(found);
          setAttempts(list.data);
          if (rereads > 0 && !showsStatus(list.data, version)) timer = setTimeout(() => read(rereads - 1), REREAD_MS);
        },
        (e: Error) => live && setError(e.message),
      );
    void read(MAX_REREADS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, app, msgId, endpointId, version]);

  if (error) return <p className="error small">{error}</p>;
  if (!message) return <p className="muted small">Loading…</p>;
  return (
    <div className="detail">
      <div>
        <h4>Request</h4>
        <p className="small mono">POST {attempts[0]?.url ?? ''}</p>
        <p className="small muted">webhook-id: {message.id} · event type: {message.eventType}{message.eventId ? ` · event id: ${message.eventId}` : ''}</p>
        <pre>{JSON.stringify(message.payload, null, 2)}</pre>
      </div>
      <div>
        <h4>Attempts ({attempts.length})</h4>
        {attempts.length === 0 && <p className="muted small">No attempt yet.</p>}
        {attempts.map((attempt) => (
          <div className="attempt" key={attempt.id}>
            <div className="attempt-head">
              <StatusBadge status={attempt.statusText} /> <ResponseCode code={attempt.responseStatusCode} />
              <span className="muted small">{new Date(attempt.timestamp).toLocaleString()} · {attempt.responseDurationMs} ms · {attempt.triggerType === 1 ? 'manual' : 'scheduled'}</span>
            </div>
            <pre className="response">{attempt.response || '(empty response body)'}</pre>
          </div>
        ))}
      </div>
    </div>
  );
}
