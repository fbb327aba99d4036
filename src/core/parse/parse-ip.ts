import ipaddr from 'ipaddr.js';
import { isSpace } from './split-words.ts';
import { startsWithLower } from './starts-with-lower.ts';

/**
 * An IP address as written in trace fields: `203.0.113.5`, `[203.0.113.5]`, `2001:db8::1`,
 * `[IPv6:2001:db8::1]` (RFC 5321 §4.1.3), `::ffff:203.0.113.5`. Returns the canonical text
 * (IPv4 dotted quad; IPv6 in RFC 5952 short form, `%zone` kept; IPv4-mapped IPv6 as IPv4), or
 * null. Only strict forms are accepted: `ipaddr.js` alone would read `0x7f.1` or `127.1` as IPv4.
 */
export function parseIp(text: string): string | null {
  const s = addressText(text);
  if (s.includes(':')) return hasIpv6Shape(s) ? ipv6Text(s) : null;
  // The shape check admits only the canonical dotted quad (no leading zeros, 0-255).
  return isFourPartDecimal(s) ? s : null;
}

/** `parseIp(text) !== null`, without writing out the canonical text. */
export function isIp(text: string): boolean {
  const s = addressText(text);
  return s.includes(':') ? hasIpv6Shape(s) : isFourPartDecimal(s);
}

/** The address without brackets and `IPv6:` tag; '' when too long to be one. */
function addressText(text: string): string {
  let s =
    isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)) ? text.trim() : text;
  if (s.charCodeAt(0) === 0x5b && s.charCodeAt(s.length - 1) === 0x5d) s = s.slice(1, -1);
  if (startsWithLower(s, 'ipv6:')) s = s.slice(5);
  return s.length > 45 ? '' : s;
}

// Addresses are read by hand, not by ipaddr.js: its validators throw and catch an exception for
// every string that is not an address (about 12 µs each), and the parsers try every word of a
// Received or Received-SPF comment, so a 1 MiB comment of host names took seconds. The shape
// checks accept what ipaddr.js accepts — except a dotted quad inside an IPv6 address with leading
// zeros (`::ffff:01.2.3.4`), refused as a bare one is — and the text is what its
// toRFC5952String() and toIPv4Address() give, zone ids and its reading of `::192.0.2.1` included
// (test/fast-paths.test.ts compares them on random input).

/** `0`-`255` four times, no leading zeros (what `IPv4.isValidFourPartDecimal` accepts). */
function isFourPartDecimal(s: string): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= s.length; i += 1) {
    const c = i === s.length ? DOT : s.charCodeAt(i);
    if (c === DOT) {
      if (digits === 0 || value > 255 || parts === 4) return false;
      parts += 1;
      digits = 0;
      value = 0;
    } else if (c < 0x30 || c > 0x39 || digits === 3 || (digits === 1 && value === 0)) {
      return false;
    } else {
      digits += 1;
      value = value * 10 + (c - 0x30);
    }
  }
  return parts === 4;
}

const DOT = 0x2e;

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

/**
 * The canonical text of an address that has the IPv6 shape. ipaddr.js reads `::192.0.2.1` (the
 * deprecated IPv4-compatible form) as `::ffff:192.0.2.1`, so both name an IPv4 peer.
 */
function ipv6Text(s: string): string {
  const pct = s.indexOf('%');
  const addr = pct === -1 ? s : s.slice(0, pct);
  if (addr.startsWith('::') && addr.lastIndexOf(':') === 1 && addr.includes('.')) {
    return addr.slice(2);
  }
  const groups = ipv6Groups(addr);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const hi = groups[6] ?? 0;
    const lo = groups[7] ?? 0;
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  return rfc5952(groups) + (pct === -1 ? '' : s.slice(pct));
}

/** The eight 16-bit groups of a well-formed IPv6 address (no zone): the one expansion of `::`. */
export function ipv6Groups(addr: string): number[] {
  const gap = addr.indexOf('::');
  const left = groupValues(gap === -1 ? addr : addr.slice(0, gap));
  if (gap === -1) return left;
  const right = groupValues(addr.slice(gap + 2));
  const zeros: number[] = new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

function groupValues(part: string): number[] {
  const out: number[] = [];
  if (part.length === 0) return out;
  for (const group of part.split(':')) {
    if (group.includes('.')) {
      const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
      out.push(a * 256 + b, c * 256 + d);
    } else {
      out.push(Number.parseInt(group, 16));
    }
  }
  return out;
}

/** RFC 5952 §4: lowercase hex without leading zeros; the first longest run of two or more zero
 * groups becomes `::`. */
function rfc5952(groups: readonly number[]): string {
  let runStart = -1;
  let runLength = 1;
  for (let i = 0; i < groups.length;) {
    let j = i;
    while (j < groups.length && groups[j] === 0) j += 1;
    if (j - i > runLength) {
      runStart = i;
      runLength = j - i;
    }
    i = Math.max(j, i + 1);
  }
  if (runStart === -1) return hexGroups(groups);
  return `${hexGroups(groups.slice(0, runStart))}::${hexGroups(groups.slice(runStart + runLength))}`;
}

function hexGroups(groups: readonly number[]): string {
  return groups.map((g) => g.toString(16)).join(':');
}

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    const lower = c | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (lower >= 0x61 && lower <= 0x66))) return false;
  }
  return true;
}

/** ipaddr.js zone ids: `[0-9a-z]+`, case-insensitive (`fe80::1%5`, `%eth0`). */
function isZone(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    const lower = c | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (lower >= 0x61 && lower <= 0x7a))) return false;
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

/**
 * The same IPv4 ranges as network and prefix length, for the dotted quads the parsers produce
 * (ipaddr.js takes a microsecond to parse one and name its range). ipaddr.js names the first
 * range that matches, and these are the first ones it tests, so they decide alone.
 */
const NON_ROUTABLE_V4: readonly { network: number; bits: number }[] = [
  ['0.0.0.0', 8], // unspecified
  ['255.255.255.255', 32], // broadcast
  ['224.0.0.0', 4], // multicast
  ['169.254.0.0', 16], // linkLocal
  ['127.0.0.0', 8], // loopback
  ['100.64.0.0', 10], // carrierGradeNat
  ['10.0.0.0', 8], // private
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
].map(([network, bits]) => ({ network: ipv4Value(network as string), bits: bits as number }));

export function isPublicIp(ip: string): boolean {
  if (isFourPartDecimal(ip)) {
    const value = ipv4Value(ip);
    return !NON_ROUTABLE_V4.some((r) => value >>> (32 - r.bits) === r.network >>> (32 - r.bits));
  }
  try {
    return !NON_ROUTABLE.has(ipaddr.parse(ip).range());
  } catch {
    return false;
  }
}

/** A dotted quad (checked by isFourPartDecimal) as an unsigned 32-bit number. */
function ipv4Value(quad: string): number {
  let value = 0;
  let octet = 0;
  for (let i = 0; i < quad.length; i += 1) {
    const c = quad.charCodeAt(i);
    if (c === DOT) {
      value = value * 256 + octet;
      octet = 0;
    } else {
      octet = octet * 10 + (c - 0x30);
    }
  }
  return value * 256 + octet;
}
