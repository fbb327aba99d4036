/**
 * State shared by one RFC 7208 check_host() evaluation and its recursions (§4.6.4: the lookup
 * limits are "a single global limit for all evaluations"): the counters, a per-evaluation memo of
 * DNS answers, and the macro values that do not change (§7.3). `SpfStop` carries a permerror or
 * temperror out of any depth: once one happens, it is the result of the top-level check_host()
 * too (§5.2: include passes both through; §6.1: so does redirect).
 */
import type { DnsResult, DnsType, Resolver } from '../dns/resolver.ts';
import type { SpfMacroLetter } from './parse-spf-macro.ts';
import type { SpfClient } from './parse-client-ip.ts';
import { showSpfText } from './show-spf-text.ts';
import { SPF_LIMITS } from './spf-limits.ts';

export interface SpfContext {
  readonly resolver: Resolver;
  readonly client: SpfClient;
  /** Macro values fixed for the whole evaluation: s, l, o, h, r, t (and i, c, v from `client`). */
  readonly fixed: Readonly<Record<'s' | 'l' | 'o' | 'h' | 'r' | 't', string>>;
  /** DNS-querying terms evaluated so far (§4.6.4), including one that crossed the limit. */
  lookups: number;
  voidLookups: number;
  /** The top-level record and its TXT answer's TTL, for the report. */
  record: string | null;
  ttl: number | null;
  /** One query per name and type per evaluation: `include:` twice, `a` and `mx` on the same
   * host, and %{p} in several terms don't go to the network again. */
  readonly answers: Map<string, Promise<DnsResult>>;
}

/** Where a term was: its text, the domain whose record holds it, and how many includes and
 * redirects deep that record is (0 = the top-level record). */
export interface SpfTermRef {
  text: string;
  domain: string;
  depth: number;
}

export class SpfStop extends Error {
  readonly result: 'permerror' | 'temperror';
  readonly limitTerm: string | null;

  constructor(result: 'permerror' | 'temperror', problem: string, limitTerm: string | null = null) {
    super(problem);
    this.result = result;
    this.limitTerm = limitTerm;
  }
}

/** Ask the resolver once per name and type. A resolver that rejects counts as a DNS error. */
export function query(ctx: SpfContext, name: string, type: DnsType): Promise<DnsResult> {
  const key = `${type} ${name}`;
  let answer = ctx.answers.get(key);
  if (answer === undefined) {
    answer = ctx.resolver(name, type).catch((error: unknown): DnsResult => ({
      status: 'error',
      reason: error instanceof Error ? error.message : String(error),
    }));
    ctx.answers.set(key, answer);
  }
  return answer;
}

/** A DNS error during a term: temperror (§5: "the mechanism stops and the topmost check_host()
 * returns temperror"). */
export function dnsError(type: DnsType, name: string, reason: string): SpfStop {
  return new SpfStop('temperror', `DNS error for ${type} ${showSpfText(name)}: ${reason}`);
}

/** Count a DNS-querying term before it queries; the 11th ends the evaluation (§4.6.4). */
export function countLookup(ctx: SpfContext, term: SpfTermRef): void {
  ctx.lookups += 1;
  if (ctx.lookups > SPF_LIMITS.dnsTerms) {
    throw new SpfStop(
      'permerror',
      `more than ${SPF_LIMITS.dnsTerms} DNS lookups (the ${ordinal(ctx.lookups)} was ${describeTerm(term)})`,
      term.text,
    );
  }
}

/** Count a term whose lookup got NXDOMAIN or an empty answer; the 3rd ends the evaluation. */
export function countVoid(ctx: SpfContext, term: SpfTermRef, answer: DnsResult): void {
  const isVoid =
    answer.status === 'nxdomain' || (answer.status === 'ok' && answer.records.length === 0);
  if (!isVoid) return;
  ctx.voidLookups += 1;
  if (ctx.voidLookups > SPF_LIMITS.voidLookups) {
    throw new SpfStop(
      'permerror',
      `more than ${SPF_LIMITS.voidLookups} void lookups (the ${ordinal(ctx.voidLookups)} was ${describeTerm(term)})`,
      term.text,
    );
  }
}

/** Macro values in the record of `domain` (%{d} is the current domain), with %{p} given. */
export function macroValues(
  ctx: SpfContext,
  domain: string,
  p: string,
): Readonly<Record<SpfMacroLetter, string>> {
  const { client } = ctx;
  return { ...ctx.fixed, d: domain, i: client.dotted, c: client.readable, v: client.v, p };
}

/** `include:x.example`, or `a in the record of inc.example` below the top level. */
export function describeTerm(term: SpfTermRef): string {
  const text = showSpfText(term.text);
  return term.depth === 0 ? text : `${text} in the record of ${term.domain}`;
}

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
