import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { AddressPolicy } from './address-policy';

export class SsrfBlockedError extends Error {
  readonly code = 'SSRF_BLOCKED';
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls connect: resolves the host, refuses the connection when any resolved address is
 * refused by the policy (so a name cannot mix a public and a private answer), and hands the checked addresses to
 * the socket — the connection goes to exactly what was checked, with no second resolution to race.
 */
export function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.map((a) => policy.refusal(a.address)).find((reason) => reason !== null);
      if (refused) return callback(new SsrfBlockedError(`blocked by SSRF guard: ${hostname} resolves to ${refused}`), []);
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      callback(null, first.address, first.family);
    });
  };
}
