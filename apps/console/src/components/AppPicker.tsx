import type { Application } from '../api/api-types';

interface Props {
  apps: Application[];
  selected: string | null;
  onSelect: (appId: string) => void;
}

/** The operator's list of applications. */
export function AppPicker({ apps, selected, onSelect }: Props) {
  if (apps.length === 0) return <p className="muted">No applications yet: create one with POST /api/v1/app.</p>;
  return (
    <nav className="app-picker" aria-label="Applications">
      {apps.map((app) => (
        <button key={app.id} className={app.id === selected ? 'app-tab active' : 'app-tab'} onClick={() => onSelect(app.id)} aria-pressed={app.id === selected}>
          {app.name}
          <span className="muted mono">{app.uid ?? app.id}</span>
        </button>
      ))}
    </nav>
  );
}
