import { isNonPublicAddress } from './non-public-addresses';

describe('isNonPublicAddress', () => {
  const judged = (addresses: string[]) => addresses.map((address) => [address, isNonPublicAddress(address)]);
  const all = (addresses: string[], refused: boolean) => addresses.map((address) => [address, refused]);

  it('refuses loopback, private, link-local, shared, documentation, benchmarking and reserved IPv4', () => {
    const refused = [
      '0.0.0.0',
      '0.255.255.255',
      '10.0.0.1',
      '10.255.255.255',
      '100.64.0.1',
      '100.127.255.255',
      '127.0.0.1',
      '127.255.255.254',
      '169.254.169.254',
      '172.16.0.1',
      '172.31.255.255',
      '192.0.0.8',
      '192.0.2.1',
      '192.0.2.255',
      '192.168.1.10',
      '198.18.0.1',
      '198.19.255.255',
      '198.51.100.7',
      '203.0.113.9',
      '224.0.0.1',
      '239.255.255.250',
      '240.0.0.1',
      '255.255.255.255',
    ];
    expect(judged(refused)).toEqual(all(refused, true));
  });

  it('lets public IPv4 through, also right beside the refused ranges', () => {
    const allowed = [
      '1.1.1.1',
      '8.8.8.8',
      '9.255.255.255',
      '11.0.0.0',
      '100.63.255.255',
      '100.128.0.0',
      '103.10.20.30',
      '126.255.255.255',
      '128.0.0.0',
      '169.253.255.255',
      '172.15.255.255',
      '172.32.0.0',
      '192.0.1.255',
      '192.0.3.0',
      '192.167.255.255',
      '192.169.0.0',
      '198.17.255.255',
      '198.20.0.0',
      '198.51.99.255',
      '198.51.101.0',
      '203.0.112.255',
      '203.0.114.0',
      '223.255.255.255',
    ];
    expect(judged(allowed)).toEqual(all(allowed, false));
  });

  it('refuses IPv6 loopback, unspecified, unique-local, link-local, site-local, multicast, documentation, Teredo and discard', () => {
    const refused = [
      '::',
      '::1',
      '0:0:0:0:0:0:0:1',
      'fc00::1',
      'fd12:3456:789a::1',
      'fe80::1',
      'fe80::1%eth0',
      'febf:ffff::1',
      'fec0::1',
      'ff02::1',
      'ff05::1:3',
      '2001:db8::1',
      '2001:DB8:ffff::1',
      '2001:0:4136:e378:8000:63bf:3fff:fdd2',
      '100::1',
      '64:ff9b:1::a00:1',
    ];
    expect(judged(refused)).toEqual(all(refused, true));
  });

  it('lets public IPv6 through', () => {
    const allowed = ['2001:df0::1', '2001:4860:4860::8888', '2400:cb00::1', '2606:4700::6810:84e5', '2001:db9::1'];
    expect(judged(allowed)).toEqual(all(allowed, false));
  });

  it('judges IPv6 addresses that carry an IPv4 address by that address', () => {
    const refused = [
      '::ffff:127.0.0.1',
      '::FFFF:7f00:1',
      '::ffff:10.0.0.1',
      '::ffff:192.168.0.1',
      '::ffff:169.254.169.254',
      '0:0:0:0:0:ffff:7f00:0001',
      '::127.0.0.1',
      '::7f00:1',
      '::10.1.2.3',
      '::ffff:0:127.0.0.1',
      '::ffff:0:a00:1',
      '64:ff9b::127.0.0.1',
      '64:ff9b::a00:1',
      '64:ff9b::192.168.1.1',
      '64:ff9b::c000:201',
      '2002:7f00:1::',
      '2002:a00:1::1',
      '2002:c0a8:101:1::1',
      '2002:a9fe:a9fe::',
      '2002:c633:6407::1',
      '::ffff:198.18.0.1',
      '::ffff:203.0.113.1',
    ];
    expect(judged(refused)).toEqual(all(refused, true));
    const allowed = [
      '::ffff:8.8.8.8',
      '::ffff:808:808',
      '::8.8.8.8',
      '64:ff9b::8.8.8.8',
      '64:ff9b::101:101',
      '2002:808:808::1',
    ];
    expect(judged(allowed)).toEqual(all(allowed, false));
  });

  it('refuses what is not an address', () => {
    const refused = ['', 'localhost', 'example.com', '256.0.0.1', '1.2.3', 'fe80::g', '::ffff:1.2.3.256'];
    expect(judged(refused)).toEqual(all(refused, true));
  });
});
