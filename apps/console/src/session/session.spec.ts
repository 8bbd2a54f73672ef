import { describe, expect, it } from 'vitest';
import { sessionFor, tokenStore } from './session';

const appToken = (claims: object) => `hsat_${btoa(JSON.stringify(claims)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}.c2lnbmF0dXJl`;

describe('sessionFor', () => {
  it('takes any other token for the operator', () => {
    expect(sessionFor('  hs_dev_admin_token ')).toEqual({ kind: 'operator', token: 'hs_dev_admin_token' });
  });

  it('reads the app of an app-scoped token for its portal', () => {
    const token = appToken({ app: 'app_123', uid: 'renders', exp: 1 });
    expect(sessionFor(token)).toEqual({ kind: 'app', token, appId: 'app_123' });
  });

  it('refuses an app-scoped token whose payload names no app', () => {
    expect(() => sessionFor('hsat_bm90IGpzb24.sig')).toThrow(/malformed/);
    expect(() => sessionFor(appToken({ uid: 'x' }))).toThrow(/malformed/);
  });
});

describe('tokenStore', () => {
  it('keeps the token in sessionStorage until cleared', () => {
    tokenStore.save('hs_token');
    expect(sessionStorage.getItem('hookstream.console.token')).toBe('hs_token');
    expect(tokenStore.load()).toBe('hs_token');
    tokenStore.clear();
    expect(tokenStore.load()).toBeNull();
  });
});
