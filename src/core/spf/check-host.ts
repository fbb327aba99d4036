/**
 * RFC 7208 §4 check_host() for one domain, recursing for include (§5.2) and redirect (§6.1):
 * - §4.3: a name that is not multi-label is `none` (the caller has checked label lengths);
 * - §4.4/§4.5: TXT lookup (DNS error → temperror; NXDOMAIN or no `v=spf1` record → none; more
 *   than one → permerror), then §4.6 parse (any syntax error → permerror);
 * - §4.6.2: mechanisms in order, the first match decides by its qualifier; no match → neutral
 *   (§4.7), or the redirect target's result, where `none` becomes permerror (§6.1). A redirect
 *   is never reached when the record has `all`, which always matches — the "MUST be ignored" rule;
 * - include (§5.2): the target's pass matches; fail, softfail and neutral don't; none is
 *   permerror; temperror and permerror end the whole evaluation (`SpfStop`);
 * - exp= (§6.2) is returned with a fail from this record's own mechanisms, and through a
 *   redirect the target's exp replaces this one; an included record's exp is never used.
 * Limits are counted in the shared context before each DNS-querying term (§4.6.4).
 */
import type { SpfMacroToken } from './parse-spf-macro.ts';
import { expandTargetName } from './expand-target-name.ts';
import { matchSpfMechanism } from './match-spf-mechanism.ts';
import { parseSpfRecord } from './parse-spf-record.ts';
import { isDnsTerm, type SpfMechanism, type SpfQualifier } from './parse-spf-term.ts';
import { selectSpfRecord } from './select-spf-record.ts';
import {
  countLookup,
  countVoid,
  describeTerm,
  dnsError,
  query,
  SpfStop,
  type SpfContext,
  type SpfTermRef,
} from './spf-context.ts';
import { showSpfText } from './show-spf-text.ts';

/** A mechanism that matched, and the domain whose record holds it. */
export interface SpfMatch {
  term: string;
  domain: string;
}

export interface HostOutcome {
  /** permerror and temperror leave as `SpfStop` instead. */
  result: 'pass' | 'fail' | 'softfail' | 'neutral' | 'none';
  /** The term of this record that decided: the matching mechanism, the include whose target
   * passed, or the redirect= whose target matched. Null when nothing matched. */
  term: string | null;
  /** The innermost matching mechanism (inside includes and redirects). */
  matched: SpfMatch | null;
  /** exp= to expand if this is the final result and it is fail, with the domain for %{d}. */
  exp: { tokens: SpfMacroToken[]; domain: string } | null;
}

const RESULT: Readonly<Record<SpfQualifier, HostOutcome['result']>> = {
  '+': 'pass',
  '-': 'fail',
  '~': 'softfail',
  '?': 'neutral',
};

const NONE: HostOutcome = { result: 'none', term: null, matched: null, exp: null };

/**
 * `domain` is lowercase and queryable. `via` is the include or redirect that led here (null at
 * the top level); its TXT lookup counts as that term's void lookup.
 */
export async function checkHost(
  ctx: SpfContext,
  domain: string,
  via: SpfTermRef | null,
): Promise<HostOutcome> {
  if (!domain.includes('.')) return NONE;
  const depth = via === null ? 0 : via.depth + 1;
  const answer = await query(ctx, domain, 'TXT');
  if (answer.status === 'error') throw dnsError('TXT', domain, answer.reason);
  if (via !== null) countVoid(ctx, via, answer);
  if (answer.status === 'nxdomain') return NONE;
  const { record, count } = selectSpfRecord(answer.records);
  if (count > 1) {
    const where = via === null ? '' : ` at ${domain} (${describeTerm(via)})`;
    throw new SpfStop('permerror', `${count} SPF records${where}`);
  }
  if (record === null) return NONE;
  if (via === null) {
    ctx.record = record;
    ctx.ttl = answer.ttl;
  }
  const parsed = parseSpfRecord(record);
  if (!parsed.ok) {
    if (via === null) throw new SpfStop('permerror', parsed.problem);
    const at = parsed.term === null ? '' : ` at '${showSpfText(parsed.term)}'`;
    throw new SpfStop(
      'permerror',
      `syntax error${at} in the record of ${domain}: ${parsed.reason}`,
    );
  }

  for (const term of parsed.terms) {
    if (term.type !== 'mechanism') continue;
    const ref: SpfTermRef = { text: term.text, domain, depth };
    if (isDnsTerm(term)) countLookup(ctx, ref);
    let matched: SpfMatch | null;
    if (term.kind === 'include') matched = await include(ctx, term, ref);
    else matched = (await matchSpfMechanism(ctx, term, ref)) ? { term: term.text, domain } : null;
    if (matched === null) continue;
    const result = RESULT[term.qualifier];
    return {
      result,
      term: term.text,
      matched,
      exp: result === 'fail' && parsed.exp !== null ? { tokens: parsed.exp.macro, domain } : null,
    };
  }

  if (parsed.redirect === null) return { result: 'neutral', term: null, matched: null, exp: null };
  const ref: SpfTermRef = { text: parsed.redirect.text, domain, depth };
  countLookup(ctx, ref);
  const target = await expandTargetName(ctx, parsed.redirect.macro, domain);
  const outcome = target === null ? NONE : await checkHost(ctx, target, ref);
  if (outcome.result === 'none') throw noRecord(ref, target);
  return { ...outcome, term: outcome.term === null ? null : ref.text };
}

/** The innermost match when the include's target passes, null when it does not match. */
async function include(
  ctx: SpfContext,
  term: SpfMechanism,
  ref: SpfTermRef,
): Promise<SpfMatch | null> {
  const target = term.macro === null ? null : await expandTargetName(ctx, term.macro, ref.domain);
  const outcome = target === null ? NONE : await checkHost(ctx, target, ref);
  if (outcome.result === 'none') throw noRecord(ref, target);
  return outcome.result === 'pass' ? outcome.matched : null;
}

/** §5.2 and §6.1: an include or redirect target without a record is permerror, not none. */
function noRecord(ref: SpfTermRef, target: string | null): SpfStop {
  const what =
    target === null
      ? 'does not name a valid domain'
      : `finds no SPF record at ${showSpfText(target)}`;
  return new SpfStop('permerror', `${describeTerm(ref)} ${what}`);
}
