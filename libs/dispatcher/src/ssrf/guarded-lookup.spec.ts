import { AddressPolicy } from './address-policy';
import { guardedLookup } from './guarded-lookup';

function resolve(host: string, allow: string[]): Promise<string> {
  return new Promise((done) => {
    guardedLookup(new AddressPolicy(allow))(host, { all: true }, (error, addresses) => {
      done(error ? error.message : (addresses as Array<{ address: string }>).map((a) => a.address).join(','));
    });
  });
}

describe('guardedLookup (after DNS resolution, no traffic)', () => {
  it('refuses a name that resolves to loopback', async () => {
    expect(await resolve('localhost', [])).toMatch(/^blocked by SSRF guard: localhost resolves to (127\.0\.0\.1|::1) is in a loopback range$/);
  });

  it('hands over the checked addresses when allowlisted', async () => {
    expect(await resolve('localhost', ['127.0.0.0/8', '::1/128'])).toMatch(/127\.0\.0\.1|::1/);
  });
});
