import Table from 'cli-table3';

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

/** A bordered table of `rows`; an empty list says so instead of drawing an empty table. */
export function renderTable<T>(columns: Column<T>[], rows: T[], color = false): string {
  if (rows.length === 0) return '(none)';
  const table = new Table({ head: columns.map((column) => column.header), style: { head: color ? ['cyan'] : [], border: [] } });
  for (const row of rows) table.push(columns.map((column) => cell(column.value(row))));
  return table.toString();
}

/** `label  value` lines, labels aligned: how one resource is shown. */
export function renderRecord(entries: Array<[string, unknown]>): string {
  const width = Math.max(...entries.map(([label]) => label.length));
  return entries.map(([label, value]) => `${label.padEnd(width)}  ${cell(value)}`).join('\n');
}

export function cell(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(cell).join(', ');
  if (typeof value === 'object') return Object.keys(value).length === 0 ? '—' : JSON.stringify(value);
  return String(value);
}
