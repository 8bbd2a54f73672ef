import { useEffect, useState } from 'react';
import type { Application } from '../api/api-types';
import type { ConsoleApi } from '../api/console-api';
import type { Session } from '../session/session';
import { AppPicker } from './AppPicker';
import { AppView } from './AppView';

interface Props {
  api: ConsoleApi;
  session: Session;
  /** The operator's apps, or the one app of a portal session. */
  apps: Application[];
  onLogout: () => void;
}

/** The signed-in console: header, the operator's app list (a portal shows its one app), the selected app. */
export function ConsoleShell({ api, session, apps, onLogout }: Props) {
  const [selected, setSelected] = useState<string | null>(apps[0]?.id ?? null);
  useEffect(() => {
    if (!apps.some((app) => app.id === selected)) setSelected(apps[0]?.id ?? null);
  }, [apps, selected]);
  const app = apps.find((a) => a.id === selected) ?? null;

  return (
    <div className="shell">
      <header className="topbar">
        <strong>Hookstream</strong>
        <span className="muted">{session.kind === 'operator' ? 'Operator console' : `Portal · ${apps[0]?.name ?? session.appId}`}</span>
        <button className="link" onClick={onLogout}>Sign out</button>
      </header>
      {session.kind === 'operator' && <AppPicker apps={apps} selected={selected} onSelect={setSelected} />}
      {app && <h1 className="app-title">{app.name} <span className="muted mono small">{app.id}</span></h1>}
      {app && <AppView key={app.id} api={api} app={app} />}
    </div>
  );
}
