import { cell, renderRecord, renderTable } from './table';

describe('tables and records', () => {
  const rows = [
    { id: 'app_1', uid: 'renders', schedule: [5, 30] },
    { id: 'app_2', uid: null, schedule: [] },
  ];
  const columns = [
    { header: 'id', value: (row: (typeof rows)[number]) => row.id },
    { header: 'uid', value: (row: (typeof rows)[number]) => row.uid },
    { header: 'schedule', value: (row: (typeof rows)[number]) => row.schedule },
  ];

  it('draws one row per item under the headers, without colour codes when colour is off', () => {
    const lines = renderTable(columns, rows).split('\n');
    expect(lines[1]).toMatch(/│ id\s+│ uid\s+│ schedule │/);
    expect(lines.find((line) => line.includes('app_1'))).toMatch(/app_1\s+│ renders │ 5, 30/);
    expect(lines.find((line) => line.includes('app_2'))).toMatch(/app_2\s+│ —\s+│ —/);
    expect(renderTable(columns, rows)).not.toContain('\u001b[');
  });

  it('says (none) for an empty list', () => {
    expect(renderTable(columns, [])).toBe('(none)');
  });

  it('aligns record labels', () => {
    expect(renderRecord([['id', 'ep_1'], ['event types', ['a', 'b']]])).toBe('id           ep_1\nevent types  a, b');
  });

  it('shows missing values as a dash and objects as JSON', () => {
    expect([cell(undefined), cell(null), cell({}), cell({ a: '1' }), cell(false)]).toEqual(['—', '—', '—', '{"a":"1"}', 'false']);
  });
});
