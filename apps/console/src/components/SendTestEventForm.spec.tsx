import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../api/api-types';
import { ConsoleApi } from '../api/console-api';
import { FakeFetch } from '../testing/fake-fetch';
import { SendTestEventForm } from './SendTestEventForm';

const SEND = /\/api\/v1\/app\/app_1\/msg$/;
const filtered: Endpoint = { id: 'ep_1', uid: null, url: 'http://x', description: '', disabled: false, filterTypes: ['render.completed', 'render.failed'], channels: ['project.p1'], createdAt: '' };

describe('SendTestEventForm', () => {
  it("sends a message this endpoint's filters accept: one of its types, one of its channels", async () => {
    const api = new FakeFetch().on('POST', SEND, { status: 202, body: { id: 'msg_test' } });
    let sent = 0;
    render(<SendTestEventForm api={new ConsoleApi('tok', api.fetch)} app="app_1" endpoint={filtered} onSent={() => sent++} />);

    fireEvent.change(screen.getByLabelText('Event type'), { target: { value: 'render.failed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send test event' }));

    expect(await screen.findByText('Sent msg_test')).toBeTruthy();
    expect(api.callsTo('POST', SEND)[0].body).toEqual({ eventType: 'render.failed', payload: { test: true }, channels: ['project.p1'] });
    expect(sent).toBe(1);
  });

  it('refuses a payload that is not JSON without calling the API', () => {
    const api = new FakeFetch();
    render(<SendTestEventForm api={new ConsoleApi('tok', api.fetch)} app="app_1" endpoint={{ ...filtered, filterTypes: null, channels: null }} onSent={() => undefined} />);
    expect((screen.getByLabelText('Event type') as HTMLInputElement).value).toBe('hookstream.test');
    fireEvent.change(screen.getByLabelText('Payload'), { target: { value: '{ nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send test event' }));
    expect(screen.getByRole('alert').textContent).toBe('The payload is not valid JSON');
    expect(api.calls).toHaveLength(0);
  });
});
