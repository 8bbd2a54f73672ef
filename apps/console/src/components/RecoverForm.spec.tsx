import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConsoleApi } from '../api/console-api';
import { FakeFetch } from '../testing/fake-fetch';
import { RecoverForm } from './RecoverForm';

const RECOVER = /\/api\/v1\/app\/app_1\/endpoint\/ep_1\/recover$/;
const NOW = Date.parse('2026-03-01T10:00:00Z');

describe('RecoverForm', () => {
  it('asks the API to recover failed deliveries since the chosen window and shows the task', async () => {
    const api = new FakeFetch().on('POST', RECOVER, { status: 202, body: { id: 'qtask_1', status: 'running', task: 'endpoint.recover' } });
    render(<RecoverForm api={new ConsoleApi('tok', api.fetch)} app="app_1" endpointId="ep_1" now={() => NOW} />);

    fireEvent.change(screen.getByLabelText('Recover since'), { target: { value: String(3600_000) } });
    fireEvent.click(screen.getByRole('button', { name: 'Recover' }));

    expect(await screen.findByText(/task qtask_1, running/)).toBeTruthy();
    expect(api.callsTo('POST', RECOVER).map((c) => c.body)).toEqual([{ since: '2026-03-01T09:00:00.000Z' }]);
  });

  it('shows why a recover was refused', async () => {
    const api = new FakeFetch().on('POST', RECOVER, { status: 422, body: { code: 'validation', detail: 'since must be a Date instance' } });
    render(<RecoverForm api={new ConsoleApi('tok', api.fetch)} app="app_1" endpointId="ep_1" now={() => NOW} />);
    fireEvent.click(screen.getByRole('button', { name: 'Recover' }));
    expect((await screen.findByRole('alert')).textContent).toContain('since must be a Date instance');
  });
});
