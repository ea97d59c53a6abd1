import { BlockList, isIP } from 'node:net';

// IANA IPv4/IPv6 Special-Purpose Address Registries (RFC 6890 and successors), plus Azure's
// platform address 168.63.129.16 (wireserver/DNS/health probes), which is publicly routable but
// reaches the host fabric from inside a VM or App Service and must never be probed by a model.
const IPV4_RANGES: ReadonlyArray<[string, number, string]> = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared address space (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (includes the instance metadata service)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.31.196.0', 24, 'AS112'],
  ['192.52.193.0', 24, 'AMT'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['192.175.48.0', 24, 'AS112'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
  ['168.63.129.16', 32, 'Azure platform (wireserver)'],
];

const IPV6_RANGES: ReadonlyArray<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['64:ff9b:1::', 48, 'local-use IPv4/IPv6 translation'],
  ['100::', 64, 'discard-only'],
  ['2001::', 23, 'IETF protocol assignments (includes Teredo)'],
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'segment routing SIDs'],
  ['fc00::', 7, 'unique local (private)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local (deprecated)'],
  ['ff00::', 8, 'multicast'],
  ['fd00:ec2::254', 128, 'cloud metadata service'],
];

const ipv4Ranges = IPV4_RANGES.map(([network, prefix, label]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, 'ipv4');
  return { list, label: `${label} ${network}/${prefix}` };
});
const ipv6Ranges = IPV6_RANGES.map(([network, prefix, label]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, 'ipv6');
  return { list, label: `${label} ${network}/${prefix}` };
});

/** Expands an IPv6 literal into eight 16-bit groups (handles `::` and a trailing dotted IPv4). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0] ?? '';
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const octets = dotted[1].split('.').map(Number);
    const [a = 0, b = 0, c = 0, d = 0] = octets;
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((g) => parseInt(g, 16) || 0);
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zeroPrefix = g.slice(0, 5).every((x) => x === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (deprecated compatible) reach the IPv4 host directly.
  if (zeroPrefix && (g[5] === 0xffff || g[5] === 0) && (g[6] !== 0 || g[7] !== 0)) return v4(g[6] ?? 0, g[7] ?? 0);
  // 64:ff9b::/96 well-known NAT64 prefix.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4(g[6] ?? 0, g[7] ?? 0);
  // 2002::/16 6to4 carries the IPv4 address in groups 1-2.
  if (g[0] === 0x2002) return v4(g[1] ?? 0, g[2] ?? 0);
  return undefined;
}

/**
 * Says why an IP address must not be probed: private, loopback, link-local, documentation,
 * multicast and the other special-purpose ranges, including IPv4 carried inside IPv6.
 *
 * @returns a short label such as `loopback 127.0.0.0/8`, or `undefined` for an ordinary public address.
 */
function specialPurposeRange(address: string): string | undefined {
  const family = isIP(address.split('%')[0] ?? '');
  if (family === 4) return ipv4Ranges.find((r) => r.list.check(address, 'ipv4'))?.label;
  if (family === 6) {
    const bare = address.split('%')[0] ?? address;
    const own = ipv6Ranges.find((r) => r.list.check(bare, 'ipv6'))?.label;
    if (own) return own;
    const inner = embeddedIpv4(bare);
    const innerRange = inner === undefined ? undefined : specialPurposeRange(inner);
    return innerRange ? `${innerRange} (embedded in ${bare})` : undefined;
  }
  return 'not an IP address';
}

/** Ranges that reach the platform itself (metadata services, wireserver): refused even for allow-listed hosts. */
const PLATFORM_LABELS = ['link-local', 'Azure platform', 'cloud metadata'];

/** The special-purpose range of `address` when it is a platform or metadata address, else undefined. */
function platformRange(address: string): string | undefined {
  const range = specialPurposeRange(address);
  return range && PLATFORM_LABELS.some((label) => range.includes(label)) ? range : undefined;
}

export { specialPurposeRange, platformRange };
