import { useState, type FormEvent } from 'react';
import type { Endpoint } from '../api/api-types';
import type { ConsoleApi } from '../api/console-api';

interface Props {
  api: ConsoleApi;
  app: string;
  endpoint: Endpoint;
  onSent: () => void;
}

/**
 * Sends a test event as an ordinary message, shaped so this endpoint's filters accept it (one of its event types,
 * one of its channels). Other endpoints subscribed to the same type get it too, as with any message.
 */
export function SendTestEventForm({ api, app, endpoint, onSent }: Props) {
  const [eventType, setEventType] = useState(endpoint.filterTypes?.[0] ?? 'hookstream.test');
  const [payload, setPayload] = useState('{\n  "test": true\n}');
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(payload) as Record<string, unknown>;
    } catch {
      setError('The payload is not valid JSON');
      return;
    }
    try {
      const channels = endpoint.channels?.length ? [endpoint.channels[0]] : undefined;
      const message = await api.sendMessage(app, { eventType, payload: parsed, channels });
      setResult(`Sent ${message.id}`);
      onSent();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <form className="panel-block" onSubmit={submit}>
      <h4>Send test event</h4>
      <label>
        Event type
        {endpoint.filterTypes?.length ? (
          <select value={eventType} onChange={(e) => setEventType(e.target.value)} aria-label="Event type">
            {endpoint.filterTypes.map((type) => <option key={type}>{type}</option>)}
          </select>
        ) : (
          <input value={eventType} onChange={(e) => setEventType(e.target.value)} aria-label="Event type" />
        )}
      </label>
      <label>
        Payload
        <textarea rows={4} value={payload} onChange={(e) => setPayload(e.target.value)} aria-label="Payload" className="mono" />
      </label>
      <div className="actions"><button type="submit">Send test event</button></div>
      {result && <p className="ok small">{result}</p>}
      {error && <p className="error small" role="alert">{error}</p>}
    </form>
  );
}
