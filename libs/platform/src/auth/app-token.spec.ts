import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { issueAppToken, tokenKeyId, verifyAppToken } from './app-token';

describe('app-scoped tokens', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keys = new Map<string, KeyObject>([[tokenKeyId(publicKey), publicKey]]);
  const publicKeyOf = (kid: string) => keys.get(kid);

  it('verifies a token it issued and returns its claims, bound to the app id', () => {
    const { token, claims } = issueAppToken(privateKey, 'app_1', 60);
    expect(verifyAppToken(token, publicKeyOf)).toEqual(claims);
    expect(claims).toMatchObject({ app: 'app_1', kid: tokenKeyId(privateKey), exp: claims.iat + 60 });
  });

  it('gives every token its own id', () => {
    expect(issueAppToken(privateKey, 'app_1', 60).claims.jti).not.toBe(issueAppToken(privateKey, 'app_1', 60).claims.jti);
  });

  it('refuses an expired token', () => {
    const { token } = issueAppToken(privateKey, 'app_1', 60, 1000);
    expect(verifyAppToken(token, publicKeyOf, 1059)).not.toBeNull();
    expect(verifyAppToken(token, publicKeyOf, 1060)).toBeNull();
  });

  it('refuses a tampered payload or signature', () => {
    const { token, claims } = issueAppToken(privateKey, 'app_1', 60);
    const [payload, signature] = token.slice(5).split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, app: 'app_2' })).toString('base64url');
    expect(verifyAppToken(`hsat_${forged}.${signature}`, publicKeyOf)).toBeNull();
    expect(verifyAppToken(`hsat_${payload}.A${signature.slice(1)}`, publicKeyOf)).toBeNull();
    expect(verifyAppToken(`hsat_${payload}.${signature}.x`, publicKeyOf)).toBeNull();
  });

  it('refuses a token of a key it does not know, even one that names a known key id', () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    expect(verifyAppToken(issueAppToken(other, 'app_1', 60).token, publicKeyOf)).toBeNull();
    const { claims } = issueAppToken(other, 'app_1', 60);
    const lying = Buffer.from(JSON.stringify({ ...claims, kid: tokenKeyId(publicKey) })).toString('base64url');
    const { token } = issueAppToken(other, 'app_1', 60);
    expect(verifyAppToken(`hsat_${lying}.${token.split('.')[1]}`, publicKeyOf)).toBeNull();
  });

  it('refuses what is not an app token', () => {
    for (const token of ['hs_dev_admin_token', 'hsat_', 'hsat_abc', 'hsat_!!.??', `hsat_${Buffer.from('[]').toString('base64url')}.x`]) {
      expect(verifyAppToken(token, publicKeyOf)).toBeNull();
    }
  });
});
