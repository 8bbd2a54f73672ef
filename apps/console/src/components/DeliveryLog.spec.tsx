import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Endpoint, LiveStatus } from '../api/api-types';
import { ConsoleApi } from '../api/console-api';
import { FakeFetch, page } from '../testing/fake-fetch';
import { DeliveryLog } from './DeliveryLog';

const endpoint = (id: string, url: string): Endpoint => ({ id, uid: null, url, description: '', disabled: false, filterTypes: null, channels: null, createdAt: '' });
const ENDPOINTS = [endpoint('ep_a', 'http://a.test/hook'), endpoint('ep_b', 'http://b.test/hook')];
const message = (id: string, minute: number, statusText: string) => ({
  id, eventType: 'render.completed', eventId: null, payload: {}, channels: null, timestamp: `2026-03-01T10:0${minute}:00.000Z`, statusText, status: statusText === 'fail' ? 2 : 0,
});

function fakeApi(): FakeFetch {
  return new FakeFetch()
    .on('GET', /endpoint\/ep_a\/msg\?/, { status: 200, body: page([message('msg_old', 1, 'success')]) })
    .on('GET', /endpoint\/ep_b\/msg\?/, { status: 200, body: page([message('msg_new', 2, 'fail')]) })
    .on('POST', /msg\/msg_new\/endpoint\/ep_b\/resend$/, { status: 202, body: {} });
}

function rowOf(msgId: string): HTMLElement {
  const row = document.querySelector<HTMLElement>(`tr[data-msg="${msgId}"]`);
  if (!row) throw new Error(`no row for ${msgId}`);
  return row;
}

describe('DeliveryLog', () => {
  it("merges every endpoint's deliveries, newest first, with their status", async () => {
    const api = fakeApi();
    render(<DeliveryLog api={new ConsoleApi('tok', api.fetch)} app="app_1" endpoints={ENDPOINTS} latest={null} refreshKey={0} />);
    await screen.findByText('msg_new');
    const rows = [...document.querySelectorAll('tr[data-msg]')].map((r) => [r.getAttribute('data-msg'), r.getAttribute('data-status')]);
    expect(rows).toEqual([['msg_new', 'fail'], ['msg_old', 'success']]);
    expect(within(rowOf('msg_new')).getByText('http://b.test/hook')).toBeTruthy();
  });

  it('passes the status, event type and endpoint filters to the API', async () => {
    const api = fakeApi();
    render(<DeliveryLog api={new ConsoleApi('tok', api.fetch)} app="app_1" endpoints={ENDPOINTS} latest={null} refreshKey={0} />);
    await screen.findByText('msg_new');
    fireEvent.change(screen.getByLabelText('Status filter'), { target: { value: 'fail' } });
    fireEvent.change(screen.getByLabelText('Event type filter'), { target: { value: 'render.failed' } });
    fireEvent.change(screen.getByLabelText('Endpoint filter'), { target: { value: 'ep_b' } });

    await waitFor(() => expect(document.querySelector('tr[data-msg="msg_old"]')).toBeNull());
    const last = new URL(api.calls[api.calls.length - 1].url, 'http://console.test');
    expect(last.pathname).toBe('/api/v1/app/app_1/endpoint/ep_b/msg');
    expect(last.searchParams.get('status')).toBe('2');
    expect(last.searchParams.get('event_types')).toBe('render.failed');
  });

  it('resends a delivery and shows the status the live stream reports', async () => {
    const api = fakeApi();
    const props = { api: new ConsoleApi('tok', api.fetch), app: 'app_1', endpoints: ENDPOINTS, refreshKey: 0 };
    const { rerender } = render(<DeliveryLog {...props} latest={null} />);
    await screen.findByText('msg_new');

    fireEvent.click(within(rowOf('msg_new')).getByRole('button', { name: 'Resend' }));
    await waitFor(() => expect(api.callsTo('POST', /resend$/)).toHaveLength(1));

    const succeeded: LiveStatus = { appId: 'app_1', msgId: 'msg_new', endpointId: 'ep_b', statusText: 'success', timestamp: '2026-03-01T10:05:00Z' };
    rerender(<DeliveryLog {...props} latest={succeeded} />);
    await waitFor(() => expect(rowOf('msg_new').getAttribute('data-status')).toBe('success'));
    expect(within(rowOf('msg_new')).getByText('succeeded')).toBeTruthy();
    expect(rowOf('msg_old').getAttribute('data-status')).toBe('success');
  });

  it('opens a delivery to show the request body and each attempt with its response', async () => {
    const api = fakeApi()
      .on('GET', /\/msg\/msg_new\?with_content=true$/, { status: 200, body: { ...message('msg_new', 2, 'fail'), payload: { jobId: 'job_9' } } })
      .on('GET', /\/attempt\/msg\/msg_new\?endpoint_id=ep_b/, {
        status: 200,
        body: page([{ id: 'atmpt_1', msgId: 'msg_new', endpointId: 'ep_b', url: 'http://b.test/hook', response: 'upstream exploded', responseStatusCode: 502, responseDurationMs: 12, status: 2, statusText: 'fail', triggerType: 0, timestamp: '2026-03-01T10:02:01Z' }]),
      });
    render(<DeliveryLog api={new ConsoleApi('tok', api.fetch)} app="app_1" endpoints={ENDPOINTS} latest={null} refreshKey={0} />);
    fireEvent.click(await screen.findByRole('button', { name: 'msg_new' }));

    expect(await screen.findByText('upstream exploded')).toBeTruthy();
    expect(screen.getByText(/"jobId": "job_9"/)).toBeTruthy();
    expect(screen.getByText('502')).toBeTruthy();
  });

  it('reads the attempts again until they show the status the live stream reported before the projection had it', async () => {
    const failed = { id: 'atmpt_1', msgId: 'msg_new', endpointId: 'ep_b', url: 'http://b.test/hook', response: 'upstream exploded', responseStatusCode: 502, responseDurationMs: 12, status: 2, statusText: 'fail', triggerType: 0, timestamp: '2026-03-01T10:02:01Z' };
    const resent = { ...failed, id: 'atmpt_2', response: 'thanks', responseStatusCode: 200, status: 0, statusText: 'success', triggerType: 1, timestamp: '2026-03-01T10:05:00Z' };
    let projected = false;
    const api = fakeApi()
      .on('GET', /\/msg\/msg_new\?with_content=true$/, { status: 200, body: message('msg_new', 2, 'fail') })
      .on('GET', /\/attempt\/msg\/msg_new\?endpoint_id=ep_b/, () => ({ status: 200, body: page(projected ? [resent, failed] : [failed]) }));
    const props = { api: new ConsoleApi('tok', api.fetch), app: 'app_1', endpoints: ENDPOINTS, refreshKey: 0 };
    const { rerender } = render(<DeliveryLog {...props} latest={null} />);
    fireEvent.click(await screen.findByRole('button', { name: 'msg_new' }));
    await screen.findByText('upstream exploded');

    rerender(<DeliveryLog {...props} latest={{ appId: 'app_1', msgId: 'msg_new', endpointId: 'ep_b', statusText: 'success', timestamp: resent.timestamp }} />);
    const readsAtChange = api.callsTo('GET', /\/attempt\/msg\/msg_new/).length;
    await waitFor(() => expect(api.callsTo('GET', /\/attempt\/msg\/msg_new/).length).toBeGreaterThan(readsAtChange + 1));
    projected = true;
    expect(await screen.findByText('thanks')).toBeTruthy();
  });
});
