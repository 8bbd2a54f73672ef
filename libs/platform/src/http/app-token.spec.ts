import { randomBytes } from 'node:crypto';
import { appTokenKey, issueAppToken, verifyAppToken } from './app-token';

describe('app-scoped tokens', () => {
  const key = appTokenKey(randomBytes(32));
  const claims = { app: 'app_1', uid: 'renders', exp: Math.floor(Date.now() / 1000) + 60 };

  it('verifies a token it issued and returns its claims', () => {
    expect(verifyAppToken(key, issueAppToken(key, claims))).toEqual(claims);
  });

  it('refuses an expired token, a tampered payload, and a token of another master key', () => {
    expect(verifyAppToken(key, issueAppToken(key, { ...claims, exp: 1 }))).toBeNull();
    const [payload, signature] = issueAppToken(key, claims).slice(5).split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, app: 'app_2' })).toString('base64url');
    expect(verifyAppToken(key, `hsat_${forged}.${signature}`)).toBeNull();
    expect(verifyAppToken(key, `hsat_${payload}.${signature}x`)).toBeNull();
    expect(verifyAppToken(appTokenKey(randomBytes(32)), issueAppToken(key, claims))).toBeNull();
    expect(verifyAppToken(key, 'hs_dev_admin_token')).toBeNull();
  });
});
