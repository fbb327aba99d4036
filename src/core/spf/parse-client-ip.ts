/**
 * RFC 7208 §4.1 <ip> and the forms the macros need (§7.3): the client address for IPv4 and IPv6,
 * with IPv4-mapped IPv6 (`::ffff:192.0.2.1`) treated as IPv4 (§5: "MUST still be considered an
 * IPv4 address"). `parseIp` also reads the deprecated IPv4-compatible form (`::192.0.2.1`) as
 * IPv4, which no mail server has connected from in practice.
 */
import ipaddr from 'ipaddr.js';
import { parseIp } from '../parse/parse-ip.ts';

export interface SpfClient {
  address: ipaddr.IPv4 | ipaddr.IPv6;
  version: 4 | 6;
  /** %{i}: dotted quad, or 32 dot-separated lowercase nibbles (§7.3 "dot-format"). */
  dotted: string;
  /** %{c}: dotted quad, or RFC 5952 text. */
  readable: string;
  /** %{v}. */
  v: 'in-addr' | 'ip6';
  /** The PTR query name (`4.3.2.1.in-addr.arpa`). */
  reverseName: string;
}

export function parseClientIp(text: string): SpfClient | null {
  const canonical = parseIp(text);
  if (canonical === null) return null;
  let address = ipaddr.parse(canonical);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  if (address.kind() === 'ipv4') {
    const octets = (address as ipaddr.IPv4).octets;
    return {
      address,
      version: 4,
      dotted: octets.join('.'),
      readable: octets.join('.'),
      v: 'in-addr',
      reverseName: `${[...octets].reverse().join('.')}.in-addr.arpa`,
    };
  }
  const v6 = address as ipaddr.IPv6;
  const nibbles = v6.parts.flatMap((part) => [...part.toString(16).padStart(4, '0')].map((n) => n));
  return {
    address: v6,
    version: 6,
    dotted: nibbles.join('.'),
    readable: v6.toRFC5952String(),
    v: 'ip6',
    reverseName: `${[...nibbles].reverse().join('.')}.ip6.arpa`,
  };
}

/**
 * The client is inside `network/prefix` (an address from an ip4/ip6 term or a DNS answer). An
 * address of the other family, or one that does not parse, never matches.
 */
export function clientInNetwork(client: SpfClient, network: string, prefix: number): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  if (client.version === 4) {
    if (!ipaddr.IPv4.isValidFourPartDecimal(network)) return false;
    parsed = ipaddr.IPv4.parse(network);
  } else {
    const hex = hexTail(network);
    if (!hex.includes(':') || !ipaddr.IPv6.isValid(hex)) return false;
    parsed = ipaddr.IPv6.parse(hex);
  }
  return client.address.match(parsed, prefix);
}

/**
 * `::192.0.2.1` → `::c000:201`. ipaddr.js 2.5 reads any `::a.b.c.d` as IPv4-mapped
 * (`::ffff:a.b.c.d`), which would move an `ip6:::192.0.2.1/96` network.
 */
function hexTail(text: string): string {
  const colon = text.lastIndexOf(':');
  const quad = text.slice(colon + 1).split('.');
  if (quad.length !== 4 || !quad.every((q) => /^\d{1,3}$/.test(q))) return text;
  const [a, b, c, d] = quad.map(Number) as [number, number, number, number];
  return `${text.slice(0, colon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}
