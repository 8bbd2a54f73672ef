import { useEffect, useState } from 'react';
import type { Application } from '../api/api-types';
import type { ConsoleApi } from '../api/console-api';
import type { Session } from '../session/session';
import { AppPicker } from './AppPicker';
import { AppView } from './AppView';
import { DeadLetters } from './DeadLetters';

interface Props {
  api: ConsoleApi;
  session: Session;
  /** The operator's apps, or the one app of a portal session. */
  apps: Application[];
  onLogout: () => void;
}

/** The signed-in console: header, the operator's app list and cross-app dead letters (a portal shows its one app), the selected app. */
export function ConsoleShell({ api, session, apps, onLogout }: Props) {
  const [selected, setSelected] = useState<string | null>(apps[0]?.id ?? null);
  const [allDeadLetters, setAllDeadLetters] = useState(false);
  useEffect(() => {
    if (!apps.some((app) => app.id === selected)) setSelected(apps[0]?.id ?? null);
  }, [apps, selected]);
  const operator = session.kind === 'operator';
  const showAllDeadLetters = operator && allDeadLetters;
  const app = showAllDeadLetters ? null : (apps.find((a) => a.id === selected) ?? null);
  const selectApp = (appId: string) => {
    setSelected(appId);
    setAllDeadLetters(false);
  };

  return (
    <div className="shell">
      <header className="topbar">
        <strong>Hookstream</strong>
        <span className="muted">{operator ? 'Operator console' : `Portal · ${apps[0]?.name ?? session.appId}`}</span>
        <button className="link" onClick={onLogout}>Sign out</button>
      </header>
      {operator && (
        <div className="operator-nav">
          <AppPicker apps={apps} selected={app?.id ?? null} onSelect={selectApp} />
          <button className={showAllDeadLetters ? 'app-tab active' : 'app-tab'} onClick={() => setAllDeadLetters(true)} aria-pressed={showAllDeadLetters}>
            Dead letters
            <span className="muted">every app</span>
          </button>
        </div>
      )}
      {showAllDeadLetters && <DeadLetters api={api} scope={{ kind: 'all' }} />}
      {app && <h1 className="app-title">{app.name} <span className="muted mono small">{app.id}</span></h1>}
      {app && <AppView key={app.id} api={api} app={app} />}
    </div>
  );
}
