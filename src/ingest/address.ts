// Which IP addresses a crawler must never connect to. A feed URL is user input: without this
// check, "http://169.254.169.254/" or a hostname resolving to 10.0.0.1 would let a config file
// (or a redirect from a hostile feed) reach the cloud metadata service or the intranet.
import { isIP } from 'node:net';

type Range = readonly [base: number, bits: number];

// IPv4 ranges that are not the public internet (RFC 6890 and friends).
const V4_FORBIDDEN: readonly Range[] = [
  [ip4(0, 0, 0, 0), 8], // "this network", includes the unspecified 0.0.0.0
  [ip4(10, 0, 0, 0), 8], // private
  [ip4(100, 64, 0, 0), 10], // carrier-grade NAT, often routes to the provider's own boxes
  [ip4(127, 0, 0, 0), 8], // loopback
  [ip4(169, 254, 0, 0), 16], // link-local: cloud metadata lives here
  [ip4(172, 16, 0, 0), 12], // private
  [ip4(192, 0, 0, 0), 24], // IETF protocol assignments
  [ip4(192, 168, 0, 0), 16], // private
  [ip4(198, 18, 0, 0), 15], // benchmarking
  [ip4(224, 0, 0, 0), 4], // multicast
  [ip4(240, 0, 0, 0), 4], // reserved, includes broadcast 255.255.255.255
];

function ip4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

function parseV4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const n = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  if (n.some((x) => Number.isNaN(x) || x > 255)) return null;
  return ip4(n[0]!, n[1]!, n[2]!, n[3]!);
}

function inRange(addr: number, [base, bits]: Range): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (addr & mask) >>> 0 === (base & mask) >>> 0;
}

function v4Forbidden(addr: number): boolean {
  return V4_FORBIDDEN.some((r) => inRange(addr, r));
}

/** Eight 16-bit groups, or null when `s` is not an IPv6 address. */
function parseV6(s: string): number[] | null {
  let text = s.replace(/%.*$/, ''); // zone id ("fe80::1%eth0") says nothing about the range
  let tail: number[] = [];
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parseV4(dotted[1]!);
    if (v4 === null) return null;
    tail = [v4 >>> 16, v4 & 0xffff];
    // Keep a "::" that ends right before the dotted quad; drop a lone separating ":".
    text = `${text.slice(0, dotted.index)}:`;
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !rest) return null;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 2) {
    if (known > 7) return null;
    return [...head, ...new Array(8 - known).fill(0), ...rest, ...tail];
  }
  return known === 8 ? [...head, ...tail] : null;
}

function v6Forbidden(g: number[]): boolean {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return true; // ::
  if (zeros(0, 7) && g[7] === 1) return true; // ::1
  const embedded = ((g[6]! << 16) >>> 0) + g[7]!;
  // ::ffff:a.b.c.d (IPv4-mapped) and the deprecated ::a.b.c.d reach the IPv4 host itself.
  if (zeros(0, 5) && g[5] === 0xffff) return v4Forbidden(embedded);
  if (zeros(0, 6)) return v4Forbidden(embedded);
  // NAT64 64:ff9b::/96 translates to any IPv4 address, private ones included: refuse it all.
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return true;
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((first & 0xffc0) === 0xfec0) return true; // fec0::/10 old site-local
  if ((first & 0xff00) === 0xff00) return true; // multicast
  return false;
}

/**
 * True when `address` (an IP literal) is private, loopback, link-local, CGNAT, multicast,
 * unspecified or otherwise not a public unicast address. Anything unparseable is refused too.
 */
export function isForbiddenAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const kind = isIP(bare.replace(/%.*$/, ''));
  if (kind === 4) return v4Forbidden(parseV4(bare)!);
  if (kind === 6) {
    const g = parseV6(bare);
    return g === null ? true : v6Forbidden(g);
  }
  return true;
}
