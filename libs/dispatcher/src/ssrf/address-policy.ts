import * as ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

/**
 * The SSRF guard's decision for one resolved address: only public unicast addresses pass, unless an allowlisted
 * CIDR covers them. Everything else — private, loopback, link-local (incl. 169.254.169.254 metadata), CGNAT,
 * ULA, multicast, reserved, IPv4-mapped and translation ranges — is refused.
 */
export class AddressPolicy {
  private readonly allow: Cidr[];

  constructor(allowCidrs: readonly string[]) {
    this.allow = allowCidrs.map((cidr) => ipaddr.parseCIDR(cidr));
  }

  /** Null when the address may be connected to, else the reason it may not. */
  refusal(ip: string): string | null {
    if (!ipaddr.isValid(ip)) return `${ip} is not an IP address`;
    const address = normalize(ipaddr.parse(ip));
    if (this.allow.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits))) return null;
    const range = address.range();
    if (range === 'unicast') return null;
    return `${ip} is in a ${range} range`;
  }
}

/** `::ffff:10.0.0.1` is judged as the IPv4 address it carries. */
function normalize(address: Address): Address {
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (address as ipaddr.IPv6).toIPv4Address();
  }
  return address;
}
