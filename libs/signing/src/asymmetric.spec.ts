import { createPublicKey, verify } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import {
  ed25519PublicKey,
  ed25519PublicKeyOf,
  generateEd25519Secret,
  isAcceptableAsymmetricSecret,
} from './asymmetric';
import { generateSecret } from './secrets';
import { acceptUserSecret, displayedKey, parseSigningKey } from './signing-key';
import { signatureHeadersWithKeys } from './signatures';

describe('ed25519 keys', () => {
  it('generates whsk_ secrets of 64 bytes (seed || public key) whose whpk_ is the raw public key', () => {
    const secret = generateEd25519Secret();
    expect(secret).toMatch(/^whsk_[A-Za-z0-9+/]{86}==$/);
    const publicKey = ed25519PublicKeyOf(secret);
    expect(publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(5), 'base64').subarray(32).equals(Buffer.from(publicKey.slice(5), 'base64'))).toBe(true);
    expect(isAcceptableAsymmetricSecret(secret)).toBe(true);
  });

  it('accepts Svix\'s published whsk_ example and rejects a tampered one', () => {
    const svixExample = 'whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg==';
    expect(isAcceptableAsymmetricSecret(svixExample)).toBe(true);
    expect(ed25519PublicKeyOf(svixExample)).toBe('whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=');
    const tampered = 'whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlaaaaaaaaaaAJ6p9lMicMFs6Kvg==';
    expect(isAcceptableAsymmetricSecret(tampered)).toBe(false);
    expect(acceptUserSecret(tampered)).toBeNull();
  });

  it('signs v1a over id.timestamp.body, verifiable with Node\'s ed25519 verify', () => {
    const key = parseSigningKey(generateEd25519Secret());
    const body = '{"a":1}';
    const headers = signatureHeadersWithKeys({ msgId: 'msg_1', timestamp: 1700000000, body, keys: [key], profiles: [] });
    const [version, signature] = headers['webhook-signature'].split(',');
    expect(version).toBe('v1a');
    const publicKey = ed25519PublicKey(displayedKey(key));
    expect(verify(null, Buffer.from(`msg_1.1700000000.${body}`), publicKey, Buffer.from(signature, 'base64'))).toBe(true);
    if (key.type !== 'ed25519') throw new Error('expected an ed25519 key');
    expect(createPublicKey(key.privateKey).equals(publicKey)).toBe(true);
  });

  it('signs with an HMAC and an ed25519 key side by side during a rotation', () => {
    const hmac = generateSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const body = '{"b":2}';
    const headers = signatureHeadersWithKeys({
      msgId: 'msg_2',
      timestamp,
      body,
      keys: [parseSigningKey(generateEd25519Secret()), parseSigningKey(hmac)],
      profiles: [],
    });
    expect(headers['webhook-signature']).toMatch(/^v1a,\S+ v1,\S+$/);
    expect(new Webhook(hmac).verify(body, headers)).toEqual({ b: 2 });
  });

  it('refuses legacy profiles when the newest key is ed25519', () => {
    const key = parseSigningKey(generateEd25519Secret());
    expect(() =>
      signatureHeadersWithKeys({ msgId: 'm', timestamp: 1, body: '{}', keys: [key], profiles: [{ type: 'hmac-hex', header: 'x-sig' }] }),
    ).toThrow(/needs a whsec_ secret/);
  });

  it('shows whsec_ secrets as they are and ed25519 keys only by their public half', () => {
    const hmac = generateSecret();
    expect(displayedKey(parseSigningKey(hmac))).toBe(hmac);
    const secret = generateEd25519Secret();
    expect(displayedKey(parseSigningKey(secret))).toBe(ed25519PublicKeyOf(secret));
  });
});
