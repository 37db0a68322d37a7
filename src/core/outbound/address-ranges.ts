// Which IP addresses the guarded fetcher refuses to connect to, and why (SSRF): private, loopback, link-local
// (where cloud metadata services answer), unspecified, multicast, reserved and documentation ranges, in IPv4 and
// IPv6. An IPv6 address that carries an IPv4 one (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4
// 2002::/16) is judged by the IPv4 address it reaches. Outside 2000::/3 no IPv6 address is public unicast.
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Why an address is refused: the range's name ("private", "loopback", ...) and the IPv4 address it carries, if any. */
export interface RefusedAddress {
  range: string;
  /** The IPv4 address an IPv6 address carries (IPv4-mapped, NAT64, 6to4), when that one is refused. */
  embeddedIpv4?: string;
}

type Family = 'ipv4' | 'ipv6';

/** Most specific first: the first range that holds an address names it. */
const IPV4_RANGES: Array<[range: string, subnets: string[]]> = [
  ['unspecified ("this network")', ['0.0.0.0/8']],
  ['loopback', ['127.0.0.0/8']],
  ['link-local (cloud metadata)', ['169.254.0.0/16']],
  ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']],
  // Alibaba Cloud's metadata service (100.100.100.200) is in it too.
  ['shared (carrier-grade NAT)', ['100.64.0.0/10']],
  ['documentation', ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24']],
  ['benchmarking', ['198.18.0.0/15']],
  ['multicast', ['224.0.0.0/4']],
  ['broadcast', ['255.255.255.255/32']],
  // IETF protocol assignments, the old 6to4 relay anycast, and 240/4 (reserved for future use).
  ['reserved', ['192.0.0.0/24', '192.88.99.0/24', '240.0.0.0/4']],
];

const IPV6_RANGES: Array<[range: string, subnets: string[]]> = [
  ['unspecified', ['::/128']],
  ['loopback', ['::1/128']],
  // AWS's instance metadata service on IPv6 (Nitro).
  ['cloud metadata (AWS)', ['fd00:ec2::254/128']],
  ['unique-local (private)', ['fc00::/7']],
  ['link-local', ['fe80::/10']],
  ['site-local (deprecated)', ['fec0::/10']],
  ['multicast', ['ff00::/8']],
  ['documentation', ['2001:db8::/32', '3fff::/20']],
  ['benchmarking', ['2001:2::/48']],
  ['discard-only', ['100::/64']],
  ['local-use NAT64', ['64:ff9b:1::/48']],
  // Teredo hides the IPv4 address it reaches; no identity provider is served over it.
  ['Teredo tunnel', ['2001::/32']],
  ['ORCHID (reserved)', ['2001:10::/28', '2001:20::/28']],
  // Everything outside 2000::/3 (global unicast): IPv4-compatible ::a.b.c.d and unassigned space included.
  ['reserved (not global unicast)', ['::/3', '4000::/2', '8000::/1']],
];

function blockList(subnets: string[], family: Family): BlockList {
  const list = new BlockList();
  for (const subnet of subnets) {
    const [network, prefix] = subnet.split('/');
    list.addSubnet(network!, Number(prefix), family);
  }
  return list;
}

// One list per family: node's BlockList matches IPv4 addresses against IPv6 rules through ::ffff:0:0/96.
const IPV4_LISTS = IPV4_RANGES.map(([range, subnets]) => ({ range, list: blockList(subnets, 'ipv4') }));
const IPV6_LISTS = IPV6_RANGES.map(([range, subnets]) => ({ range, list: blockList(subnets, 'ipv6') }));

/** An IPv6 address as its eight 16-bit groups (a trailing dotted IPv4 part and `::` expanded). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  const zeros = tail === undefined ? [] : new Array<number>(8 - front.length - back.length).fill(0);
  return [...front, ...zeros, ...back];
}

const ipv4Of = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/** The IPv4 address an IPv6 address carries: IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) or 6to4 (2002::/16). */
export function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (g.slice(0, 5).every((group) => group === 0) && g[5] === 0xffff) return ipv4Of(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((group) => group === 0)) return ipv4Of(g[6]!, g[7]!);
  if (g[0] === 0x2002) return ipv4Of(g[1]!, g[2]!);
  return null;
}

/** Why `address` (an IP address, IPv6 possibly with a %zone) must not be connected to; null when it is public. */
export function refusedAddress(address: string): RefusedAddress | null {
  if (isIPv4(address)) {
    const hit = IPV4_LISTS.find(({ list }) => list.check(address, 'ipv4'));
    return hit ? { range: hit.range } : null;
  }
  const unzoned = address.replace(/%.*$/, '');
  if (!isIPv6(unzoned)) return { range: 'not an IP address' };
  const carried = embeddedIpv4(unzoned);
  if (carried) {
    const inner = refusedAddress(carried);
    return inner ? { range: inner.range, embeddedIpv4: carried } : null;
  }
  const hit = IPV6_LISTS.find(({ list }) => list.check(unzoned, 'ipv6'));
  return hit ? { range: hit.range } : null;
}

/** "10.0.0.1, a private address" / "::ffff:7f00:1 (IPv4 127.0.0.1), a loopback address", for messages. */
export function describeRefusedAddress(address: string, refused: RefusedAddress): string {
  const carried = refused.embeddedIpv4 ? ` (IPv4 ${refused.embeddedIpv4})` : '';
  const article = /^[aeiou]/i.test(refused.range) ? 'an' : 'a';
  return `${address}${carried}, ${article} ${refused.range} address`;
}
