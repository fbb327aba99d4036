import { isDnsName } from './dns-name.ts';
import { registrableDomain } from './registrable-domain.ts';

export { isDnsName } from './dns-name.ts';

/**
 * Domain-name helpers shared by the analyzers. Organizational domains (RFC 7489 §3.2) come from
 * the ICANN section of the Public Suffix List (psl/registrable-domain.ts; README, "Which Public
 * Suffix List section"): a private entry such as `github.io` is not an organizational boundary
 * for DMARC here.
 */

/** Lowercase ASCII (punycode) form without a trailing dot, or null when it is not a DNS name. */
export function toAsciiDomain(name: string): string | null {
  let s = name.trim();
  if (s.endsWith('.')) s = s.slice(0, -1);
  if (s.length === 0 || s.length > 253) return null;
  let ascii = s.toLowerCase();
  if (isDnsName(ascii)) return ascii;
  if (isAscii(ascii)) return null;
  try {
    ascii = new URL(`http://${s}/`).hostname;
  } catch {
    return null;
  }
  return isDnsName(ascii) ? ascii : null;
}

/**
 * The domain of an address (`<x@Example.COM>` → `example.com`), or the value itself when it is a
 * bare domain (Microsoft writes `smtp.mailfrom=contoso.com`; Gmail sometimes `@example.com`).
 */
export function domainOf(addressOrDomain: string | null | undefined): string | null {
  if (addressOrDomain === null || addressOrDomain === undefined) return null;
  let s = addressOrDomain.trim();
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1);
  const at = lastUnquotedAt(s);
  if (at === -2) return null;
  if (at !== -1) s = s.slice(at + 1);
  if (s.endsWith('>')) s = s.slice(0, -1);
  // A mail domain has at least two labels: `email` is what is left of a pasted
  // `[email protected]` placeholder, not a domain to publish records at.
  if (!s.includes('.')) return null;
  return toAsciiDomain(s);
}

/** The last `@` outside a quoted local part (`"a>b@c"@example.com`); -1 when there is none,
 * -2 when the only ones are quoted (`"x@example.com"` is a local part, not an address). */
function lastUnquotedAt(s: string): number {
  if (!s.includes('"')) return s.lastIndexOf('@');
  let quoted = false;
  let at = -1;
  let any = false;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c === 0x5c && quoted) i += 1;
    else if (c === 0x22) quoted = !quoted;
    else if (c === 0x40) {
      any = true;
      if (!quoted) at = i;
    }
  }
  return at === -1 && any ? -2 : at;
}

/** The organizational domain (RFC 7489 §3.2), or the name itself when it has none (a public
 * suffix, a single label, an address). */
export function orgDomain(domain: string | null): string | null {
  if (domain === null) return null;
  let name = domain.toLowerCase();
  if (name.endsWith('.')) name = name.slice(0, -1);
  return registrableDomain(name) ?? domain;
}

/**
 * orgDomain and relaxedAligned for the names of one analysis, each name looked up once: the
 * analyzers ask about the From: domain and the receiver's hosts again and again, and every
 * lookup walks the Public Suffix List. One per analysis; it keeps every name it was asked about.
 */
export class OrgDomainMemo {
  private readonly known = new Map<string, string | null>();

  orgDomain(domain: string | null): string | null {
    if (domain === null) return null;
    let org = this.known.get(domain);
    if (org === undefined) {
      org = orgDomain(domain);
      this.known.set(domain, org);
    }
    return org;
  }

  /** RFC 7489 §3.1 relaxed alignment: both domains have the same organizational domain. */
  relaxedAligned(a: string | null, b: string | null): boolean | null {
    if (a === null || b === null) return null;
    // The same name (the From: domain signing its own mail) needs no lookup.
    return a === b || this.orgDomain(a) === this.orgDomain(b);
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) if (s.charCodeAt(i) > 0x7e) return false;
  return true;
}
