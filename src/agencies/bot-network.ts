import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { SwitchboardError } from '../errors/index.js';

/**
 * Where a remote bot may be: bot URLs come from agencies (the registration API), so they are untrusted input.
 * Refused unless an admin allows the range: loopback, private (RFC 1918, unique-local), carrier-grade NAT,
 * link-local (with the cloud metadata services at 169.254.169.254 and fd00:ec2::254), "this network",
 * multicast and reserved ranges, and IPv4-mapped IPv6 forms of all of them (SSRF: CVE-2021-3742 and kin).
 */
const FORBIDDEN: Array<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'this network'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local / cloud metadata'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['168.63.129.16', 32, 'ipv4', 'cloud metadata (Azure)'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fc00::', 7, 'ipv6', 'unique-local / cloud metadata'],
  ['::', 96, 'ipv6', 'IPv4-compatible'],
  ['64:ff9b::', 96, 'ipv6', 'NAT64'],
  ['2002::', 16, 'ipv6', '6to4'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

export interface BotNetworkPolicy {
  /** CIDRs an admin allows despite the list above (`127.0.0.0/8` for a bot on the same host). */
  allow?: string[];
}

/** Why an address is refused, or undefined when a bot may live there. */
export function refusedAddress(address: string, policy: BotNetworkPolicy = {}): string | undefined {
  const ip = unmapped(address);
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (allowList(policy).check(ip, family)) return undefined;
  for (const [network, prefix, kind, reason] of FORBIDDEN) {
    if (kind !== family) continue;
    const one = new BlockList();
    one.addSubnet(network, prefix, kind);
    if (one.check(ip, family)) return reason;
  }
  return undefined;
}

/** `::ffff:127.0.0.1` and `::ffff:7f00:1` (how URLs normalise it) → `127.0.0.1`; anything else unchanged. */
function unmapped(address: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (dotted) return dotted;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return address;
  const [high, low] = [Number.parseInt(hex[1], 16), Number.parseInt(hex[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

const allowLists = new Map<string, BlockList>();
function allowList(policy: BotNetworkPolicy): BlockList {
  const key = (policy.allow ?? []).join(',');
  let list = allowLists.get(key);
  if (!list) {
    list = new BlockList();
    for (const cidr of policy.allow ?? []) {
      const [network, bits] = cidr.split('/');
      const family = isIP(network) === 6 ? 'ipv6' : 'ipv4';
      list.addSubnet(network, Number(bits ?? (family === 'ipv6' ? 128 : 32)), family);
    }
    allowLists.set(key, list);
  }
  return list;
}

/**
 * A `lookup` for http.request that resolves once, checks every address, and hands the socket exactly the
 * address it checked: a DNS answer that changes between check and connect (rebinding) cannot slip through.
 */
export function guardedLookup(agency: string, policy: BotNetworkPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: (options as { family?: number }).family ?? 0 }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      const refused = list.map((entry) => refusedAddress(entry.address, policy)).find(Boolean);
      if (refused || list.length === 0) return callback(refusal(agency, refused ?? 'no address'), '', 0);
      const chosen = list[0];
      if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [chosen]);
      else callback(null, chosen.address, chosen.family);
    });
  };
}

export function refusal(agency: string, reason: string): SwitchboardError {
  return new SwitchboardError('SWB_ERR_AGENCY_FAILED', `${agency} bot address refused (${reason}); an admin may allow the range (BOT_ALLOWED_NETWORKS)`, { details: { refused: reason } });
}
