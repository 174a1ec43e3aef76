import { describe, expect, it } from 'vitest';
import { isPublicAddress, parseHostLiteral } from '../../src/enrichment/address-policy.js';

describe('isPublicAddress', () => {
  const notPublic: [string, string][] = [
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback /8'],
    ['10.0.0.1', 'private 10/8'],
    ['10.255.255.255', 'private 10/8 end'],
    ['172.16.0.1', 'private 172.16/12'],
    ['172.31.255.255', 'private 172.16/12 end'],
    ['192.168.1.1', 'private 192.168/16'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'CGNAT 100.64/10'],
    ['100.127.255.255', 'CGNAT end'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'this network 0/8'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast 224/4'],
    ['239.255.255.250', 'multicast SSDP'],
    ['240.0.0.1', 'reserved 240/4'],
    ['192.0.2.1', 'TEST-NET-1'],
    ['198.51.100.7', 'TEST-NET-2'],
    ['203.0.113.9', 'TEST-NET-3'],
    ['198.18.0.1', 'benchmarking 198.18/15'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fe80::1', 'IPv6 link-local'],
    ['fe80::1%eth0', 'IPv6 link-local with zone'],
    ['fc00::1', 'unique-local fc00::/7'],
    ['fd12:3456:789a::1', 'unique-local fd'],
    ['ff02::1', 'multicast ff00::/8'],
    ['ff0e::1', 'global multicast'],
    ['2001:db8::1', 'documentation 2001:db8::/32'],
    ['fec0::1', 'deprecated site-local'],
    ['100::1', 'discard 100::/64'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['::ffff:169.254.169.254', 'IPv4-mapped link-local'],
    ['::ffff:0:a00:1', 'IPv4-translated private (rfc6145)'],
    ['::127.0.0.1', 'IPv4-compatible loopback (deprecated)'],
    ['::7f00:1', 'IPv4-compatible loopback, hex'],
    ['::8.8.8.8', 'IPv4-compatible (deprecated) even if public'],
    ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1'],
    ['64:ff9b::7f00:1', 'NAT64 of 127.0.0.1'],
    ['64:ff9b:1::a9fe:a9fe', 'local-use NAT64 of 169.254.169.254'],
    ['2002:7f00:1::1', '6to4 of 127.0.0.1'],
    ['2002:c0a8:101::1', '6to4 of 192.168.1.1'],
    ['2001::1', 'Teredo'],
    ['2001:2::1', 'benchmarking IPv6'],
    ['4000::1', 'outside 2000::/3'],
    ['[::1]', 'bracketed loopback'],
    ['localhost', 'not an IP'],
    ['example.org', 'not an IP'],
    ['', 'empty'],
    ['1.2.3.4.5', 'garbage'],
  ];
  it.each(notPublic)('refuses %s (%s)', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  const publicAddrs = [
    '93.184.216.34',
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255', // just below 172.16/12
    '172.32.0.1', // just above
    '100.63.255.255', // just below CGNAT
    '100.128.0.1', // just above CGNAT
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:93.184.216.34', // mapped public
    '64:ff9b::5db8:d822', // NAT64 of 93.184.216.34
    '2002:5db8:d822::1', // 6to4 of 93.184.216.34
  ];
  it.each(publicAddrs)('allows public address %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });
});

describe('parseHostLiteral', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['[::ffff:127.0.0.1]', '::ffff:7f00:1'],
    ['[::1]', '::1'],
    ['::1', '::1'],
    ['127.0.0.1.', '127.0.0.1'],
  ])('recognises %s as the IP %s', (host, ip) => {
    expect(parseHostLiteral(host)).toBe(ip);
  });

  it.each(['localhost', 'example.org', 'public.test', '', 'xn--nxasmq6b.com'])('returns null for host name %j', (host) => {
    expect(parseHostLiteral(host)).toBeNull();
  });
});

describe('WHATWG URL normalises IP spellings in hostname (the fetcher relies on this)', () => {
  it.each([
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://2130706433/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://127.000.000.001/', '127.0.0.1'],
    ['http://127.0.0.1./', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
    ['http://[0:0:0:0:0:0:0:1]/', '[::1]'],
  ])('%s has hostname %s, which is refused', (url, hostname) => {
    const h = new URL(url).hostname;
    expect(h).toBe(hostname);
    const ip = parseHostLiteral(h);
    expect(ip).not.toBeNull();
    expect(isPublicAddress(ip!)).toBe(false);
  });
});
