import type { Resolver } from '../dns/resolver.ts';
import { ipv6Groups, ipVersion } from '../parse/parse-ip.ts';
import type { LiveMeta, PtrLive } from './live-types.ts';

/** PTR names looked at; RFC 7208 §5.5 uses the same bound for the ptr mechanism. */
const MAX_NAMES = 10;

/**
 * Forward-confirmed reverse DNS (FCrDNS, what Gmail's 5.7.25 / 4.7.23 check): the IP's PTR
 * names (RFC 1035 §3.5 in-addr.arpa, RFC 3596 §2.5 ip6.arpa), and whether one of them has an
 * A/AAAA record back to the same IP.
 */
export async function checkPtrLive(
  ip: string,
  resolver: Resolver,
  meta: LiveMeta,
): Promise<PtrLive> {
  const base = { ...meta, ip };
  const answer = await resolver(reverseName(ip), 'PTR');
  if (answer.status === 'error') {
    return {
      ...base,
      names: [],
      forwardConfirmed: false,
      confirmedName: null,
      status: 'error',
      problem: answer.reason,
    };
  }
  const names = answer.status === 'ok' ? answer.records.slice(0, MAX_NAMES) : [];
  if (names.length === 0) {
    return {
      ...base,
      names,
      forwardConfirmed: false,
      confirmedName: null,
      status: 'none',
      problem: `${ip} has no PTR record: ask whoever owns the IP (your VPS or hosting provider) to set one naming your mail server`,
    };
  }
  const type = ipVersion(ip) === 6 ? 'AAAA' : 'A';
  let unread: string | null = null;
  for (const name of names) {
    const forward = await resolver(name, type);
    if (forward.status === 'error') unread ??= `${name} ${type}: ${forward.reason}`;
    if (forward.status === 'ok' && forward.records.includes(ip)) {
      return {
        ...base,
        names,
        forwardConfirmed: true,
        confirmedName: name,
        status: 'ok',
        problem: null,
      };
    }
  }
  if (unread !== null) {
    // A failed lookup is no answer: "does not resolve back" would be a finding DNS never gave.
    return {
      ...base,
      names,
      forwardConfirmed: false,
      confirmedName: null,
      status: 'error',
      problem: `couldn't read current DNS for ${unread}`,
    };
  }
  return {
    ...base,
    names,
    forwardConfirmed: false,
    confirmedName: null,
    status: 'ok',
    problem: `${names.join(', ')} does not resolve back to ${ip}: add an ${type} record for it pointing to ${ip}`,
  };
}

/** `203.0.113.5` → `5.113.0.203.in-addr.arpa`; IPv6 → 32 nibbles under ip6.arpa. */
export function reverseName(ip: string): string {
  if (ipVersion(ip) === 4) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  const nibbles = ipv6Groups(ip)
    .map((g) => g.toString(16).padStart(4, '0'))
    .join('');
  return `${nibbles.split('').reverse().join('.')}.ip6.arpa`;
}
