import punycode from 'punycode/punycode.js';
import { countWork } from '../work-meter.ts';

/**
 * Names a forger uses to pass for a receiver or a mailbox provider in an authserv-id or a
 * Received-SPF claim (RFC 8601 §7.1, "Header Position"; UTS #39 §4 for the skeleton):
 *   `mx.google.com.evil.example`   the known name as a prefix
 *   `mx.gooqle.com`, `gmai1.com`   an edit or two away, or one away in the organizational domain
 *   `mx.gооgle.com` (Cyrillic о), `mx.xn--ggle-55da.com`, `mx.goo\u200Bgle.com`, `ｇｏｏｇｌｅ.com`
 *                                  the same skeleton: homoglyphs, punycode, invisible characters,
 *                                  full-width forms
 * Not handled: the full Unicode confusables table; the letters forgers actually use (Cyrillic and
 * Greek look-alikes of Latin letters, digits for letters, `rn` for `m`) are in SKELETON below.
 */
export function lookAlikeOf(claim: string, known: readonly KnownName[]): string | null {
  if (claim.length > 255) return null;
  // Each known name is compared with a claim of at most 255 characters (edit distances with at
  // most 64).
  countWork(known.length * (claim.length + 1));
  const skeleton = skeletonOf(claim);
  const rawOrg = orgOfSkeleton(claim.toLowerCase().replace(/\.$/, ''));
  const skeletonOrg = orgOfSkeleton(skeleton);
  for (const k of known) {
    if (claim === k.name) continue;
    if (skeleton === k.skeleton) return k.name;
    if (hasNameInside(claim, k.name) || hasNameInside(skeleton, k.skeleton)) return k.name;
    // `protection.out1ook.com`: the organizational domain is a look-alike of the known one.
    if (k.org !== null && skeletonOrg === k.org && rawOrg !== k.org) return k.name;
  }
  if (claim.length > 64) return null;
  const claimOrg = orgOfSkeleton(skeleton);
  for (const k of known) {
    if (claim === k.name) continue;
    const edits = allowedEdits(k.skeleton);
    if (edits > 0 && withinEditDistance(skeleton, k.skeleton, edits)) return k.name;
    if (
      claimOrg !== null &&
      k.org !== null &&
      k.org.length >= 9 &&
      claimOrg !== k.org &&
      withinOneEdit(claimOrg, k.org)
    ) {
      return k.name;
    }
  }
  return null;
}

/** Edits that still make a look-alike: none for short names (`me.com` and `mx.com` are
 * different domains), one from 9 characters (`gmaii.com`), two from 12 (`mx.gooqle.com`). */
function allowedEdits(name: string): number {
  return name.length >= 12 ? 2 : name.length >= 9 ? 1 : 0;
}

export interface KnownName {
  name: string;
  skeleton: string;
  /** The skeleton's last two labels, compared with one edit allowed (`gmai1.com`). */
  org: string | null;
}

export function knownName(name: string): KnownName {
  const skeleton = skeletonOf(name);
  return { name, skeleton, org: orgOfSkeleton(skeleton) };
}

/** The known name inside the forger's domain, followed by more labels: `mx.google.com.evil.example`,
 * `protection.outlook.com.evil.example`. */
function hasNameInside(claim: string, name: string): boolean {
  if (claim.length <= name.length + 1) return false;
  if (claim.startsWith(name) && claim.charAt(name.length) === '.') return true;
  return claim.includes(`.${name}.`);
}

/** The last two labels: enough to compare `gmai1.com` with `gmail.com` (public-suffix rules
 * would not change the answer for the providers compared). */
function orgOfSkeleton(s: string): string | null {
  const last = s.lastIndexOf('.');
  if (last <= 0) return null;
  const prev = s.lastIndexOf('.', last - 1);
  return s.slice(prev + 1);
}

/**
 * A name reduced to what it looks like: punycode labels decoded, compatibility forms folded
 * (NFKC: full-width letters, ligatures), invisible characters and combining marks dropped,
 * homoglyphs mapped to the Latin letter they imitate, lowercase, no trailing dot.
 */
export function skeletonOf(name: string): string {
  let s = name.trim().toLowerCase();
  if (s.endsWith('.')) s = s.slice(0, -1);
  if (s.includes('xn--')) {
    try {
      s = punycode.toUnicode(s);
    } catch {
      // Not valid punycode: compared as written.
    }
  }
  if (!isPlainAscii(s)) {
    s = s.normalize('NFKD');
    let out = '';
    for (const ch of s) {
      const code = ch.codePointAt(0) ?? 0;
      if (INVISIBLE.has(code) || (code >= 0x300 && code <= 0x36f)) continue;
      out += SKELETON.get(ch) ?? ch;
    }
    s = out.toLowerCase();
  }
  let folded = '';
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charAt(i);
    if (c === 'r' && s.charAt(i + 1) === 'n') {
      folded += 'm';
      i += 1;
    } else {
      folded += c === '0' ? 'o' : c === '1' ? 'l' : c;
    }
  }
  return folded;
}

function isPlainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) if (s.charCodeAt(i) > 0x7e) return false;
  return true;
}

/** Zero-width and other invisible characters (UTS #39 "default ignorable" ones forgers use). */
const INVISIBLE = new Set([
  0x00ad, 0x034f, 0x061c, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180b, 0x180c, 0x180d, 0x180e, 0x200b,
  0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2061, 0x2062,
  0x2063, 0x2064, 0xfe00, 0xfe0f, 0xfeff,
]);

/** Cyrillic, Greek and Latin-extension letters that render like a Latin letter. */
const SKELETON = new Map<string, string>([
  ['а', 'a'],
  ['б', 'b'],
  ['в', 'b'],
  ['г', 'r'],
  ['е', 'e'],
  ['ё', 'e'],
  ['і', 'i'],
  ['ї', 'i'],
  ['ј', 'j'],
  ['к', 'k'],
  ['м', 'm'],
  ['н', 'h'],
  ['о', 'o'],
  ['п', 'n'],
  ['р', 'p'],
  ['с', 'c'],
  ['т', 't'],
  ['у', 'y'],
  ['х', 'x'],
  ['ѕ', 's'],
  ['һ', 'h'],
  ['ԁ', 'd'],
  ['ԛ', 'q'],
  ['ԝ', 'w'],
  ['ӏ', 'l'],
  ['ɡ', 'g'],
  ['ı', 'i'],
  ['ȷ', 'j'],
  ['ℓ', 'l'],
  ['α', 'a'],
  ['β', 'b'],
  ['ε', 'e'],
  ['η', 'n'],
  ['ι', 'i'],
  ['κ', 'k'],
  ['ν', 'v'],
  ['ο', 'o'],
  ['ρ', 'p'],
  ['τ', 't'],
  ['υ', 'u'],
  ['χ', 'x'],
  ['ω', 'w'],
  ['ϲ', 'c'],
  ['ϳ', 'j'],
  ['А', 'a'],
  ['В', 'b'],
  ['Е', 'e'],
  ['К', 'k'],
  ['М', 'm'],
  ['Н', 'h'],
  ['О', 'o'],
  ['Р', 'p'],
  ['С', 'c'],
  ['Т', 't'],
  ['Х', 'x'],
  ['Α', 'a'],
  ['Β', 'b'],
  ['Ε', 'e'],
  ['Ζ', 'z'],
  ['Η', 'h'],
  ['Ι', 'i'],
  ['Κ', 'k'],
  ['Μ', 'm'],
  ['Ν', 'n'],
  ['Ο', 'o'],
  ['Ρ', 'p'],
  ['Τ', 't'],
  ['Υ', 'y'],
  ['Χ', 'x'],
] as const);

/** The Levenshtein distance of `a` and `b` is at most 1 (one character substituted, inserted or
 * deleted). Linear, unlike withinEditDistance. */
function withinOneEdit(a: string, b: string): boolean {
  const long = a.length >= b.length ? a : b;
  const short = long === a ? b : a;
  if (long.length - short.length > 1) return false;
  let i = 0;
  while (i < short.length && long.charCodeAt(i) === short.charCodeAt(i)) i += 1;
  if (i === short.length) return true;
  const rest = long.slice(i + 1);
  return long.length === short.length ? rest === short.slice(i + 1) : rest === short.slice(i);
}

/** The Levenshtein distance of `a` and `b` is at most `max`; both are short (≤ 64 characters and
 * a known name). Rows stop early once every entry exceeds `max`. */
function withinEditDistance(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let prev: number[] = [];
  for (let j = 0; j <= b.length; j += 1) prev.push(j);
  for (let i = 1; i <= a.length; i += 1) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur.push(d);
      if (d < best) best = d;
    }
    if (best > max) return false;
    prev = cur;
  }
  return (prev[b.length] ?? 0) <= max;
}
