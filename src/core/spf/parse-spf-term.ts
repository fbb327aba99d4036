/**
 * RFC 7208 §4.6.1, §5 and §6 (ABNF in §12): one term of an SPF record — a mechanism with its
 * qualifier and arguments, or a modifier. Never throws; a string result says what is wrong.
 * - the name ends at the first `:`, `/` or `=`; `=` first makes it a modifier (§4.6.1), so
 *   `moo.cow/far_out=man` is an unknown mechanism and `redirect:x` is not a redirect;
 * - `all` takes no argument, `include`/`exists` need `:domain-spec`, `a`/`mx` take an optional
 *   domain and a dual CIDR length (`a:x.example/24//64`), `ptr` an optional domain, `ip4`/`ip6`
 *   a network in its strict text form (no `192.0.2`, no leading zeros, no zone) and a prefix;
 * - prefix lengths 0-32 / 0-128 without leading zeros (`/032` is an error, as
 *   `ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT)` says);
 * - domain-specs and macro strings through `parseSpfMacro`; modifier names
 *   `ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )`; a modifier takes no qualifier.
 * Not handled: whether a modifier repeats (`parseSpfRecord`).
 */
import { countWork } from '../work-meter.ts';
import { parseIp } from '../parse/parse-ip.ts';
import { parseSpfMacro, type SpfMacroContext, type SpfMacroToken } from './parse-spf-macro.ts';
import { showSpfText } from './show-spf-text.ts';

/** `qualifier = "+" / "-" / "?" / "~"`; `+` when none is written. */
export type SpfQualifier = '+' | '-' | '~' | '?';

export type SpfMechanismKind = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

export interface SpfMechanism {
  type: 'mechanism';
  /** Lowercase. */
  kind: SpfMechanismKind;
  qualifier: SpfQualifier;
  /** The term as written, qualifier included (`~include:_spf.example.com`). */
  text: string;
  /** include, exists: always set; a, mx, ptr: null means the current domain. */
  domainSpec: string | null;
  /** `domainSpec` parsed (null when it is). */
  macro: SpfMacroToken[] | null;
  /** ip4, ip6: the address part as written (`192.0.2.0`, `2001:db8::`). */
  network: string | null;
  /** ip4, a, mx: IPv4 prefix length; null when not written (/32). */
  cidr4: number | null;
  /** ip6, a, mx: IPv6 prefix length; null when not written (/128). */
  cidr6: number | null;
}

export interface SpfModifier {
  type: 'modifier';
  /** Lowercase (`redirect`, `exp`, or an unknown modifier's name). */
  name: string;
  /** The text after `=`. */
  value: string;
  text: string;
  /** `value` parsed: a domain-spec for redirect and exp, a macro-string otherwise. */
  macro: SpfMacroToken[];
}

export type SpfTerm = SpfMechanism | SpfModifier;

const MECHANISMS: ReadonlySet<string> = new Set([
  'all',
  'include',
  'a',
  'mx',
  'ptr',
  'ip4',
  'ip6',
  'exists',
]);

/**
 * The terms that query DNS when evaluated and count towards the limit of 10 (§4.6.4): include,
 * a, mx, ptr, exists and redirect. all, ip4, ip6, exp and unknown modifiers don't.
 */
export function isDnsTerm(term: SpfTerm): boolean {
  return term.type === 'mechanism'
    ? term.kind !== 'all' && term.kind !== 'ip4' && term.kind !== 'ip6'
    : term.name === 'redirect';
}

/** A term, or why it is not one. `raw` has no spaces (the record was split on them). */
export function parseSpfTerm(raw: string): SpfTerm | string {
  countWork(raw.length + 1);
  const first = raw.charAt(0);
  const qualifier = first === '+' || first === '-' || first === '~' || first === '?' ? first : null;
  const body = qualifier === null ? raw : raw.slice(1);
  let end = 0;
  while (end < body.length && !':/='.includes(body.charAt(end))) end += 1;
  const name = body.slice(0, end);
  if (body.charAt(end) === '=') {
    if (qualifier !== null) return 'a modifier takes no qualifier';
    return parseModifier(raw, name, body.slice(end + 1));
  }
  const kind = name.toLowerCase();
  if (!MECHANISMS.has(kind)) {
    return name === '' ? 'a term needs a name' : `'${showSpfText(name)}' is not a mechanism`;
  }
  return parseMechanism(raw, qualifier ?? '+', kind as SpfMechanismKind, body.slice(end));
}

/** `name "=" macro-string`, `name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )`. */
function parseModifier(raw: string, name: string, value: string): SpfModifier | string {
  if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(name)) {
    return name === ''
      ? 'a modifier needs a name'
      : `'${showSpfText(name)}' is not a modifier name`;
  }
  const lower = name.toLowerCase();
  // Known modifiers are not also unknown ones: `exp=-all` is a bad exp=, not an unknown modifier
  // (the suite's exp-syntax-error and redirect-syntax-error).
  const context: SpfMacroContext =
    lower === 'redirect' || lower === 'exp' ? 'domain-spec' : 'macro-string';
  const parsed = parseSpfMacro(value, context);
  if (!parsed.ok) return parsed.reason;
  return { type: 'modifier', name: lower, value, text: raw, macro: parsed.tokens };
}

/** `arg` is what follows the mechanism name: empty, or starting with `:` or `/`. */
function parseMechanism(
  raw: string,
  qualifier: SpfQualifier,
  kind: SpfMechanismKind,
  arg: string,
): SpfMechanism | string {
  const mechanism: SpfMechanism = {
    type: 'mechanism',
    kind,
    qualifier,
    text: raw,
    domainSpec: null,
    macro: null,
    network: null,
    cidr4: null,
    cidr6: null,
  };
  const withDomain = (spec: string): SpfMechanism | string => {
    const parsed = parseSpfMacro(spec, 'domain-spec');
    if (!parsed.ok) return parsed.reason;
    return { ...mechanism, domainSpec: spec, macro: parsed.tokens };
  };
  switch (kind) {
    case 'all':
      return arg === '' ? mechanism : 'all takes no argument';
    case 'include':
    case 'exists':
      return arg.startsWith(':') ? withDomain(arg.slice(1)) : `${kind} needs ':' and a domain`;
    case 'ptr':
      if (arg === '') return mechanism;
      return arg.startsWith(':') ? withDomain(arg.slice(1)) : 'ptr takes no prefix length';
    case 'a':
    case 'mx':
      return parseDomainAndCidr(mechanism, arg, withDomain);
    case 'ip4':
    case 'ip6':
      return parseNetwork(mechanism, arg);
  }
}

/** `[ ":" domain-spec ] [ dual-cidr-length ]`, `dual-cidr-length = [ ip4-cidr-length ] [ "/"
 * ip6-cidr-length ]`. The prefix lengths are taken from the end, so a domain may contain `/`
 * and `:` (`a:foo:bar/baz.example.com`, from the suite). */
function parseDomainAndCidr(
  mechanism: SpfMechanism,
  arg: string,
  withDomain: (spec: string) => SpfMechanism | string,
): SpfMechanism | string {
  // Anchored at the end; each attempt scans one run of digits, so this stays linear.
  const cidr = /(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(arg);
  const at = cidr?.index ?? arg.length;
  const cidr4 = cidr?.[1] === undefined ? null : prefixLength(cidr[1], 32);
  const cidr6 = cidr?.[2] === undefined ? null : prefixLength(cidr[2], 128);
  if (cidr4 === undefined || cidr6 === undefined) return 'the prefix length is out of range';
  const head = arg.slice(0, at);
  const withCidr = { ...mechanism, cidr4, cidr6 };
  if (head === '') return withCidr;
  if (!head.startsWith(':')) return `'${showSpfText(arg)}' is not a domain or a prefix length`;
  const parsed = withDomain(head.slice(1));
  return typeof parsed === 'string' ? parsed : { ...parsed, cidr4, cidr6 };
}

/** `"ip4" ":" ip4-network [ ip4-cidr-length ]` and the ip6 equivalent. */
function parseNetwork(mechanism: SpfMechanism, arg: string): SpfMechanism | string {
  const v6 = mechanism.kind === 'ip6';
  if (!arg.startsWith(':')) return `${mechanism.kind} needs ':' and an address`;
  const rest = arg.slice(1);
  const cidr = /\/(\d+)$/.exec(rest);
  const network = cidr === null ? rest : rest.slice(0, cidr.index);
  const length = cidr?.[1] === undefined ? null : prefixLength(cidr[1], v6 ? 128 : 32);
  if (length === undefined) return 'the prefix length is out of range';
  if (!(v6 ? isIp6Network(network) : isIp4Network(network))) {
    return `'${showSpfText(network)}' is not an ${v6 ? 'IPv6' : 'IPv4'} address`;
  }
  return v6 ? { ...mechanism, network, cidr6: length } : { ...mechanism, network, cidr4: length };
}

/** A prefix length within 0..max without leading zeros, or undefined. */
function prefixLength(digits: string, max: number): number | undefined {
  if (digits.length > 3 || (digits.length > 1 && digits.startsWith('0'))) return undefined;
  const n = Number(digits);
  return n <= max ? n : undefined;
}

/** `ip4-network = qnum "." qnum "." qnum "." qnum`: no leading zeros, no short forms (§5.6:
 * "It is not permitted to omit parts of the IP address"). */
function isIp4Network(text: string): boolean {
  return /^[0-9.]+$/.test(text) && parseIp(text) === text;
}

/** RFC 4291 §2.2 text forms only: hex groups, `::`, an embedded dotted quad; no zone, no
 * brackets. */
function isIp6Network(text: string): boolean {
  return text.includes(':') && /^[0-9A-Fa-f:.]+$/.test(text) && parseIp(text) !== null;
}
