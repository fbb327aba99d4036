/**
 * RFC 7208 §7.3 (last paragraphs) and §4.3: a macro-expanded domain-spec as a name to query. A
 * trailing dot is dropped; a name over 253 characters loses labels from the left until it fits.
 * Returns null when no query can be composed — an empty label (`mail.example...com`), a label
 * over 63 characters, or a character outside printable ASCII. The RFC leaves that case undefined;
 * like pyspf, the caller treats the name as non-existent (the mechanism does not match). Any
 * other printable character is queried as is: `foo:bar/baz.example.com` and names with spaces
 * (`%_`) are legal DNS names, if unusual.
 */
import { SPF_LIMITS } from './spf-limits.ts';

export function toTargetName(expanded: string): string | null {
  let name = expanded.endsWith('.') ? expanded.slice(0, -1) : expanded;
  while (name.length > SPF_LIMITS.domainChars) {
    const dot = name.indexOf('.');
    if (dot === -1) return null;
    name = name.slice(dot + 1);
  }
  return isQueryableName(name) ? name.toLowerCase() : null;
}

/** Labels of 1-63 printable ASCII characters (space included), at most 253 in all. */
export function isQueryableName(name: string): boolean {
  if (name.length === 0 || name.length > SPF_LIMITS.domainChars) return false;
  let label = 0;
  for (let i = 0; i < name.length; i += 1) {
    const c = name.charCodeAt(i);
    if (c === 0x2e) {
      if (label === 0) return false;
      label = 0;
    } else if (c < 0x20 || c > 0x7e || ++label > SPF_LIMITS.labelChars) {
      return false;
    }
  }
  return label > 0;
}
