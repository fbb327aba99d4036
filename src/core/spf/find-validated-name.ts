/**
 * RFC 7208 §5.5 validated domain names of the client address, for the `ptr` mechanism and the
 * %{p} macro (§7.3). A name from the address's PTR records is validated when its A (IPv4 client)
 * or AAAA (IPv6) records include the address. Only the first 10 PTR names are used (§4.6.4; the
 * client's owner controls them, so more is not an error). DNS errors are not temperror here: a
 * failed PTR lookup means no names, a failed address lookup skips that name (§5.5).
 * Not handled: the PTR query of %{p} does not count as a DNS-querying term; the term that uses
 * the macro already did (an exp= explanation uses it after the evaluation, like its own lookup).
 */
import type { SpfContext } from './spf-context.ts';
import { query } from './spf-context.ts';
import { clientInNetwork } from './parse-client-ip.ts';
import { SPF_LIMITS } from './spf-limits.ts';
import { isQueryableName } from './to-target-name.ts';

/** The client's PTR names (the first 10, lowercase), or [] when the lookup failed. */
export async function ptrNames(ctx: SpfContext): Promise<string[]> {
  const answer = await query(ctx, ctx.client.reverseName, 'PTR');
  if (answer.status !== 'ok') return [];
  return answer.records
    .slice(0, SPF_LIMITS.ptrNames)
    .map((name) => name.toLowerCase())
    .filter(isQueryableName);
}

/** `name`'s A or AAAA records include the client address. */
export async function isValidatedName(ctx: SpfContext, name: string): Promise<boolean> {
  const type = ctx.client.version === 4 ? 'A' : 'AAAA';
  const answer = await query(ctx, name, type);
  if (answer.status !== 'ok') return false;
  const full = ctx.client.version === 4 ? 32 : 128;
  return answer.records.some((address) => clientInNetwork(ctx.client, address, full));
}

/**
 * %{p}: `domain` itself if validated, else a validated subdomain of it, else any validated name,
 * else `unknown` (§7.3). Names are validated in that order, and only until one is found.
 */
export async function findValidatedName(ctx: SpfContext, domain: string): Promise<string> {
  const names = await ptrNames(ctx);
  const rank = (name: string): number =>
    name === domain ? 0 : name.endsWith(`.${domain}`) ? 1 : 2;
  const ordered = names
    .map((name, i) => ({ name, rank: rank(name), i }))
    .sort((x, y) => x.rank - y.rank || x.i - y.i);
  for (const { name } of ordered) {
    if (await isValidatedName(ctx, name)) return name;
  }
  return 'unknown';
}
