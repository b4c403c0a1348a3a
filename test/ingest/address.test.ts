import { describe, expect, it } from 'vitest';
import { isForbiddenAddress } from '../../src/ingest/address.ts';

describe('isForbiddenAddress', () => {
  // Addresses a hostile feed URL or redirect could aim the crawler at.
  it.each([
    ['127.0.0.1', 'IPv4 loopback'],
    ['10.1.2.3', 'private 10/8'],
    ['172.16.0.1', 'private 172.16/12'],
    ['172.31.255.255', 'top of 172.16/12'],
    ['192.168.1.1', 'private 192.168/16'],
    ['169.254.169.254', 'cloud metadata (link-local)'],
    ['100.64.0.1', 'CGNAT 100.64/10'],
    ['100.127.255.254', 'top of CGNAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fe80::1', 'IPv6 link-local'],
    ['fe80::1%eth0', 'link-local with a zone'],
    ['fd12:3456::1', 'unique local fc00::/7'],
    ['ff02::1', 'IPv6 multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex form'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['[::1]', 'bracketed as in a URL'],
    ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1'],
    ['64:ff9b::808:808', 'NAT64 of anything'],
    ['not-an-ip', 'garbage'],
    ['', 'empty'],
    ['1.2.3', 'three parts'],
    ['::ffff:999.0.0.1', 'mapped, bad octet'],
    // The forms the tester got through before ipaddr.js and the registry deny list.
    ['64:ff9b:1::a00:1', 'local-use NAT64 of 10.0.0.1'],
    ['::ffff:0:10.0.0.1', 'IPv4-translated 10.0.0.1'],
    ['::ffff:0:127.0.0.1', 'IPv4-translated loopback'],
    ['2002:7f00:1::1', '6to4 of 127.0.0.1'],
    ['2002:a00:1::1', '6to4 of 10.0.0.1'],
    ['2002:a9fe:a9fe::1', '6to4 of 169.254.169.254'],
    ['2002:c0a8:101::1', '6to4 of 192.168.1.1'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo (RFC 4380 example)'],
  ])('refuses %s (%s)', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(true);
  });

  // Public unicast addresses, including ones next to the forbidden ranges.
  it.each([
    ['8.8.8.8'],
    ['93.184.216.34'],
    ['100.63.255.255'], // just below CGNAT
    ['100.128.0.1'], // just above CGNAT
    ['172.32.0.1'], // just above 172.16/12
    ['2001:4860:4860::8888'],
    ['2a01:cb00::1'], // Orange France
    ['::ffff:8.8.8.8'], // IPv4-mapped: judged by the IPv4 address it reaches
    ['2002:808:808::1'], // 6to4 of 8.8.8.8: the same
  ])('allows %s', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });
});

// Every block of the IANA special-purpose registries (IPv4 and IPv6), tested at its first and
// last address, with the public addresses right outside each one still allowed.
describe('isForbiddenAddress over the IANA special-purpose registries', () => {
  // [block, first address, last address]
  const v4: [string, string, string][] = [
    ['0.0.0.0/8', '0.0.0.0', '0.255.255.255'],
    ['10.0.0.0/8', '10.0.0.0', '10.255.255.255'],
    ['100.64.0.0/10', '100.64.0.0', '100.127.255.255'],
    ['127.0.0.0/8', '127.0.0.0', '127.255.255.255'],
    ['169.254.0.0/16', '169.254.0.0', '169.254.255.255'],
    ['172.16.0.0/12', '172.16.0.0', '172.31.255.255'],
    ['192.0.0.0/24', '192.0.0.0', '192.0.0.255'],
    ['192.0.2.0/24', '192.0.2.0', '192.0.2.255'],
    ['192.88.99.0/24', '192.88.99.0', '192.88.99.255'],
    ['192.168.0.0/16', '192.168.0.0', '192.168.255.255'],
    ['198.18.0.0/15', '198.18.0.0', '198.19.255.255'],
    ['198.51.100.0/24', '198.51.100.0', '198.51.100.255'],
    ['203.0.113.0/24', '203.0.113.0', '203.0.113.255'],
    ['224.0.0.0/4', '224.0.0.0', '239.255.255.255'],
    ['240.0.0.0/4', '240.0.0.0', '255.255.255.254'],
    ['255.255.255.255/32', '255.255.255.255', '255.255.255.255'],
  ];
  const v6: [string, string, string][] = [
    ['::/128', '::', '0:0:0:0:0:0:0:0'],
    ['::1/128', '::1', '0:0:0:0:0:0:0:1'],
    // IPv4-mapped: refused when the IPv4 address is (public ones are allowed above).
    ['::ffff:0:0/96 (mapped private)', '::ffff:0.0.0.0', '::ffff:255.255.255.255'],
    ['::ffff:0:0:0/96', '::ffff:0:0:0', '::ffff:0:ffff:ffff'],
    ['64:ff9b::/96', '64:ff9b::', '64:ff9b::ffff:ffff'],
    ['64:ff9b:1::/48', '64:ff9b:1::', '64:ff9b:1:ffff:ffff:ffff:ffff:ffff'],
    ['100::/64', '100::', '100::ffff:ffff:ffff:ffff'],
    ['2001::/23', '2001::', '2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['2001::/32 Teredo', '2001::1', '2001:0:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['2001:db8::/32', '2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'],
    // 6to4: refused when the embedded IPv4 address is (here 0.0.0.0 and 255.255.255.255).
    ['2002::/16 (embedded special)', '2002::', '2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['fc00::/7', 'fc00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['fe80::/10', 'fe80::', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['ff00::/8', 'ff00::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ];
  it.each([...v4, ...v6])('refuses %s from %s to %s', (_, first, last) => {
    expect(isForbiddenAddress(first)).toBe(true);
    expect(isForbiddenAddress(last)).toBe(true);
  });

  // The public neighbours of those blocks.
  it.each([
    ['1.0.0.1'],
    ['9.255.255.255'],
    ['11.0.0.0'],
    ['126.255.255.255'],
    ['128.0.0.1'],
    ['169.253.255.255'],
    ['169.255.0.0'],
    ['172.15.255.255'],
    ['192.0.1.0'],
    ['192.0.3.0'],
    ['192.88.98.255'],
    ['192.88.100.0'],
    ['192.167.255.255'],
    ['192.169.0.0'],
    ['198.17.255.255'],
    ['198.20.0.0'],
    ['198.51.99.255'],
    ['198.51.101.0'],
    ['203.0.112.255'],
    ['203.0.114.0'],
    ['223.255.255.255'],
    ['2001:200::1'], // just above 2001::/23
    ['2003::1'],
    ['2606:4700:4700::1111'],
    ['2a00:1450:4007:80e::200e'],
  ])('allows %s', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });
});
