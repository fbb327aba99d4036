/**
 * Tokens of a Received field's clauses (RFC 5321 §4.4 Time-stamp-line), read from the right.
 *
 * The right end of a Received field is what the receiving server wrote itself (`by host`, `with`,
 * `id`, `for`); the HELO name sits on the left, inside the from-clause, and is whatever the
 * sending host chose to say — spaces, parentheses and keywords included:
 *   `from by mx.google.com (unknown [203.0.113.66]) by mx.example.net (Postfix) ...`
 *   `from x ( (unknown [203.0.113.66]) by mx.example.net ...`   (an unbalanced parenthesis)
 * Read from the left, such a HELO opens a comment that never closes or supplies a `by` of its
 * own. Read from the right, the receiver's part is read exactly and whatever the HELO left
 * unbalanced ends up in one `junk` token at the far left, as does whatever lies beyond
 * `maxTokens` (a receiver writes a few dozen; a hostile field can hold a million). Not handled:
 * a quoted-pair (`\)`) in the receiver's own part is read as the plain character.
 */

import { countWork } from '../../work-meter.ts';

export type TokenKind = 'word' | 'comment' | 'literal' | 'angle' | 'quoted' | 'junk';

export interface Token {
  kind: TokenKind;
  /** A comment's inner text; a literal, angle address or quoted string with its delimiters. */
  text: string;
  /** No whitespace separates it from the token before (`unknown[203.0.113.5]`, `host(ip)`). */
  glued: boolean;
}

/** Longest address literal, angle address and quoted string looked for when reading leftwards:
 * an unmatched `]`, `>` or `"` makes a search for its opening character, and the bound keeps a
 * field of a megabyte of them linear. RFC 5321 §4.5.3.1 caps a path at 256 octets. */
const MAX_LITERAL = 64;
const MAX_ANGLE = 320;
const MAX_QUOTED = 1000;

export function readTokensFromRight(
  text: string,
  start: number,
  end: number,
  maxTokens: number,
): Token[] {
  const tokens: Token[] = [];
  let i = end - 1;
  while (i >= start) {
    if (tokens.length === maxTokens) {
      // What lies further left is the sender's HELO text: one token, never read word by word.
      tokens.push({ kind: 'junk', text: text.slice(start, i + 1), glued: false });
      break;
    }
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i -= 1;
      continue;
    }
    let from = -1;
    let kind: TokenKind = 'word';
    if (c === CLOSE) {
      from = matchingOpen(text, start, i);
      if (from === -1) {
        tokens.push({ kind: 'junk', text: text.slice(start, i + 1), glued: false });
        break;
      }
      kind = 'comment';
    } else if (c === OPEN) {
      // An opening parenthesis no comment closes: text the sender wrote, up to the far left.
      tokens.push({ kind: 'junk', text: text.slice(start, i + 1), glued: false });
      break;
    } else if (c === RBRACKET) {
      from = opening(text, start, i, LBRACKET, MAX_LITERAL);
      kind = 'literal';
    } else if (c === GT) {
      from = opening(text, start, i, LT, MAX_ANGLE);
      kind = 'angle';
    } else if (c === QUOTE) {
      from = opening(text, start, i, QUOTE, MAX_QUOTED);
      kind = 'quoted';
    }
    if (from === -1) {
      kind = 'word';
      from = i;
      while (from > start && !isWordEnd(text.charCodeAt(from - 1))) from -= 1;
    }
    const glued = from > start && !isSpace(text.charCodeAt(from - 1));
    tokens.push({
      kind,
      text: kind === 'comment' ? text.slice(from + 1, i) : text.slice(from, i + 1),
      glued,
    });
    countWork(i + 1 - from);
    i = from - 1;
  }
  tokens.reverse();
  return tokens;
}

/** The `(` that closes, read leftwards, the comment ending at `close`; -1 when none does. */
function matchingOpen(text: string, start: number, close: number): number {
  let depth = 0;
  for (let k = close; k >= start; k -= 1) {
    const c = text.charCodeAt(k);
    if (k > start && text.charCodeAt(k - 1) === BACKSLASH) continue;
    if (c === CLOSE) depth += 1;
    else if (c === OPEN) {
      depth -= 1;
      if (depth === 0) {
        countWork(close - k + 1);
        return k;
      }
    }
  }
  countWork(close - start + 1);
  return -1;
}

function opening(text: string, start: number, close: number, open: number, max: number): number {
  const limit = Math.max(start, close - max);
  let k = close - 1;
  let found = -1;
  for (; k >= limit; k -= 1) {
    const c = text.charCodeAt(k);
    if (c === open) {
      found = k;
      break;
    }
    // An address literal holds no whitespace (some MTAs wrap the address in parentheses inside
    // it: `[(203.0.113.5)]`); an angle address no parentheses (`< a@b >` has spaces).
    if (open === LBRACKET ? isSpace(c) : c === OPEN || c === CLOSE) break;
  }
  countWork(close - k);
  return found;
}

function isWordEnd(c: number): boolean {
  return (
    isSpace(c) ||
    c === OPEN ||
    c === CLOSE ||
    c === LBRACKET ||
    c === RBRACKET ||
    c === LT ||
    c === GT ||
    c === QUOTE
  );
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

const OPEN = 0x28;
const CLOSE = 0x29;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LT = 0x3c;
const GT = 0x3e;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
