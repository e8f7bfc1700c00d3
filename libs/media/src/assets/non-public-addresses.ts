import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Loopback, private, link-local, carrier-grade NAT, documentation, benchmarking, multicast and reserved IPv4. */
const NON_PUBLIC_IPV4 = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const;

/** IPv6 ranges that are never public; the ranges that embed an IPv4 address are judged by that address instead. */
const NON_PUBLIC_IPV6 = [
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const;

const ipv4Ranges = new BlockList();
for (const [net, prefix] of NON_PUBLIC_IPV4) ipv4Ranges.addSubnet(net, prefix, 'ipv4');
const ipv6Ranges = new BlockList();
for (const [net, prefix] of NON_PUBLIC_IPV6) ipv6Ranges.addSubnet(net, prefix, 'ipv6');

/**
 * Whether an address must not be reached by imports and relays: anything but a public unicast
 * address. An IPv6 address that carries an IPv4 one (IPv4-mapped or -compatible, SIIT, the NAT64
 * well-known prefix, 6to4) is judged by the IPv4 address it leads to; what is not an address at
 * all is refused.
 */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.replace(/%.*$/, '');
  if (isIPv4(bare)) return ipv4Ranges.check(bare, 'ipv4');
  if (!isIPv6(bare)) return true;
  const groups = ipv6Groups(bare);
  const embedded = embeddedIpv4(groups);
  if (embedded) return ipv4Ranges.check(embedded, 'ipv4');
  return ipv6Ranges.check(bare, 'ipv6');
}

/** The eight 16-bit groups of a valid IPv6 address, a trailing dotted IPv4 part included. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const [head, tail] = text.split('::');
  if (tail === undefined) return parse(head);
  const front = parse(head);
  const back = parse(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

function embeddedIpv4(groups: number[]): string | undefined {
  const zeros = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  const lastTwo = () => dottedQuad(groups[6], groups[7]);
  // ::a.b.c.d (compatible, which also covers :: and ::1) and ::ffff:a.b.c.d (mapped).
  if (zeros(0, 5) && (groups[5] === 0 || groups[5] === 0xffff)) return lastTwo();
  // ::ffff:0:a.b.c.d (SIIT).
  if (zeros(0, 4) && groups[4] === 0xffff && groups[5] === 0) return lastTwo();
  // 64:ff9b::a.b.c.d (NAT64 well-known prefix).
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return lastTwo();
  // 2002:aabb:ccdd::/48 (6to4).
  if (groups[0] === 0x2002) return dottedQuad(groups[1], groups[2]);
  return undefined;
}

function dottedQuad(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}
