// Which IP addresses a crawler must never connect to. A feed URL is user input: without this
// check, "http://169.254.169.254/" or a hostname resolving to 10.0.0.1 would let a config file
// (or a redirect from a hostile feed) reach the cloud metadata service or the intranet.
//
// Two independent opinions must both say "public": ipaddr.js (maintained, parses every textual
// form and classifies the special ranges it knows) and our own deny list, taken from the IANA
// IPv4 and IPv6 special-purpose address registries. IPv6 forms that carry an IPv4 address the
// packet really goes to (IPv4-mapped, 6to4) are judged by that IPv4 address.
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

const cidrs = (list: readonly string[]): readonly Cidr[] =>
  Object.freeze(list.map((c) => ipaddr.parseCIDR(c)));

// IANA IPv4 special-purpose registry, plus multicast; none of them is a public web host.
const V4_DENY = cidrs([
  '0.0.0.0/8', // "this network", includes the unspecified 0.0.0.0
  '10.0.0.0/8', // private
  '100.64.0.0/10', // carrier-grade NAT, often routes to the provider's own boxes
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local: cloud metadata lives here
  '172.16.0.0/12', // private
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation (TEST-NET-1)
  '192.88.99.0/24', // deprecated 6to4 relay anycast
  '192.168.0.0/16', // private
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation (TEST-NET-2)
  '203.0.113.0/24', // documentation (TEST-NET-3)
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, includes broadcast 255.255.255.255
]);

// IANA IPv6 special-purpose registry, refused whole.
const V6_DENY = cidrs([
  '::/96', // unspecified, loopback and the deprecated IPv4-compatible ::a.b.c.d
  '::ffff:0:0:0/96', // IPv4-translated (SIIT): a translator decides where it goes
  '64:ff9b::/96', // NAT64 well-known prefix: any IPv4 address, private ones included
  '64:ff9b:1::/48', // NAT64 local-use prefix: the same, inside one network
  '100::/64', // discard-only
  '2001::/23', // IETF protocol assignments, includes Teredo 2001::/32 (a tunnel to anywhere)
  '2001:db8::/32', // documentation
  '3fff::/20', // documentation (RFC 9637)
  '5f00::/16', // segment routing SIDs (RFC 9602)
  'fc00::/7', // unique local
  'fe80::/10', // link-local
  'fec0::/10', // old site-local
  'ff00::/8', // multicast
]);

const MAPPED = ipaddr.parseCIDR('::ffff:0:0/96');
const SIX_TO_FOUR = ipaddr.parseCIDR('2002::/16');

function v4Forbidden(addr: ipaddr.IPv4): boolean {
  return addr.range() !== 'unicast' || V4_DENY.some((c) => addr.match(c));
}

/** The IPv4 address a packet to `addr` really reaches, for the forms that carry one. */
function embeddedV4(addr: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = addr.parts;
  if (addr.match(MAPPED)) return addr.toIPv4Address();
  // 6to4: 2002:AABB:CCDD::/48 is the site behind the IPv4 address AA.BB.CC.DD.
  if (addr.match(SIX_TO_FOUR)) {
    return new ipaddr.IPv4([p[1]! >> 8, p[1]! & 0xff, p[2]! >> 8, p[2]! & 0xff]);
  }
  return null;
}

function v6Forbidden(addr: ipaddr.IPv6): boolean {
  const v4 = embeddedV4(addr);
  if (v4) return v4Forbidden(v4);
  return addr.range() !== 'unicast' || V6_DENY.some((c) => addr.match(c));
}

/**
 * True when `address` (an IP literal) is private, loopback, link-local, CGNAT, multicast,
 * unspecified, documentation, a translation or tunnel prefix, or otherwise not a public
 * unicast address. Anything unparseable is refused too.
 */
export function isForbiddenAddress(address: string): boolean {
  // A zone id ("fe80::1%eth0") says nothing about the range.
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  try {
    switch (isIP(bare)) {
      // Dotted decimal only: "0x7f.1" or "010.0.0.1" are read differently by different parsers.
      case 4:
        return !ipaddr.IPv4.isValidFourPartDecimal(bare) || v4Forbidden(ipaddr.IPv4.parse(bare));
      case 6:
        return v6Forbidden(ipaddr.IPv6.parse(bare));
      default:
        return true;
    }
  } catch {
    return true;
  }
}
