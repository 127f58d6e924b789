import ipaddr from 'ipaddr.js';

/**
 * Which addresses newsbrief may connect to when fetching a feed or a page. Chat users supply
 * URLs, so without this anyone in a channel could make the bot probe the network it runs in.
 */

/** `false`: public addresses only; `true`: anything; a list: public plus these hosts, IPs and CIDRs. */
export type PrivateNetworks = boolean | readonly string[];

export interface AddressPolicy {
  /** Why connecting to `ip` (reached through `host`) is refused, or undefined when it is allowed. */
  refusal(ip: string, host: string): string | undefined;
  /** Whether this host is private and allowed: such feeds may be polled more often (local testing). */
  allowsPrivateHost(host: string): boolean;
}

/** An entry of `allowPrivateNetworks`: an IP, a CIDR or a host name. */
export function isNetworkEntry(entry: string): boolean {
  const e = entry.trim();
  if (ipaddr.isValid(e) || ipaddr.isValidCIDR(e)) return true;
  return /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(e);
}

function parse(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = ip.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return undefined;
  const addr = ipaddr.parse(bare);
  // ::ffff:10.0.0.1 is 10.0.0.1: judge the IPv4 address it carries.
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) return (addr as ipaddr.IPv6).toIPv4Address();
  return addr;
}

/** The range of a non-public address ("loopback", "private", "linkLocal" …), undefined for a public one. */
export function privateRange(ip: string): string | undefined {
  const addr = parse(ip);
  if (!addr) return 'not an IP address';
  const range = addr.range();
  return range === 'unicast' ? undefined : range;
}

const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private-network address',
  linkLocal: 'a link-local address',
  uniqueLocal: 'a private-network address',
  carrierGradeNat: 'a carrier-grade NAT address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  reserved: 'a reserved address',
};

export function addressPolicy(allow: PrivateNetworks): AddressPolicy {
  const entries = Array.isArray(allow) ? allow.map((e) => e.trim().toLowerCase()) : [];
  const cidrs = entries.filter((e) => ipaddr.isValidCIDR(e)).map((e) => ipaddr.parseCIDR(e));
  const ips = entries.filter((e) => ipaddr.isValid(e)).map((e) => parse(e)!.toNormalizedString());
  const hosts = new Set(entries.filter((e) => !ipaddr.isValid(e) && !ipaddr.isValidCIDR(e)));

  const listed = (ip: string, host: string): boolean => {
    if (hosts.has(host.toLowerCase().replace(/^\[|\]$/g, ''))) return true;
    const addr = parse(ip);
    if (!addr) return false;
    if (ips.includes(addr.toNormalizedString())) return true;
    return cidrs.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));
  };

  return {
    refusal(ip, host) {
      const range = privateRange(ip);
      if (range === undefined || allow === true) return undefined;
      if (allow !== false && listed(ip, host)) return undefined;
      const what = RANGE_WORDS[range] ?? `a ${range} address`;
      const where = host.replace(/^\[|\]$/g, '') === ip ? `${ip} is ${what}` : `${host} resolves to ${ip}, ${what}`;
      return `${where}, which feeds.allowPrivateNetworks does not allow`;
    },
    allowsPrivateHost(host) {
      if (allow === false) return false;
      const h = host.toLowerCase().replace(/^\[|\]$/g, '');
      const isPrivate = h === 'localhost' || (ipaddr.isValid(h) && privateRange(h) !== undefined);
      if (!isPrivate) return false;
      return allow === true || listed(h === 'localhost' ? '127.0.0.1' : h, h);
    },
  };
}
