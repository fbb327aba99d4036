import { isHostName } from './dns-name.ts';
import { ICANN_RULES } from './icann-rules.ts';

/**
 * The registrable domain of a name under the ICANN section of the Public Suffix List
 * (https://github.com/publicsuffix/list/wiki/Format): the public suffix plus one label. The
 * longest matching rule wins, `*` matches one label, an exception rule (`!www.ck`) beats every
 * other and makes its own leftmost label registrable, and a name under no rule has its TLD as
 * suffix (the default rule `*`). `co.uk` → null, `a.b.co.uk` → `b.co.uk`, `a.b.ck` → `a.b.ck`
 * (`*.ck`), `www.ck` → `www.ck`, `a.github.io` → `github.io` (github.io is a private rule).
 *
 * The list is a compact string (icann-rules.ts, one line per TLD); nothing is built when the
 * module loads. The first lookup indexes the lines by TLD, and a TLD's rules become a set the
 * first time a name under it is looked up, so a service worker that wakes up for one message
 * pays for the few TLDs that message names.
 *
 * Input: a lowercase ASCII name (punycode for internationalized names, no trailing dot), as
 * domain-name.ts gives it. Returns null for a public suffix itself, a single label, a name that
 * is not a host name (`_dmarc` labels aside: underscores are accepted, as DNS allows them) and a
 * name whose last label is numeric (an IPv4 address, never a TLD).
 */
export function registrableDomain(name: string): string | null {
  if (!isHostName(name)) return null;
  const labels = name.split('.');
  const n = labels.length;
  const tld = labels[n - 1] as string;
  if (n < 2 || isDigits(tld)) return null;
  const rules = rulesOf(tld);
  // Labels in the public suffix: the TLD at least.
  let suffix = 1;
  if (rules !== null) {
    for (let k = 2; k <= n; k += 1) {
      // The k rightmost labels, without the TLD: `b.co` for k = 3 in `a.b.co.uk`.
      const left = labels.slice(n - k, n - 1).join('.');
      if (rules.has(`!${left}`)) {
        suffix = k - 1;
        break;
      }
      const parent = labels.slice(n - k + 1, n - 1).join('.');
      if (rules.has(left) || rules.has(parent === '' ? '*' : `*.${parent}`)) suffix = k;
    }
  }
  return n > suffix ? labels.slice(n - suffix - 1).join('.') : null;
}

let index: Map<string, string> | null = null;
const parsed = new Map<string, ReadonlySet<string> | null>();

/** The rules under a TLD (`co`, `*.kawasaki`, `!city.kawasaki`), or null when it has none. */
function rulesOf(tld: string): ReadonlySet<string> | null {
  let rules = parsed.get(tld);
  if (rules !== undefined) return rules;
  if (index === null) {
    index = new Map();
    for (const line of ICANN_RULES.split('\n')) {
      const colon = line.indexOf(':');
      index.set(
        colon === -1 ? line : line.slice(0, colon),
        colon === -1 ? '' : line.slice(colon + 1),
      );
    }
  }
  const line = index.get(tld);
  rules = line === undefined || line === '' ? null : new Set(line.split(','));
  parsed.set(tld, rules);
  return rules;
}

function isDigits(label: string): boolean {
  for (let i = 0; i < label.length; i += 1) {
    const c = label.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
