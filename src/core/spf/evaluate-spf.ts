/**
 * RFC 7208 check_host() from the outside: the client address, the domain to check and the
 * sender, against DNS given as a function (`Resolver`, ../dns/resolver.ts). Returns data, never
 * throws for any input or DNS answer. Covers all of RFC 7208 §4-§7 (see `checkHost` and the
 * files it uses), with these choices where the RFC leaves room:
 * - no default explanation: `explanation` is null unless exp= supplied one (§6.2 allows either);
 * - a target name that cannot be queried (empty or over-long label) does not match (§4.8 leaves
 *   it undefined; an include or redirect to one is permerror, as for a domain without a record);
 * - void lookups are counted per term, on the term's own query (§4.6.4 speaks of "terms").
 * Not handled: the overall time limit of §4.6.4 (the resolver times out each query) and the HELO
 * identity as such — check it by passing the HELO name as `domain` and an empty `sender`.
 */
import type { Resolver } from '../dns/resolver.ts';
import { toAsciiDomain } from '../psl/domain-name.ts';
import type { SpfResult } from '../parse/auth-result-tokens.ts';
import { checkHost, type HostOutcome, type SpfMatch } from './check-host.ts';
import { expandExplanation } from './expand-explanation.ts';
import { parseClientIp } from './parse-client-ip.ts';
import { showSpfText } from './show-spf-text.ts';
import { SpfStop, type SpfContext } from './spf-context.ts';

export type { SpfMatch } from './check-host.ts';

export interface SpfCheckInput {
  /** The SMTP client's address (`203.0.113.5`, `2001:db8::1`, `::ffff:203.0.113.5`). */
  ip: string;
  /** <domain>: the MAIL FROM domain, or the HELO name when checking the HELO identity. */
  domain: string;
  /** <sender>: the MAIL FROM address as given; '' for the null sender (`postmaster@<domain>`). A
   * sender without a local-part gets `postmaster` (§4.3). */
  sender: string;
  /** The HELO/EHLO name, for %{h}. */
  helo: string;
  /** Milliseconds since the epoch for %{t} (explanations only); `Date.now()` when absent. */
  now?: number;
  /** The receiving host's name for %{r} (explanations only); `unknown` when absent (§7.3). */
  receiver?: string;
}

export interface SpfEvaluation {
  result: SpfResult;
  /** The top-level record evaluated, when exactly one was found. */
  record: string | null;
  /**
   * The top-level term that decided: the matching mechanism (`ip4:203.0.113.0/24`, `-all`), the
   * include whose target passed (`include:_spf.google.com`), or the `redirect=` whose target's
   * mechanism matched. Null when nothing matched (neutral by default, none, errors).
   */
  mechanism: string | null;
  /** The innermost matching mechanism and the domain whose record holds it: inside includes and
   * redirects this is the `ip4:` that actually matched. */
  matched: SpfMatch | null;
  /** exp= text for a fail (§6.2), macro-expanded; null without one. */
  explanation: string | null;
  /** DNS-querying terms evaluated, across includes and redirects, including one that crossed the
   * limit (11 then). */
  lookups: number;
  /** Terms whose lookup got NXDOMAIN or no answer, including one that crossed the limit. */
  voidLookups: number;
  /** Why the result is permerror or temperror, or why the input could not be checked (none). */
  problem: string | null;
  /** The term that crossed the DNS-lookup, void-lookup or MX limit. */
  limitTerm: string | null;
  /** TTL in seconds of the TXT answer holding the top-level record. */
  ttl: number | null;
}

export async function evaluateSpf(
  input: SpfCheckInput,
  resolver: Resolver,
): Promise<SpfEvaluation> {
  const unchecked = (problem: string): SpfEvaluation => ({
    result: 'none',
    record: null,
    mechanism: null,
    matched: null,
    explanation: null,
    lookups: 0,
    voidLookups: 0,
    problem,
    limitTerm: null,
    ttl: null,
  });
  const client = parseClientIp(input.ip);
  if (client === null) return unchecked(`'${showSpfText(input.ip)}' is not an IP address`);
  // §4.3: a malformed domain, or one of a single label, is none.
  const domain = toAsciiDomain(input.domain);
  if (domain === null || !domain.includes('.')) {
    return unchecked(`'${showSpfText(input.domain)}' is not a fully qualified domain name`);
  }
  const ctx: SpfContext = {
    resolver,
    client,
    fixed: {
      ...senderParts(input.sender, domain),
      h: input.helo,
      r: input.receiver ?? 'unknown',
      t: String(Math.floor((input.now ?? Date.now()) / 1000)),
    },
    lookups: 0,
    voidLookups: 0,
    record: null,
    ttl: null,
    answers: new Map(),
  };

  let outcome: HostOutcome;
  try {
    outcome = await checkHost(ctx, domain, null);
  } catch (error) {
    if (!(error instanceof SpfStop)) throw error;
    return {
      result: error.result,
      record: ctx.record,
      mechanism: null,
      matched: null,
      explanation: null,
      lookups: ctx.lookups,
      voidLookups: ctx.voidLookups,
      problem: error.message,
      limitTerm: error.limitTerm,
      ttl: ctx.ttl,
    };
  }
  return {
    result: outcome.result,
    record: ctx.record,
    mechanism: outcome.term,
    matched: outcome.matched,
    explanation:
      outcome.result === 'fail' && outcome.exp !== null
        ? await expandExplanation(ctx, outcome.exp)
        : null,
    lookups: ctx.lookups,
    voidLookups: ctx.voidLookups,
    problem: null,
    limitTerm: null,
    ttl: ctx.ttl,
  };
}

/** %{s}, %{l}, %{o} (§4.3, §7.3): `postmaster` stands in for a missing local-part, and the
 * null sender is `postmaster@<domain>`. The local-part is everything before the last `@`
 * (a quoted local-part may contain one). */
function senderParts(sender: string, domain: string): { s: string; l: string; o: string } {
  let address = sender.trim();
  if (address.startsWith('<') && address.endsWith('>')) address = address.slice(1, -1);
  if (address === '') return { s: `postmaster@${domain}`, l: 'postmaster', o: domain };
  const at = address.lastIndexOf('@');
  const l = at > 0 ? address.slice(0, at) : 'postmaster';
  // §4.3: internationalized domains as A-labels, so %{o} can be queried.
  const o = toAsciiDomain(address.slice(at + 1)) ?? address.slice(at + 1);
  return { s: `${l}@${o}`, l, o };
}
