import { isIP } from 'node:net';

// Which IP addresses an outbound request may connect to. Anything that is not plainly a
// public unicast address is refused: loopback, RFC 1918, CGNAT, link-local (cloud metadata
// at 169.254.169.254), unique-local, multicast, unspecified, documentation and reserved
// ranges, and every IPv6 form that embeds one of those IPv4 addresses.

type Range = readonly [base: number, bits: number];

const V4_NOT_PUBLIC: readonly Range[] = [
  [v4('0.0.0.0'), 8], // "this network", unspecified
  [v4('10.0.0.0'), 8], // RFC 1918
  [v4('100.64.0.0'), 10], // CGNAT
  [v4('127.0.0.0'), 8], // loopback
  [v4('169.254.0.0'), 16], // link-local, cloud metadata
  [v4('172.16.0.0'), 12], // RFC 1918
  [v4('192.0.0.0'), 24], // IETF protocol assignments
  [v4('192.0.2.0'), 24], // TEST-NET-1
  [v4('192.88.99.0'), 24], // 6to4 relay anycast
  [v4('192.168.0.0'), 16], // RFC 1918
  [v4('198.18.0.0'), 15], // benchmarking
  [v4('198.51.100.0'), 24], // TEST-NET-2
  [v4('203.0.113.0'), 24], // TEST-NET-3
  [v4('224.0.0.0'), 4], // multicast
  [v4('240.0.0.0'), 4], // reserved, broadcast
];

function v4(dotted: string): number {
  const parts = dotted.split('.').map(Number);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function inV4Range(addr: number, [base, bits]: Range): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (addr & mask) >>> 0 === (base & mask) >>> 0;
}

function isPublicV4(addr: number): boolean {
  return !V4_NOT_PUBLIC.some((range) => inV4Range(addr, range));
}

/** Eight 16-bit groups of an IPv6 address (dotted IPv4 tail and `::` expanded), or null. */
function v6Groups(text: string): number[] | null {
  let s = text;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    if (isIP(dotted[1]) !== 4) return null;
    const n = v4(dotted[1]);
    tail.push(n >>> 16, n & 0xffff);
    s = s.slice(0, -dotted[1].length);
    if (s.endsWith(':') && !s.endsWith('::')) s = s.slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 && known !== 8) return null;
  if (known > 8) return null;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? 8 - known : 0).fill(0), ...rest, ...tail];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

function isPublicV6(g: number[]): boolean {
  const embeddedV4 = ((g[6] << 16) | g[7]) >>> 0;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, and :: / ::1), ::ffff:0:a.b.c.d (translated)
  if (zeros(0, 5) && g[5] === 0xffff) return isPublicV4(embeddedV4);
  if (zeros(0, 6)) return embeddedV4 > 1 && isPublicV4(embeddedV4);
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return isPublicV4(embeddedV4);
  // 64:ff9b::/96 and 64:ff9b:1::/48 (NAT64) reach the embedded IPv4 address.
  if (g[0] === 0x64 && g[1] === 0xff9b) return isPublicV4(embeddedV4);
  // 2002::/16 (6to4) embeds an IPv4 address in groups 1-2.
  if (g[0] === 0x2002) return isPublicV4(((g[1] << 16) | g[2]) >>> 0);
  // Only global unicast 2000::/3 is public; that excludes fc00::/7, fe80::/10, fec0::/10, ff00::/8, 100::/64.
  if ((g[0] & 0xe000) !== 0x2000) return false;
  if (g[0] === 0x2001 && g[1] === 0x0db8) return false; // documentation
  if (g[0] === 0x2001 && g[1] < 0x0200) return false; // IETF protocol assignments incl. Teredo 2001::/32
  if (g[0] === 0x3fff && g[1] < 0x1000) return false; // documentation 3fff::/20
  return true;
}

/** True only for a public unicast address (IPv4 or IPv6, brackets and zone ids tolerated). */
export function isPublicAddress(ip: string): boolean {
  const bare = ip
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '');
  switch (isIP(bare)) {
    case 4:
      return isPublicV4(v4(bare));
    case 6: {
      const groups = v6Groups(bare.toLowerCase());
      return groups !== null && isPublicV6(groups);
    }
    default:
      return false;
  }
}
