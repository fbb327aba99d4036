import { getDomain } from 'tldts';

/**
 * Domain-name helpers shared by the analyzers. Organizational domains (RFC 7489 §3.2) come from
 * the Public Suffix List via `tldts`, ICANN section only, as OpenDMARC and Gmail use it.
 */

/** Lowercase ASCII (punycode) form without a trailing dot, or null when it is not a DNS name. */
export function toAsciiDomain(name: string): string | null {
  let s = name.trim();
  if (s.endsWith('.')) s = s.slice(0, -1);
  if (s.length === 0 || s.length > 253) return null;
  let ascii = s.toLowerCase();
  if (!isAscii(ascii)) {
    try {
      ascii = new URL(`http://${s}/`).hostname;
    } catch {
      return null;
    }
  }
  return isDnsName(ascii) ? ascii : null;
}

/** RFC 1035 §2.3.4 lengths; letters, digits, hyphen and underscore (`_dmarc`, `_domainkey`). */
export function isDnsName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  for (const label of name.split('.')) {
    if (label.length === 0 || label.length > 63) return false;
    for (let i = 0; i < label.length; i += 1) {
      const c = label.charCodeAt(i);
      const ok =
        (c >= 0x61 && c <= 0x7a) ||
        (c >= 0x41 && c <= 0x5a) ||
        (c >= 0x30 && c <= 0x39) ||
        c === 0x2d ||
        c === 0x5f;
      if (!ok) return false;
    }
  }
  return true;
}

/**
 * The domain of an address (`<x@Example.COM>` → `example.com`), or the value itself when it is a
 * bare domain (Microsoft writes `smtp.mailfrom=contoso.com`; Gmail sometimes `@example.com`).
 */
export function domainOf(addressOrDomain: string | null | undefined): string | null {
  if (addressOrDomain === null || addressOrDomain === undefined) return null;
  let s = addressOrDomain.trim();
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1);
  const at = s.lastIndexOf('@');
  if (at !== -1) s = s.slice(at + 1);
  if (s.endsWith('>')) s = s.slice(0, -1);
  return toAsciiDomain(s);
}

export function orgDomain(domain: string | null): string | null {
  if (domain === null) return null;
  return getDomain(domain) ?? domain;
}

/** RFC 7489 §3.1 relaxed alignment: both domains have the same organizational domain. */
export function relaxedAligned(a: string | null, b: string | null): boolean | null {
  if (a === null || b === null) return null;
  return orgDomain(a) === orgDomain(b);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) if (s.charCodeAt(i) > 0x7e) return false;
  return true;
}
