import { UsageError } from '../api/cli-errors';
import { collectSignatureProfile, describeSignatureProfile, parseSignatureProfile } from './signature-profile';

describe('signature profiles on the command line', () => {
  it('reads hmac-hex with and without a prefix, and timestamped', () => {
    expect(parseSignatureProfile('hmac-hex:x-render-signature')).toEqual({ type: 'hmac-hex', header: 'x-render-signature' });
    expect(parseSignatureProfile('hmac-hex:X-VideoPilot-Signature:sha256=')).toEqual({ type: 'hmac-hex', header: 'X-VideoPilot-Signature', prefix: 'sha256=' });
    expect(parseSignatureProfile('timestamped:Sync-Signature')).toEqual({ type: 'timestamped', header: 'Sync-Signature' });
  });

  it('rejects unknown types, a missing header and a prefix on timestamped', () => {
    expect(() => parseSignatureProfile('hmac-sha1:x-sig')).toThrow(UsageError);
    expect(() => parseSignatureProfile('hmac-hex')).toThrow(/must look like/);
    expect(() => parseSignatureProfile('timestamped:Sync-Signature:t=')).toThrow(/takes no prefix/);
  });

  it('collects repeated options and prints them back the way they are typed', () => {
    const profiles = collectSignatureProfile('timestamped:Sync-Signature', collectSignatureProfile('hmac-hex:X-Sig:sha256='));
    expect(profiles.map(describeSignatureProfile)).toEqual(['hmac-hex:X-Sig:sha256=', 'timestamped:Sync-Signature']);
  });
});
