import { Scanner, stopSet } from './scanner.ts';

/**
 * The first mailbox's address in an address-list field (RFC 5322 §3.4): `Name <x@example.com>`,
 * `"Doe, J" <x@example.com>`, `x@example.com (Name)`, `<x@example.com>`. Comments and quoted
 * display names are skipped, so an `@` or `<` inside them is not mistaken for the address.
 * Not handled: group syntax beyond taking the first address inside it.
 */
export function parseAddress(value: string): string | null {
  const s = new Scanner(value);
  let bare: string | null = null;
  while (!s.done) {
    s.skipCfws();
    const c = s.peek();
    if (c === '') break;
    if (c === '"') {
      s.readQuoted();
      continue;
    }
    if (c === '<') {
      s.pos += 1;
      const addr = s.readToken(ANGLE_CLOSE).trim();
      return addr.includes('@') ? addr : null;
    }
    if (c === ',') {
      if (bare !== null) return bare;
      s.pos += 1;
      continue;
    }
    const word = s.readToken(WORD_END);
    if (word.length === 0) s.pos += 1;
    else if (bare === null && word.includes('@')) bare = word;
  }
  return bare;
}

const ANGLE_CLOSE = stopSet('>');
const WORD_END = stopSet('<",(');
