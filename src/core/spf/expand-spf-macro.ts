/**
 * RFC 7208 §7.3 and §7.4 macro expansion of tokens from `parseSpfMacro`: split the letter's value
 * on the delimiters (`.` by default), reverse for `r`, keep the DIGIT right-hand parts, join with
 * `.`, and URL-escape when the letter was uppercase (RFC 3986 unreserved characters stay).
 * Not handled here: looking up %{p} (the caller passes the validated name, `findValidatedName`)
 * and turning the result into a DNS name (`toTargetName`: trailing dot, 253-character truncation).
 */
import type { SpfMacroLetter, SpfMacroToken } from './parse-spf-macro.ts';
import { SPF_LIMITS } from './spf-limits.ts';

/** What each macro letter stands for (§7.3). */
export type SpfMacroValues = Readonly<Record<SpfMacroLetter, string>>;

/** The expansion, or null when it would exceed `SPF_LIMITS.expandedChars`. */
export function expandSpfMacro(
  tokens: readonly SpfMacroToken[],
  values: SpfMacroValues,
): string | null {
  const max = SPF_LIMITS.expandedChars;
  let out = '';
  for (const token of tokens) {
    if (token.kind !== 'macro') {
      out += token.text;
    } else {
      const value = values[token.letter];
      // Checked before splitting: a hostile 1 MiB sender must not be split thousands of times.
      if (value.length > max) return null;
      let parts = splitOn(value, token.delimiters);
      if (token.reverse) parts.reverse();
      if (token.keep !== null && token.keep < parts.length) parts = parts.slice(-token.keep);
      const joined = parts.join('.');
      out += token.urlEscape ? urlEscape(joined) : joined;
    }
    if (out.length > max) return null;
  }
  return out;
}

/** Split on any of `delimiters`; leading, trailing and repeated delimiters give empty parts
 * (§7.3: "no special treatment"). */
function splitOn(value: string, delimiters: string): string[] {
  if (delimiters === '.') return value.split('.');
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < value.length; i += 1) {
    if (delimiters.includes(value.charAt(i))) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

/** RFC 3986 §2.1 percent-encoding of everything but the unreserved characters, as UTF-8.
 * (`encodeURIComponent` leaves `!'()*` and throws on lone surrogates.) */
function urlEscape(text: string): string {
  let out = '';
  for (const ch of text) {
    if (/^[A-Za-z0-9._~-]$/.test(ch)) {
      out += ch;
      continue;
    }
    let c = ch.codePointAt(0) ?? 0xfffd;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    for (const byte of utf8(c)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function utf8(c: number): number[] {
  if (c < 0x80) return [c];
  if (c < 0x800) return [0xc0 | (c >> 6), 0x80 | (c & 0x3f)];
  if (c < 0x10000) return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)];
  return [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)];
}
