import ipaddr from 'ipaddr.js';

/**
 * An IP address as written in trace fields: `203.0.113.5`, `[203.0.113.5]`, `2001:db8::1`,
 * `[IPv6:2001:db8::1]` (RFC 5321 §4.1.3), `::ffff:203.0.113.5`. Returns the canonical text
 * (IPv4 dotted quad; IPv6 in RFC 5952 short form; IPv4-mapped IPv6 as IPv4), or null.
 * Only strict forms are accepted: `ipaddr.js` alone would read `0x7f.1` or `127.1` as IPv4.
 */
export function parseIp(text: string): string | null {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (s.length > 4 && s.slice(0, 5).toLowerCase() === 'ipv6:') s = s.slice(5);
  if (s.length === 0 || s.length > 45) return null;
  if (s.includes(':')) {
    if (!ipaddr.IPv6.isValid(s)) return null;
    const v6 = ipaddr.IPv6.parse(s);
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
    return v6.toRFC5952String();
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(s)) return null;
  return ipaddr.IPv4.parse(s).toString();
}

export function ipVersion(ip: string): 4 | 6 {
  return ip.includes(':') ? 6 : 4;
}

/** Ranges a message can't arrive from over the internet (RFC 1918, loopback, link-local, ULA,
 * CGNAT, unspecified). Documentation ranges (RFC 5737, RFC 3849) count as public: fixtures and
 * examples use them in place of real senders. */
const NON_ROUTABLE = new Set([
  'private',
  'loopback',
  'linkLocal',
  'uniqueLocal',
  'carrierGradeNat',
  'unspecified',
  'broadcast',
  'multicast',
]);

export function isPublicIp(ip: string): boolean {
  try {
    return !NON_ROUTABLE.has(ipaddr.parse(ip).range());
  } catch {
    return false;
  }
}
