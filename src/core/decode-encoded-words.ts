import { decodeBase64 } from './decode-base64.ts';
/**
 * RFC 2047 encoded-words (`=?charset?B|Q?text?=`) in unstructured fields, for display only.
 * Whitespace between two adjacent encoded-words is dropped (§6.2). RFC 2231 language suffixes
 * (`utf-8*en`) are ignored. An unknown charset or bad encoding leaves the word as written.
 * Not handled: encoded-words inside quoted-strings (§5 forbids them; some clients write them).
 */
export function decodeEncodedWords(value: string): string {
  let out = '';
  let pos = 0;
  let lastWasEncoded = false;
  while (pos < value.length) {
    const start = value.indexOf('=?', pos);
    if (start === -1) break;
    const word = readEncodedWord(value, start);
    if (word === null) {
      out += value.slice(pos, start + 2);
      lastWasEncoded = false;
      pos = start + 2;
      continue;
    }
    const between = value.slice(pos, start);
    // §6.2: whitespace between two adjacent encoded-words is not displayed.
    if (!(lastWasEncoded && isAllWhitespace(between))) out += between;
    out += word.text;
    lastWasEncoded = true;
    pos = word.end;
  }
  return out + value.slice(pos);
}

function isAllWhitespace(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false;
  }
  return true;
}

/** Longest encoded-word considered; RFC 2047 §2 caps them at 75 characters, mailers exceed it. */
const MAX_WORD = 1000;

function readEncodedWord(value: string, start: number): { text: string; end: number } | null {
  // Searches stay inside a bounded window so a run of unterminated `=?` costs O(MAX_WORD) each.
  const w = value.slice(start, start + MAX_WORD);
  const q1 = w.indexOf('?', 2);
  if (q1 === -1 || w.charAt(q1 + 2) !== '?') return null;
  const close = w.indexOf('?=', q1 + 3);
  if (close === -1) return null;
  const star = w.indexOf('*', 2);
  const charset = w.slice(2, star === -1 || star > q1 ? q1 : star);
  const encoding = w.charAt(q1 + 1).toUpperCase();
  const payload = w.slice(q1 + 3, close);
  if (payload.includes(' ')) return null;
  let bytes: Uint8Array | null = null;
  if (encoding === 'B') bytes = decodeBase64(payload);
  else if (encoding === 'Q') bytes = decodeQ(payload);
  if (bytes === null) return null;
  try {
    const label = charset.toLowerCase();
    const decoder = label === 'utf-8' ? UTF8 : new TextDecoder(label, { fatal: false });
    return { text: decoder.decode(bytes), end: start + close + 2 };
  } catch {
    return null;
  }
}

/** Most encoded-words are UTF-8, and one decoder serves them all: decode() without `stream`
 * keeps nothing from one call to the next. */
const UTF8 = new TextDecoder('utf-8', { fatal: false });

function decodeQ(s: string): Uint8Array | null {
  const out = new Uint8Array(s.length);
  let length = 0;
  for (let i = 0; i < s.length; i += 1) {
    const ch = s.charCodeAt(i);
    if (ch === 0x5f) {
      out[length] = 0x20;
    } else if (ch === 0x3d) {
      const hi = hexValue(s.charCodeAt(i + 1));
      const lo = hexValue(s.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) return null;
      out[length] = hi * 16 + lo;
      i += 2;
    } else {
      out[length] = ch & 0xff;
    }
    length += 1;
  }
  return out.slice(0, length);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}
