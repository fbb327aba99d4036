/**
 * RFC 7208 §5.1 and §5.3-§5.7: whether one mechanism matches the client — all, a, mx, ptr, ip4,
 * ip6, exists. (include needs a whole check_host() and lives in `checkHost`.) The caller has
 * already counted the term against the limit of 10. Here:
 * - a and mx compare A records for an IPv4 client and AAAA for IPv6, with the dual CIDR length;
 *   exists always queries A (§5.7);
 * - an mx target with more than 10 MX names is permerror; a null MX (`.`, RFC 7505) names no host;
 * - the term's own lookup counts as void when it gets NXDOMAIN or no records (§4.6.4); the
 *   lookups of MX hosts and of PTR names don't (they are not terms);
 * - DNS errors are temperror, except in ptr (§5.5: no match, or skip that name);
 * - a target that cannot be queried (`toTargetName` null) does not match.
 */
import type { DnsType } from '../dns/resolver.ts';
import { expandTargetName } from './expand-target-name.ts';
import { isValidatedName, ptrNames } from './find-validated-name.ts';
import { clientInNetwork } from './parse-client-ip.ts';
import type { SpfMechanism } from './parse-spf-term.ts';
import {
  countVoid,
  describeTerm,
  dnsError,
  query,
  SpfStop,
  type SpfContext,
  type SpfTermRef,
} from './spf-context.ts';
import { SPF_LIMITS } from './spf-limits.ts';
import { isQueryableName } from './to-target-name.ts';

/** `mechanism` is in the record of `ref.domain`. include is not handled here. */
export async function matchSpfMechanism(
  ctx: SpfContext,
  mechanism: SpfMechanism,
  ref: SpfTermRef,
): Promise<boolean> {
  const { client } = ctx;
  switch (mechanism.kind) {
    case 'all':
      return true;
    case 'ip4':
      return (
        client.version === 4 &&
        mechanism.network !== null &&
        clientInNetwork(client, mechanism.network, mechanism.cidr4 ?? 32)
      );
    case 'ip6':
      return (
        client.version === 6 &&
        mechanism.network !== null &&
        clientInNetwork(client, mechanism.network, mechanism.cidr6 ?? 128)
      );
    case 'include':
      return false;
    default:
      break;
  }
  const target =
    mechanism.macro === null
      ? ref.domain
      : await expandTargetName(ctx, mechanism.macro, ref.domain);
  if (target === null) return false;
  const addressType: DnsType = client.version === 4 ? 'A' : 'AAAA';
  const prefix = client.version === 4 ? (mechanism.cidr4 ?? 32) : (mechanism.cidr6 ?? 128);

  if (mechanism.kind === 'ptr') {
    const answer = await query(ctx, client.reverseName, 'PTR');
    if (answer.status === 'error') return false;
    countVoid(ctx, ref, answer);
    const names = (await ptrNames(ctx)).filter(
      (name) => name === target || name.endsWith(`.${target}`),
    );
    const validated = await Promise.all(names.map((name) => isValidatedName(ctx, name)));
    return validated.includes(true);
  }

  const type = mechanism.kind === 'mx' ? 'MX' : mechanism.kind === 'a' ? addressType : 'A';
  const answer = await query(ctx, target, type);
  if (answer.status === 'error') throw dnsError(type, target, answer.reason);
  countVoid(ctx, ref, answer);
  if (answer.status !== 'ok') return false;
  if (mechanism.kind === 'exists') return answer.records.length > 0;
  if (mechanism.kind === 'a') {
    return answer.records.some((address) => clientInNetwork(client, address, prefix));
  }

  if (answer.records.length > SPF_LIMITS.mxNames) {
    throw new SpfStop(
      'permerror',
      `more than ${SPF_LIMITS.mxNames} MX records for ${target} (${describeTerm(ref)})`,
      ref.text,
    );
  }
  const hosts = answer.records
    .map((host) => (host.endsWith('.') ? host.slice(0, -1) : host).toLowerCase())
    .filter(isQueryableName);
  // Asked together, read in order: the first error or match decides, as if asked one by one.
  const addresses = await Promise.all(hosts.map((host) => query(ctx, host, addressType)));
  for (const [i, hostAnswer] of addresses.entries()) {
    if (hostAnswer.status === 'error') {
      throw dnsError(addressType, hosts[i] ?? '', hostAnswer.reason);
    }
    if (
      hostAnswer.status === 'ok' &&
      hostAnswer.records.some((address) => clientInNetwork(client, address, prefix))
    ) {
      return true;
    }
  }
  return false;
}
