import { assertHeadersAllowed, mergeHeaders, redactHeaders } from './endpoint-headers';

describe('endpoint headers', () => {
  it('refuses headers Hookstream sets or that break HTTP', () => {
    for (const name of ['Content-Type', 'user-agent', 'webhook-id', 'svix-signature', 'Host', 'content-length']) {
      expect(() => assertHeadersAllowed({ [name]: 'x' })).toThrow(/may not be set/);
    }
    expect(() => assertHeadersAllowed({ 'X-Tenant': 'a', Authorization: 'Bearer t' })).not.toThrow();
  });

  it('lists credentials as sensitive and hides their values', () => {
    expect(redactHeaders({ Authorization: 'Bearer t', 'X-Tenant': 'a' })).toEqual({ headers: { 'X-Tenant': 'a' }, sensitive: ['Authorization'] });
  });

  it('merges a patch, null removing a header whatever its case', () => {
    expect(mergeHeaders({ 'X-A': '1', 'X-B': '2' }, { 'x-a': null, 'X-C': '3' })).toEqual({ 'X-B': '2', 'X-C': '3' });
  });
});
