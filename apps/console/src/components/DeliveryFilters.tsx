import type { DeliveryFilter, Endpoint, StatusText } from '../api/api-types';

export interface DeliveryLogFilter extends DeliveryFilter {
  /** An endpoint id, or undefined for every endpoint. */
  endpointId?: string;
}

interface Props {
  endpoints: Endpoint[];
  filter: DeliveryLogFilter;
  onChange: (filter: DeliveryLogFilter) => void;
}

const STATUSES: Array<[StatusText, string]> = [['fail', 'failed'], ['success', 'succeeded'], ['pending', 'pending'], ['sending', 'sending'], ['canceled', 'cancelled']];

/** Filters of the delivery log: status, event type, endpoint, time range. */
export function DeliveryFilters({ endpoints, filter, onChange }: Props) {
  const set = (patch: Partial<DeliveryLogFilter>) => onChange({ ...filter, ...patch });
  return (
    <div className="filters">
      <label>
        Status
        <select aria-label="Status filter" value={filter.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as StatusText | undefined })}>
          <option value="">any</option>
          {STATUSES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      <label>
        Event type
        <input aria-label="Event type filter" placeholder="render.completed" value={filter.eventType ?? ''} onChange={(e) => set({ eventType: e.target.value || undefined })} />
      </label>
      <label>
        Endpoint
        <select aria-label="Endpoint filter" value={filter.endpointId ?? ''} onChange={(e) => set({ endpointId: e.target.value || undefined })}>
          <option value="">all</option>
          {endpoints.map((endpoint) => <option key={endpoint.id} value={endpoint.id}>{endpoint.url}</option>)}
        </select>
      </label>
      <label>
        After
        <input aria-label="After" type="datetime-local" value={toLocalInput(filter.after)} onChange={(e) => set({ after: fromLocalInput(e.target.value) })} />
      </label>
      <label>
        Before
        <input aria-label="Before" type="datetime-local" value={toLocalInput(filter.before)} onChange={(e) => set({ before: fromLocalInput(e.target.value) })} />
      </label>
    </div>
  );
}

function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function fromLocalInput(value: string): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}
