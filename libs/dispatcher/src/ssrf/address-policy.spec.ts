import { AddressPolicy } from './address-policy';

describe('AddressPolicy', () => {
  const guard = new AddressPolicy([]);

  it.each([
    ['169.254.169.254', 'linkLocal'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['127.0.0.1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
  ])('refuses %s (%s)', (ip, range) => {
    expect(guard.refusal(ip)).toBe(`${ip} is in a ${range} range`);
  });

  it.each(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'])('lets public %s through', (ip) => {
    expect(guard.refusal(ip)).toBeNull();
  });

  it('lets allowlisted CIDRs through and nothing next to them', () => {
    const dev = new AddressPolicy(['127.0.0.1/32', '::1/128']);
    expect(dev.refusal('127.0.0.1')).toBeNull();
    expect(dev.refusal('::1')).toBeNull();
    expect(dev.refusal('127.0.0.2')).toBe('127.0.0.2 is in a loopback range');
    expect(dev.refusal('10.0.0.1')).toBe('10.0.0.1 is in a private range');
  });

  it('refuses what is not an address', () => {
    expect(guard.refusal('example.com')).toBe('example.com is not an IP address');
  });
});
