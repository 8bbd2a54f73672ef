import { randomBytes } from 'node:crypto';
import { SecretCipher } from './secret-cipher';

describe('SecretCipher', () => {
  const cipher = new SecretCipher(randomBytes(32));

  it('round-trips a secret for its owner', () => {
    const sealed = cipher.seal('whsec_abc', 'ep_1');
    expect(sealed.toString('utf8')).not.toContain('whsec_abc');
    expect(cipher.open(sealed, 'ep_1')).toBe('whsec_abc');
  });

  it('does not open a sealed secret under another owner', () => {
    const sealed = cipher.seal('whsec_abc', 'ep_1');
    expect(() => cipher.open(sealed, 'ep_2')).toThrow();
  });

  it('does not open with another master key', () => {
    const sealed = cipher.seal('whsec_abc', 'ep_1');
    expect(() => new SecretCipher(randomBytes(32)).open(sealed, 'ep_1')).toThrow();
  });
});
