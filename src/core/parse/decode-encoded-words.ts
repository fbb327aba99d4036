import { decodeBase64 } from './decode-base64.ts';
import { countWork } from '../work-meter.ts';
/**
 * RFC 2047 encoded-words (`=?charset?B|Q?text?=`) in unstructured fields, for display only.
 * Whitespace between two adjacent encoded-words is dropped (§6.2). RFC 2231 language suffixes
 * (`utf-8*en`) are ignored. An unknown charset or bad encoding leaves the word as written.
 * Not handled: encoded-words inside quoted-strings (§5 forbids them; some clients write them).
 */
export function decodeEncodedWords(value: string): string {
  let out = '';
  // Text from `copied` on is not in `out` yet: a run of candidates that are not encoded-words is
  // copied in one piece, not one `=?` at a time.
  let copied = 0;
  let pos = 0;
  let lastEnd = -1;
  while (pos < value.length) {
    const start = value.indexOf('=?', pos);
    countWork((start === -1 ? value.length : start) - pos + 1);
    if (start === -1) break;
    const word = readEncodedWord(value, start);
    if (word === null) {
      pos = start + 2;
      continue;
    }
    // §6.2: whitespace between two adjacent encoded-words is not displayed.
    if (!(copied === lastEnd && isAllWhitespace(value, copied, start))) {
      out += value.slice(copied, start);
    }
    out += word.text;
    copied = word.end;
    lastEnd = word.end;
    pos = word.end;
  }
  return copied === 0 ? value : out + value.slice(copied);
}

function isAllWhitespace(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false;
  }
  return true;
}

/** Longest encoded-word considered; RFC 2047 §2 caps them at 75 characters, mailers exceed it. */
const MAX_WORD = 1000;

function readEncodedWord(value: string, start: number): { text: string; end: number } | null {
  // Every search stays inside a window of MAX_WORD characters, and a candidate is rejected at
  // the first character that can't fit (`=?=?=?...` costs a few comparisons per `=?`).
  const limit = Math.min(value.length, start + MAX_WORD);
  let q1 = start + 2;
  while (q1 < limit && value.charCodeAt(q1) !== QUESTION) q1 += 1;
  countWork(q1 - start);
  if (q1 + 2 >= limit || value.charCodeAt(q1 + 2) !== QUESTION) return null;
  const encoding = value.charCodeAt(q1 + 1) | 0x20;
  if (encoding !== 0x62 && encoding !== 0x71) return null;
  let close = q1 + 3;
  while (close + 1 < limit) {
    const c = value.charCodeAt(close);
    if (c === 0x20) break;
    if (c === QUESTION && value.charCodeAt(close + 1) === 0x3d) break;
    close += 1;
  }
  countWork(close - q1);
  if (value.charCodeAt(close) === 0x20) return null;
  if (close + 1 >= limit) return null;
  const head = value.slice(start + 2, q1);
  const star = head.indexOf('*');
  const charset = star === -1 ? head : head.slice(0, star);
  const payload = value.slice(q1 + 3, close);
  const bytes = encoding === 0x62 ? decodeBase64(payload) : decodeQ(payload);
  if (bytes === null) return null;
  try {
    const label = charset.toLowerCase();
    const decoder = label === 'utf-8' ? UTF8 : new TextDecoder(label, { fatal: false });
    return { text: decoder.decode(bytes), end: close + 2 };
  } catch {
    return null;
  }
}

const QUESTION = 0x3f;

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
