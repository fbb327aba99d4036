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
    if (!hasIpv6Shape(s) || !ipaddr.IPv6.isValid(s)) return null;
    const v6 = ipaddr.IPv6.parse(s);
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
    return v6.toRFC5952String();
  }
  if (!isFourPartDecimal(s)) return null;
  return ipaddr.IPv4.parse(s).toString();
}

// The shape checks below run before ipaddr.js, whose validators throw and catch an exception for
// every string that is not an address (about 12 µs each): parsers call parseIp on every word of
// a Received or Received-SPF comment, so a 1 MiB comment of host names took seconds. They accept
// no more than ipaddr.js does, so ipaddr.js stays the authority on what is valid.

/** `0`-`255` four times, no leading zeros (what `IPv4.isValidFourPartDecimal` accepts). */
function isFourPartDecimal(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || !isDigits(p)) return false;
    if (p.length > 1 && p.charCodeAt(0) === 0x30) return false;
    if (Number(p) > 255) return false;
  }
  return true;
}

/** RFC 4291 §2.2 text forms: 8 groups of 1-4 hex digits, at most one `::` standing for at least
 * one group, an optional dotted-quad tail counting as two groups, an optional `%zone`. */
function hasIpv6Shape(s: string): boolean {
  const pct = s.indexOf('%');
  if (pct !== -1 && !isZone(s.slice(pct + 1))) return false;
  const addr = pct === -1 ? s : s.slice(0, pct);
  const gap = addr.indexOf('::');
  if (gap !== addr.lastIndexOf('::')) return false;
  if (gap === -1) return groupCount(addr.split(':'), true) === 8;
  const left = addr.slice(0, gap);
  const right = addr.slice(gap + 2);
  const l = left.length === 0 ? 0 : groupCount(left.split(':'), false);
  const r = right.length === 0 ? 0 : groupCount(right.split(':'), true);
  return l >= 0 && r >= 0 && l + r <= 7;
}

/** Groups in `parts` (a dotted quad at the end counts two), or -1 when one is malformed. */
function groupCount(parts: readonly string[], quadTail: boolean): number {
  let groups = 0;
  for (let i = 0; i < parts.length; i += 1) {
    const p = parts[i] as string;
    if (quadTail && i === parts.length - 1 && p.includes('.')) {
      if (!isFourPartDecimal(p)) return -1;
      groups += 2;
    } else if (p.length === 0 || p.length > 4 || !isHex(p)) {
      return -1;
    } else {
      groups += 1;
    }
  }
  return groups;
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** ipaddr.js zone ids: `[0-9a-z]+`, case-insensitive (`fe80::1%5`, `%eth0`). */
function isZone(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a))) return false;
  }
  return true;
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
