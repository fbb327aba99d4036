import { countWork } from '../work-meter.ts';

/** The ASCII characters a token ends at, besides whitespace: a lookup table by character code
 * (built by scanner.ts's stopSet). */
export type StopSet = Readonly<Uint8Array>;

/**
 * `text.split(/\s+/)` without the empty strings: the words of a comment, split on the same
 * characters as `\s` (ASCII whitespace, NBSP, U+2028 and the other Unicode spaces) and on the
 * ASCII characters of `also`. Written by hand because the parsers split every comment of every
 * trace field.
 */
export function splitWords(text: string, also?: StopSet): string[] {
  const words: string[] = [];
  let start = -1;
  countWork(text.length);
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || (also !== undefined && c < 128 && also[c] === 1)) {
      if (start !== -1) words.push(text.slice(start, i));
      start = -1;
    } else if (start === -1) {
      start = i;
    }
  }
  if (start !== -1) words.push(text.slice(start));
  return words;
}

/** What `\s` and String.prototype.trim treat as whitespace (ECMAScript WhiteSpace and
 * LineTerminator). */
export function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
