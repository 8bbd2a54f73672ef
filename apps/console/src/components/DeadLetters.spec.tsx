import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DeadLetter } from '../api/api-types';
import { ConsoleApi } from '../api/console-api';
import { FakeFetch, page } from '../testing/fake-fetch';
import { DeadLetters } from './DeadLetters';

const deadLetter = (id: string, appId: string | null, reason: string): DeadLetter => ({
  id, consumer: 'ingest-events', stream: 'HOOKSTREAM_EVENTS', streamSeq: 42, subject: `hs.events.${appId ?? 'x'}.render`, appId,
  deliveries: 5, reason, excerpt: '{"eventType":"render.completed","payload":{"jobId":"job_9"}}', recordedAt: '2026-03-01T10:00:00Z',
});

const APP_ROUTE = /\/api\/v1\/app\/app_1\/dead-letter\?/;
const ALL_ROUTE = /\/api\/v1\/dead-letter\?/;

function rowOf(id: string): HTMLElement {
  const row = document.querySelector<HTMLElement>(`tr[data-dead-letter="${id}"]`);
  if (!row) throw new Error(`no row for ${id}`);
  return row;
}

describe('DeadLetters', () => {
  it("lists the app's dead letters with consumer, deliveries and reason, and opens the excerpt", async () => {
    const api = new FakeFetch().on('GET', APP_ROUTE, { status: 200, body: page([deadLetter('dl_1', 'app_1', 'SyntaxError: Unexpected token')]) });
    render(<DeadLetters api={new ConsoleApi('tok', api.fetch)} scope={{ kind: 'app', appId: 'app_1' }} />);

    expect(await screen.findByText('SyntaxError: Unexpected token')).toBeTruthy();
    const row = rowOf('dl_1');
    expect(within(row).getByText('ingest-events')).toBeTruthy();
    expect(within(row).getByText('5')).toBeTruthy();
    expect(screen.queryByRole('columnheader', { name: 'App' })).toBeNull();
    expect(screen.queryByText(/"jobId":"job_9"/)).toBeNull();

    fireEvent.click(within(row).getByRole('button', { name: 'Excerpt' }));
    expect(screen.getByText(/"jobId":"job_9"/)).toBeTruthy();
    expect(screen.getByText(/HOOKSTREAM_EVENTS #42/)).toBeTruthy();
    expect(api.callsTo('GET', ALL_ROUTE)).toHaveLength(0);
  });

  it('says there are none when the app has no dead letters', async () => {
    const api = new FakeFetch().on('GET', APP_ROUTE, { status: 200, body: page([]) });
    render(<DeadLetters api={new ConsoleApi('tok', api.fetch)} scope={{ kind: 'app', appId: 'app_1' }} />);
    expect(await screen.findByText('No dead letters.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it("shows the API's error instead of an empty list", async () => {
    const api = new FakeFetch().on('GET', APP_ROUTE, { status: 403, body: { code: 'forbidden', detail: 'This token is not for that app' } });
    render(<DeadLetters api={new ConsoleApi('tok', api.fetch)} scope={{ kind: 'app', appId: 'app_1' }} />);
    expect((await screen.findByRole('alert')).textContent).toBe('403: This token is not for that app');
    expect(screen.queryByText('No dead letters.')).toBeNull();
  });

  it('reads the list again when the view refreshes', async () => {
    let recorded: DeadLetter[] = [];
    const api = new FakeFetch().on('GET', APP_ROUTE, () => ({ status: 200, body: page(recorded) }));
    const props = { api: new ConsoleApi('tok', api.fetch), scope: { kind: 'app', appId: 'app_1' } as const };
    const { rerender } = render(<DeadLetters {...props} refreshKey={0} />);
    await screen.findByText('No dead letters.');

    recorded = [deadLetter('dl_2', 'app_1', 'TypeError: boom')];
    rerender(<DeadLetters {...props} refreshKey={1} />);
    expect(await screen.findByText('TypeError: boom')).toBeTruthy();
  });

  it("lists every app's dead letters from the cross-app route with each row's app, and pages to older ones", async () => {
    const api = new FakeFetch().on('GET', ALL_ROUTE, (call) =>
      new URL(call.url, 'http://console.test').searchParams.get('iterator') === 'older'
        ? { status: 200, body: page([deadLetter('dl_old', 'app_2', 'Error: old')]) }
        : { status: 200, body: { data: [deadLetter('dl_new', 'app_1', 'Error: new'), deadLetter('dl_none', null, 'Error: no app')], iterator: 'older', prevIterator: null, done: false } },
    );
    render(<DeadLetters api={new ConsoleApi('tok', api.fetch)} scope={{ kind: 'all' }} />);

    await screen.findByText('Error: new');
    expect(screen.getByRole('columnheader', { name: 'App' })).toBeTruthy();
    expect(within(rowOf('dl_new')).getByText('app_1')).toBeTruthy();
    expect(within(rowOf('dl_none')).getByText('no app')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Show older' }));
    await waitFor(() => expect(within(rowOf('dl_old')).getByText('app_2')).toBeTruthy());
    const ids = [...document.querySelectorAll('tr[data-dead-letter]')].map((r) => r.getAttribute('data-dead-letter'));
    expect(ids).toEqual(['dl_new', 'dl_none', 'dl_old']);
    expect(screen.queryByRole('button', { name: 'Show older' })).toBeNull();
    expect(api.callsTo('GET', /\/app\//)).toHaveLength(0);
  });
});
