import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from './App';
import { FakeFetch, page } from './testing/fake-fetch';

const OPERATOR = 'hs_operator_token_123';
const app = (id: string, name: string) => ({ id, uid: null, name, createdAt: '2026-03-01T10:00:00Z' });

function fakeApi(): FakeFetch {
  return new FakeFetch()
    .on('GET', /\/api\/v1\/app\?/, (call) => (call.authorization === `Bearer ${OPERATOR}` ? { status: 200, body: page([app('app_1', 'Renders'), app('app_2', 'Lipsync')]) } : { status: 401, body: { code: 'authentication_failed', detail: 'Invalid or missing bearer token' } }))
    .on('GET', /\/api\/v1\/app\/app_2$/, { status: 200, body: app('app_2', 'Lipsync') })
    .on('GET', /\/endpoint\?/, { status: 200, body: page([]) })
    .on('GET', /\/events\/stream$/, { status: 200 })
    .on('GET', /\/dead-letter\?/, { status: 200, body: page([]) });
}

function signIn(token: string) {
  fireEvent.change(screen.getByLabelText('Token'), { target: { value: token } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('App sign-in', () => {
  it('shows every app to the operator and keeps the token for the tab', async () => {
    render(<App fetchFn={fakeApi().fetch} />);
    signIn(OPERATOR);
    expect(await screen.findByText('Operator console')).toBeTruthy();
    expect(screen.getByRole('button', { name: /Renders/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Lipsync/ })).toBeTruthy();
    expect(sessionStorage.getItem('hookstream.console.token')).toBe(OPERATOR);
  });

  it('says so when the token is refused, and keeps nothing', async () => {
    render(<App fetchFn={fakeApi().fetch} />);
    signIn('hs_wrong_token_456');
    expect((await screen.findByRole('alert')).textContent).toBe('That token was not accepted.');
    expect(sessionStorage.getItem('hookstream.console.token')).toBeNull();
  });

  it("opens an app-scoped token on its app's portal, without the app list", async () => {
    const api = fakeApi();
    const token = `hsat_${btoa(JSON.stringify({ app: 'app_2', uid: null, exp: 9999999999 }))}.sig`;
    render(<App fetchFn={api.fetch} />);
    signIn(token);
    expect(await screen.findByText('Portal · Lipsync')).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Applications' })).toBeNull();
    expect(api.callsTo('GET', /\/api\/v1\/app\?/)).toHaveLength(0);
  });
});

describe('dead letters by session', () => {
  const CROSS_APP = /\/api\/v1\/dead-letter\?/;

  it("lets the operator open every app's dead letters from the cross-app route", async () => {
    const api = fakeApi();
    render(<App fetchFn={api.fetch} />);
    signIn(OPERATOR);
    await screen.findByText('Operator console');
    await waitFor(() => expect(api.callsTo('GET', /\/api\/v1\/app\/app_1\/dead-letter\?/)).toHaveLength(1));
    expect(api.callsTo('GET', CROSS_APP)).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: /Dead letters/ }));
    expect(await screen.findByText(/across every app/)).toBeTruthy();
    await waitFor(() => expect(api.callsTo('GET', CROSS_APP)).toHaveLength(1));
    expect(api.callsTo('GET', CROSS_APP)[0].authorization).toBe(`Bearer ${OPERATOR}`);
    expect(screen.queryByRole('heading', { name: /Renders/ })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: /Lipsync/ }));
    await waitFor(() => expect(api.callsTo('GET', /\/api\/v1\/app\/app_2\/dead-letter\?/)).toHaveLength(1));
    expect(screen.queryByText(/across every app/)).toBeNull();
  });

  it("shows a portal its own app's dead letters and never calls the cross-app route", async () => {
    const api = fakeApi();
    const token = `hsat_${btoa(JSON.stringify({ app: 'app_2', uid: null, exp: 9999999999 }))}.sig`;
    render(<App fetchFn={api.fetch} />);
    signIn(token);
    expect(await screen.findByText('No dead letters.')).toBeTruthy();
    expect(api.callsTo('GET', /\/api\/v1\/app\/app_2\/dead-letter\?/)).toHaveLength(1);
    expect(screen.queryByRole('button', { name: /Dead letters/ })).toBeNull();
    expect(api.callsTo('GET', CROSS_APP)).toHaveLength(0);
  });
});
