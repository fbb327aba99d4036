import { Scanner, stopSet } from './scanner.ts';

/**
 * The first mailbox's address in an address-list field (RFC 5322 §3.4): `Name <x@example.com>`,
 * `"Doe, J" <x@example.com>`, `x@example.com (Name)`, `<x@example.com>`, and quoted local parts
 * (`<"john doe"@example.com>`, `"a>b@c"@example.com`), kept quoted so the domain is what follows
 * the last `@` outside the quotes. Comments and quoted display names are skipped, so an `@` or
 * `<` inside them is not mistaken for the address.
 * Not handled: group syntax beyond taking the first address inside it.
 */
export function parseAddress(value: string): string | null {
  return readMailboxes(value, 1)[0] ?? null;
}

/** How many mailboxes the address list holds (RFC 7489 §6.6.1 rejects a From: with more than one). */
export function countMailboxes(value: string): number {
  return readMailboxes(value, 100).length;
}

function readMailboxes(value: string, max: number): string[] {
  const s = new Scanner(value);
  const found: string[] = [];
  let bare: string | null = null;
  let angle = false;
  const end = (): void => {
    if (bare !== null && !angle) found.push(bare);
    bare = null;
    angle = false;
  };
  while (!s.done && found.length < max) {
    s.skipCfws();
    const c = s.peek();
    if (c === '') break;
    if (c === '"') {
      const start = s.pos;
      s.readQuoted();
      // A quoted local part: `"john doe"@example.com`.
      if (s.peek() === '@') bare = value.slice(start, s.pos) + s.readToken(WORD_END);
      continue;
    }
    if (c === '<') {
      s.pos += 1;
      const addr = readAngle(s, value);
      if (addr.includes('@')) {
        found.push(addr);
        angle = true;
      }
      continue;
    }
    if (c === ',' || c === ';' || c === ':') {
      // `:` opens a group (`Friends: a@x, b@y;`); its display name is not a mailbox.
      if (c === ':') bare = null;
      end();
      s.pos += 1;
      continue;
    }
    const word = s.readToken(WORD_END);
    if (word.length === 0) s.pos += 1;
    else if (bare === null && word.includes('@')) bare = word;
  }
  end();
  return found;
}

/** The address inside `<...>`, quoted local parts kept whole (`<"a>b"@example.com>`). */
function readAngle(s: Scanner, value: string): string {
  const start = s.pos;
  while (!s.done && s.peek() !== '>') {
    if (s.peek() === '"') s.readQuoted();
    else s.pos += 1;
  }
  const addr = value.slice(start, s.pos).trim();
  s.eat('>');
  return addr;
}

const WORD_END = stopSet('<",(;:');
