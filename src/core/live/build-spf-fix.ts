import type { Resolver } from '../dns/resolver.ts';
import { ipVersion } from '../parse/parse-ip.ts';
import { evaluateSpf, parseSpfRecord, SPF_LIMITS, type SpfTerm } from '../spf/index.ts';

/**
 * A record that authorizes the client IP, built from what the domain publishes today
 * (RFC 7208 §3.2: one record per domain; §4.6.4: at most 10 lookups):
 * - every existing mechanism, include and modifier is kept, in order; two records become one;
 * - the `ip4:`/`ip6:` for the client goes first, so it matches before any lookup;
 * - `ptr` is dropped (RFC 7208 §5.5: "SHOULD NOT be used"), `+all` becomes `~all`, and a record
 *   without `all` or `redirect=` ends in `~all`;
 * - it must stay within 10 DNS lookups (counted by evaluating it for an address it doesn't list)
 *   and 450 octets (§3.4), and re-evaluating it against the same DNS for the client must give
 *   pass — otherwise no record is offered and `advice` says what to change instead.
 */
export interface SpfFixInput {
  domain: string;
  /** The v=spf1 records published now (0, 1 or more). */
  records: readonly string[];
  clientIp: string;
  sender: string;
  helo: string;
}

export interface SpfFix {
  record: string;
  /** The record as ≤ 255-octet character-strings (RFC 7208 §3.3), for DNS editors that need them. */
  strings: string[];
  text: string;
  /** DNS-querying terms the whole record needs (≤ 10). */
  lookups: number;
  /** The term added (`ip4:203.0.113.26`). */
  added: string;
  /** How many published records were merged into this one. */
  mergedRecords: number;
  droppedPtr: boolean;
  replacedPlusAll: boolean;
}

/** Why no record is offered, as a code with values (for translations) and English text. */
export interface SpfAdvice {
  code: 'record-error' | 'too-long' | 'lookup-limit' | 'still-fails' | 'dns-incomplete';
  text: string;
  params: Record<string, string>;
}

/** RFC 7208 §3.4: keep the answer within a 512-octet UDP packet. */
const MAX_RECORD_OCTETS = 450;
/** RFC 1035 §3.3: one character-string holds at most 255 octets. */
const MAX_STRING_OCTETS = 255;
/** An address no sensible record lists, so evaluating for it walks (and counts) every term. */
const UNLISTED_IPV4 = '255.255.255.255';

export async function buildSpfFix(
  input: SpfFixInput,
  resolver: Resolver,
): Promise<{ fix: SpfFix | null; advice: SpfAdvice | null }> {
  const mechanism = `ip${ipVersion(input.clientIp)}:${input.clientIp}`;
  const merged = mergeRecords(input.records, mechanism);
  if (typeof merged === 'string') {
    return {
      fix: null,
      advice: {
        code: 'record-error',
        text: `The published record has an error (${merged}); correct it, then add ${mechanism} to it.`,
        params: { problem: merged, mechanism },
      },
    };
  }

  const record = merged.record;
  const octets = utf8Length(record);
  if (octets > MAX_RECORD_OCTETS) {
    return {
      fix: null,
      advice: {
        code: 'too-long',
        text:
          `Adding ${mechanism} makes the record ${octets} octets, over the ${MAX_RECORD_OCTETS} that fit one DNS answer. ` +
          `Move the ip4:/ip6: terms to a TXT record at _spf.${input.domain} ("v=spf1 ${mechanism} ... -all") and add ` +
          `include:_spf.${input.domain} to the main record instead.`,
        params: {
          mechanism,
          octets: String(octets),
          limit: String(MAX_RECORD_OCTETS),
          domain: input.domain,
        },
      },
    };
  }

  const proposed = withRecord(resolver, input.domain, record);
  const walk = await evaluateSpf(
    { ip: UNLISTED_IPV4, domain: input.domain, sender: input.sender, helo: input.helo },
    proposed,
  );
  if (walk.result === 'permerror' && walk.limitTerm !== null) {
    return { fix: null, advice: await lookupAdvice(merged.terms, input, resolver, walk.problem) };
  }
  const check = await evaluateSpf(
    { ip: input.clientIp, domain: input.domain, sender: input.sender, helo: input.helo },
    proposed,
  );
  if (check.result !== 'pass') {
    const problem = check.problem === null ? check.result : `${check.result}: ${check.problem}`;
    return {
      fix: null,
      advice: {
        code: 'still-fails',
        text: `A merged record was built but still gives ${problem} for ${input.clientIp}; fix that first.`,
        params: { problem, ip: input.clientIp },
      },
    };
  }
  const notes = [
    input.records.length > 1
      ? `merges the ${input.records.length} records into one (two or more are a permerror)`
      : null,
    merged.droppedPtr ? 'drops ptr (deprecated, RFC 7208 §5.5)' : null,
    merged.replacedPlusAll
      ? 'replaces +all, which lets anyone send as your domain, with ~all'
      : null,
  ].filter((n): n is string => n !== null);
  return {
    fix: {
      record,
      strings: splitStrings(record),
      lookups: walk.lookups,
      added: mechanism,
      mergedRecords: input.records.length,
      droppedPtr: merged.droppedPtr,
      replacedPlusAll: merged.replacedPlusAll,
      text:
        `Replace the TXT record at ${input.domain} with this one. It keeps every existing mechanism and include, ` +
        `adds ${mechanism} first${notes.length === 0 ? '' : `, ${notes.join(', ')}`}; it needs ${walk.lookups} of 10 DNS lookups ` +
        `and passes for ${input.clientIp} against the same DNS.`,
    },
    advice: null,
  };
}

interface Merged {
  record: string;
  terms: SpfTerm[];
  droppedPtr: boolean;
  replacedPlusAll: boolean;
}

/** One record from today's records with `mechanism` added first, or the syntax problem that stops it. */
export function mergeRecords(records: readonly string[], mechanism: string): Merged | string {
  const mechanisms: SpfTerm[] = [];
  const modifiers: SpfTerm[] = [];
  const seen = new Set<string>([mechanism.toLowerCase()]);
  let all: string | null = null;
  let redirect: SpfTerm | null = null;
  let droppedPtr = false;
  let replacedPlusAll = false;
  for (const text of records) {
    const parsed = parseSpfRecord(text);
    if (!parsed.ok) {
      return parsed.problem;
    }
    for (const term of parsed.terms) {
      if (term.type === 'modifier') {
        if (term.name === 'redirect') redirect ??= term;
        else if (
          !seen.has(term.text.toLowerCase()) &&
          !(term.name === 'exp' && modifiers.some((m) => m.type === 'modifier' && m.name === 'exp'))
        ) {
          seen.add(term.text.toLowerCase());
          modifiers.push(term);
        }
        continue;
      }
      if (term.kind === 'all') {
        const qualifier = term.qualifier === '+' ? '~' : term.qualifier;
        if (term.qualifier === '+') replacedPlusAll = true;
        all = strictest(all, qualifier);
        continue;
      }
      if (term.kind === 'ptr') {
        droppedPtr = true;
        continue;
      }
      const key = term.text.replace(/^\+/, '').toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      mechanisms.push(term);
    }
  }
  const tail: string[] = [];
  if (all !== null) tail.push(`${all}all`);
  else if (redirect !== null) tail.push(redirect.text);
  else tail.push('~all');
  const parts = [
    'v=spf1',
    mechanism,
    ...mechanisms.map((t) => t.text),
    ...tail,
    ...modifiers.map((t) => t.text),
  ];
  const terms = [...mechanisms, ...(all === null && redirect !== null ? [redirect] : [])];
  return { record: parts.join(' '), terms, droppedPtr, replacedPlusAll };
}

/** `-all` over `~all` over `?all`: merging never loosens the domain's stated policy. */
function strictest(current: string | null, next: string): string {
  const order = ['?', '~', '-'];
  if (current === null) return next === '+' ? '~' : next;
  return order.indexOf(next) > order.indexOf(current) ? next : current;
}

/** What each include costs, so the user knows which to drop or flatten. */
async function lookupAdvice(
  terms: readonly SpfTerm[],
  input: SpfFixInput,
  resolver: Resolver,
  problem: string | null,
): Promise<SpfAdvice> {
  const costs: { term: string; lookups: number }[] = [];
  for (const term of terms) {
    if (term.type !== 'mechanism' || term.kind !== 'include' || term.domainSpec === null) continue;
    const inner = await evaluateSpf(
      { ip: UNLISTED_IPV4, domain: term.domainSpec, sender: input.sender, helo: input.helo },
      resolver,
    );
    costs.push({ term: term.text, lookups: inner.lookups + 1 });
  }
  costs.sort((a, b) => b.lookups - a.lookups);
  const list = costs.map((c) => `${c.term} (${c.lookups})`).join(', ');
  const why = problem ?? `it needs more than ${SPF_LIMITS.dnsTerms} DNS lookups`;
  return {
    code: 'lookup-limit',
    text:
      `Adding the IP cannot make this record valid: ${why}. Remove includes of services you no longer use, ` +
      `or replace an include with the ip4:/ip6: ranges it lists${list === '' ? '' : `. Lookups per include: ${list}`}.`,
    params: { problem: why, includes: list },
  };
}

/** The same DNS, except that `domain`'s TXT answer is `record`. */
function withRecord(resolver: Resolver, domain: string, record: string): Resolver {
  const target = domain.toLowerCase();
  return async (name, type) => {
    if (type === 'TXT' && name.toLowerCase().replace(/\.$/, '') === target) {
      return { status: 'ok', records: [record], ttl: null, authenticated: false };
    }
    return resolver(name, type);
  };
}

/** Splits at spaces into ≤ 255-octet strings; each keeps its trailing space (joined as is). */
export function splitStrings(record: string): string[] {
  const out: string[] = [];
  let rest = record;
  while (utf8Length(rest) > MAX_STRING_OCTETS) {
    let cut = rest.lastIndexOf(' ', MAX_STRING_OCTETS - 1);
    if (cut <= 0) cut = MAX_STRING_OCTETS - 1;
    out.push(rest.slice(0, cut + 1));
    rest = rest.slice(cut + 1);
  }
  out.push(rest);
  return out;
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}
