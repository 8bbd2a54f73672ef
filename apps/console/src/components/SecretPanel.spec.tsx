import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ConsoleApi } from '../api/console-api';
import { FakeFetch } from '../testing/fake-fetch';
import { SecretPanel } from './SecretPanel';

const SECRET = /\/api\/v1\/app\/app_1\/endpoint\/ep_1\/secret$/;
const ROTATE = /\/api\/v1\/app\/app_1\/endpoint\/ep_1\/secret\/rotate$/;

describe('SecretPanel', () => {
  it('hides the secret until revealed, then shows what the API returns', async () => {
    const api = new FakeFetch().on('GET', SECRET, { status: 200, body: { key: 'whsec_first' } });
    render(<SecretPanel api={new ConsoleApi('tok', api.fetch)} app="app_1" endpointId="ep_1" />);
    expect(screen.getByLabelText('Signing secret').textContent).not.toContain('whsec_');
    expect(api.calls).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Reveal' }));
    expect(await screen.findByText('whsec_first')).toBeTruthy();
    expect(api.calls[0].authorization).toBe('Bearer tok');

    fireEvent.click(screen.getByRole('button', { name: 'Hide' }));
    expect(screen.queryByText('whsec_first')).toBeNull();
  });

  it('rotates after confirmation and shows the new secret', async () => {
    let current = 'whsec_old';
    const api = new FakeFetch()
      .on('GET', SECRET, () => ({ status: 200, body: { key: current } }))
      .on('POST', ROTATE, () => {
        current = 'whsec_new';
        return { status: 204 };
      });
    vi.stubGlobal('confirm', () => true);
    render(<SecretPanel api={new ConsoleApi('tok', api.fetch)} app="app_1" endpointId="ep_1" />);

    fireEvent.click(screen.getByRole('button', { name: 'Rotate' }));
    expect(await screen.findByText('whsec_new')).toBeTruthy();
    expect(api.callsTo('POST', ROTATE)).toHaveLength(1);
    expect(screen.getByText(/Rotated/)).toBeTruthy();
  });

  it('does not rotate when the confirmation is declined, and shows API errors', async () => {
    const api = new FakeFetch().on('GET', SECRET, { status: 404, body: { code: 'not_found', detail: 'Endpoint not found' } });
    vi.stubGlobal('confirm', () => false);
    render(<SecretPanel api={new ConsoleApi('tok', api.fetch)} app="app_1" endpointId="ep_1" />);

    fireEvent.click(screen.getByRole('button', { name: 'Rotate' }));
    expect(api.callsTo('POST', ROTATE)).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Reveal' }));
    expect((await screen.findByRole('alert')).textContent).toBe('404: Endpoint not found');
  });
});
