import { useState } from 'react';
import type { ConsoleApi } from '../api/console-api';

interface Props {
  api: ConsoleApi;
  app: string;
  endpointId: string;
}

/** The endpoint's signing secret: hidden until revealed; rotating makes a new one (the old signs through the grace period). */
export function SecretPanel({ api, app, endpointId }: Props) {
  const [secret, setSecret] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reveal = async () => {
    setError(null);
    try {
      setSecret(await api.secret(app, endpointId));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const rotate = async () => {
    if (!window.confirm('Rotate the signing secret? The current one keeps signing through the grace period.')) return;
    setError(null);
    try {
      await api.rotateSecret(app, endpointId);
      setSecret(await api.secret(app, endpointId));
      setNote('Rotated: receivers should switch to the new secret.');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="panel-block">
      <h4>Signing secret</h4>
      <code className="secret" aria-label="Signing secret">{secret ?? '••••••••••••••••••••••••'}</code>
      <div className="actions">
        {secret === null ? <button onClick={reveal}>Reveal</button> : <button onClick={() => setSecret(null)}>Hide</button>}
        <button className="danger" onClick={rotate}>Rotate</button>
      </div>
      {note && <p className="ok small">{note}</p>}
      {error && <p className="error small" role="alert">{error}</p>}
    </div>
  );
}
