import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Endpoint, EndpointHealth } from '../api/api-types';
import { ConsoleApi } from '../api/console-api';
import { FakeFetch } from '../testing/fake-fetch';
import { EndpointHealthTable } from './EndpointHealthTable';

const endpoint = (id: string, disabled: boolean): Endpoint => ({
  id, uid: null, url: `https://example.test/${id}`, description: '', disabled, filterTypes: null, channels: null, createdAt: '2026-03-01T10:00:00Z',
});

const healthy: EndpointHealth = {
  disabled: false, disabledReason: null, disabledAt: null,
  circuit: { state: 'closed', since: null, replicaId: null },
  successRate: { window: 100, attempts: 4, succeeded: 3, rate: 0.75 },
  lastAttempts: [
    { status: 0, responseStatusCode: 200, timestamp: '2026-03-01T10:00:04Z' },
    { status: 2, responseStatusCode: 503, timestamp: '2026-03-01T10:00:03Z' },
  ],
};

const gone: EndpointHealth = {
  disabled: true, disabledReason: 'gone', disabledAt: '2026-03-01T11:00:00Z',
  circuit: { state: 'open', since: '2026-03-01T10:59:00Z', replicaId: 'dispatcher-0/1' },
  successRate: { window: 100, attempts: 1, succeeded: 0, rate: 0 },
  lastAttempts: [{ status: 2, responseStatusCode: 410, timestamp: '2026-03-01T11:00:00Z' }],
};

function renderTable(endpoints: Endpoint[], api: FakeFetch) {
  render(<EndpointHealthTable api={new ConsoleApi('tok', api.fetch)} app="app_1" endpoints={endpoints} refreshKey={0} onSent={() => undefined} />);
}

describe('EndpointHealthTable', () => {
  it("shows each endpoint's health from the health route: rate, last codes, reported circuit, why it is disabled", async () => {
    const api = new FakeFetch()
      .on('GET', /\/endpoint\/ep_ok\/health$/, { status: 200, body: healthy })
      .on('GET', /\/endpoint\/ep_gone\/health$/, { status: 200, body: gone });
    renderTable([endpoint('ep_ok', false), endpoint('ep_gone', true)], api);

    const okRow = (await screen.findByText('75%')).closest('tr') as HTMLElement;
    expect(within(okRow).getByText('enabled')).toBeTruthy();
    expect(within(okRow).getByText('503')).toBeTruthy();
    expect(within(okRow).getByText('closed').getAttribute('title')).toBe('No dispatcher has opened this circuit');

    const goneRow = (await screen.findByText(/answered 410 Gone/)).closest('tr') as HTMLElement;
    expect(within(goneRow).getByText('disabled')).toBeTruthy();
    expect(within(goneRow).getByText('open').getAttribute('title')).toContain('dispatcher-0/1');
    expect(screen.getByRole('columnheader', { name: 'Circuit' })).toBeTruthy();
    expect(screen.queryByText(/inferred|Likely/i)).toBeNull();
    expect(api.callsTo('GET', /\/stats|\/attempt\/endpoint/)).toHaveLength(0);
  });

  it('shows the disable the route reports even when the endpoint list is older', async () => {
    const api = new FakeFetch().on('GET', /\/endpoint\/ep_1\/health$/, { status: 200, body: { ...gone, disabledReason: 'manual' } });
    renderTable([endpoint('ep_1', false)], api);
    expect(await screen.findByText(/Disabled by an operator/)).toBeTruthy();
    expect(screen.getByText('disabled')).toBeTruthy();
  });

  it('says when the health cannot be read', async () => {
    renderTable([endpoint('ep_1', false)], new FakeFetch());
    expect(await screen.findByText(/no fake for GET/)).toBeTruthy();
  });
});
