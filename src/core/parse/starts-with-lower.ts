/**
 * Case-insensitive comparisons with a lowercase ASCII word, exactly as `s.toLowerCase()` would
 * compare, without copying `s`: the parsers compare most words of a header with a few keywords.
 * A non-ASCII character falls back to toLowerCase (U+212A KELVIN SIGN lowercases to `k`, U+0130
 * to `i` plus a combining dot).
 */

/** `s.toLowerCase().startsWith(prefix)`; `prefix` is lowercase ASCII. */
export function startsWithLower(s: string, prefix: string): boolean {
  if (s.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return s.toLowerCase().startsWith(prefix);
    if ((c >= 0x41 && c <= 0x5a ? c + 0x20 : c) !== prefix.charCodeAt(i)) return false;
  }
  return true;
}

/** `s.toLowerCase() === word`; `word` is lowercase ASCII. */
export function equalsLower(s: string, word: string): boolean {
  if (s.length !== word.length) return false;
  for (let i = 0; i < word.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return s.toLowerCase() === word;
    if ((c >= 0x41 && c <= 0x5a ? c + 0x20 : c) !== word.charCodeAt(i)) return false;
  }
  return true;
}
