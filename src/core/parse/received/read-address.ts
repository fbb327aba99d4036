import { parseIp } from '../parse-ip.ts';

/**
 * The address in one word of a Received field's from-clause, in the forms MTAs write:
 *   `203.0.113.5`, `[203.0.113.5]`, `[IPv6:2001:db8::1]`, `2001:db8::1`
 *   `203.0.113.5:23198`, `[203.0.113.5]:33672`, `[203.0.113.5:33672]`   with the client's port
 *   `unknown[203.0.113.5]`, `<unknown.domain>[203.0.113.5]`, `ident@[203.0.113.5]`   glued to a name
 *   `[(203.0.113.5)]`, `203.0.113.5,`   punctuation around it
 * Returns the canonical address, or null.
 */
export function readAddress(word: string): string | null {
  // The longest form above, an IPv6 literal with a name glued to it, is well under this.
  if (word.length > MAX_WORD || !mayHoldAddress(word)) return null;
  let w = word;
  const open = w.indexOf('[');
  if (open !== -1) {
    const close = w.indexOf(']', open + 1);
    w = w.slice(open + 1, close === -1 ? w.length : close);
  }
  w = trimPunctuation(w);
  const direct = parseIp(w);
  if (direct !== null) return direct;
  // `203.0.113.5:23198`: a dotted quad, a colon and a port.
  const colon = w.lastIndexOf(':');
  if (colon > 6 && w.indexOf(':') === colon && isDigits(w.slice(colon + 1))) {
    return parseIp(w.slice(0, colon));
  }
  return null;
}

const MAX_WORD = 320;

/** A cheap first look: an address has a `.` or `:` and starts (after punctuation) with a digit,
 * a hex letter, `:` or `[`, or has a `[` further in (`unknown[203.0.113.5]`). Most words of a
 * Received field (names, `with`, TLS details) fail it at once. */
function mayHoldAddress(word: string): boolean {
  if (word.includes('[')) return true;
  let i = 0;
  while (i < word.length && '(<"\''.includes(word.charAt(i))) i += 1;
  const c = word.charCodeAt(i) | 0x20;
  const hexStart = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || c === 0x3a;
  return hexStart && (word.includes('.') || word.includes(':'));
}

/** The name glued before an address literal: `unknown[203.0.113.5]` → `unknown`. */
export function nameBeforeLiteral(word: string): string | null {
  const open = word.indexOf('[');
  if (open <= 0) return null;
  const name = trimPunctuation(word.slice(0, open));
  return name.length > 0 ? name : null;
}

function trimPunctuation(w: string): string {
  let start = 0;
  let end = w.length;
  while (start < end && '(<"\''.includes(w.charAt(start))) start += 1;
  while (end > start && ')>,;"\''.includes(w.charAt(end - 1))) end -= 1;
  return w.slice(start, end);
}

function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 5) return false;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
