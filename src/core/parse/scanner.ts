import { LIMITS } from '../limits.ts';
import { isSpace, splitWords, type StopSet } from './split-words.ts';

export type { StopSet } from './split-words.ts';
import { countWork } from '../work-meter.ts';

/**
 * A cursor over one unfolded header value, for the hand-written parsers of structured fields
 * (RFC 5322 §3.2.2 CFWS, §3.2.4 quoted-string). Every method advances at least one character or
 * returns without moving, so any loop over a scanner is linear in the value's length; nothing here
 * uses a regular expression.
 *
 * Not handled: RFC 5322 obsolete syntax inside quoted pairs (obs-qp) other than `\` + any char.
 */
export class Scanner {
  pos = 0;
  /** A comment nested deeper than LIMITS.commentDepth was read as flat text. */
  depthExceeded = false;

  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  eat(ch: string): boolean {
    if (this.text.charAt(this.pos) === ch) {
      this.pos += 1;
      return true;
    }
    return false;
  }

  rest(): string {
    return this.text.slice(this.pos);
  }

  skipWsp(): void {
    const text = this.text;
    let pos = this.pos;
    while (pos < text.length && isWsp(text.charCodeAt(pos))) pos += 1;
    countWork(pos - this.pos);
    this.pos = pos;
  }

  /** Skips whitespace and comments; the texts of the first `max` comments are appended to
   * `comments`, the rest skipped without being copied (a field of a million `(a)` comments). */
  skipCfws(comments?: string[], max: number = LIMITS.commentsKept): void {
    for (;;) {
      this.skipWsp();
      if (this.text.charCodeAt(this.pos) !== OPEN) return;
      if (comments === undefined || comments.length >= max) this.skipComment();
      else comments.push(this.readComment());
    }
  }

  /** Moves past a comment starting at `(` (nested ones included) without copying it. */
  skipComment(): void {
    const text = this.text;
    let depth = 0;
    let pos = this.pos;
    const from = pos;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === BACKSLASH) {
        pos += 2;
        continue;
      }
      if (c === OPEN) {
        depth += 1;
        if (depth > LIMITS.commentDepth) this.depthExceeded = true;
      } else if (c === CLOSE) {
        depth -= 1;
        if (depth === 0) {
          countWork(pos + 1 - from);
          this.pos = pos + 1;
          return;
        }
      }
      pos += 1;
    }
    countWork(text.length - from);
    this.pos = text.length;
  }

  /**
   * Reads a comment starting at `(` and returns its inner text with nested parentheses kept,
   * quoted-pairs unescaped and whitespace runs collapsed to one space. An unterminated comment
   * runs to the end of the value.
   */
  readComment(): string {
    return collapseWhitespace(this.readCommentText());
  }

  /** readComment without collapsing whitespace, for callers that skip the comment or split it. */
  readCommentText(): string {
    const text = this.text;
    let depth = 0;
    let out = '';
    let pos = this.pos;
    let start = pos;
    countWork(1);
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === BACKSLASH) {
        out += text.slice(start, pos);
        start = pos + 1;
        pos += 2;
        continue;
      }
      if (c === OPEN) {
        depth += 1;
        if (depth > LIMITS.commentDepth) this.depthExceeded = true;
        if (depth === 1) start = pos + 1;
      } else if (c === CLOSE) {
        depth -= 1;
        if (depth === 0) {
          countWork(pos - this.pos);
          this.pos = pos + 1;
          return out + text.slice(start, pos);
        }
      }
      pos += 1;
    }
    countWork(pos - this.pos);
    this.pos = pos;
    return out + text.slice(start, Math.min(pos, text.length));
  }

  /**
   * Reads a comment starting at `(` and returns the words of readCommentText()'s text (split at
   * whitespace as `\s` splits), scanning it once; for parsers that read comments word by word.
   */
  readCommentWords(): string[] {
    const text = this.text;
    const words: string[] = [];
    let depth = 0;
    let word = -1;
    for (let pos = this.pos; pos < text.length; pos += 1) {
      const c = text.charCodeAt(pos);
      if (c === BACKSLASH) {
        // A quoted-pair joins or splits words once unescaped: read the text, then split it.
        return splitWords(this.readCommentText());
      }
      if (c === OPEN) {
        depth += 1;
        if (depth > LIMITS.commentDepth) this.depthExceeded = true;
        if (depth === 1) continue;
      } else if (c === CLOSE) {
        depth -= 1;
        if (depth === 0) {
          if (word !== -1) words.push(text.slice(word, pos));
          countWork(pos - this.pos);
          this.pos = pos + 1;
          return words;
        }
      }
      if (isSpace(c)) {
        if (word !== -1) words.push(text.slice(word, pos));
        word = -1;
      } else if (word === -1) {
        word = pos;
      }
    }
    if (word !== -1) words.push(text.slice(word));
    countWork(text.length - this.pos);
    this.pos = text.length;
    return words;
  }

  /** Reads a quoted-string starting at `"` and returns its content unescaped. */
  readQuoted(): string {
    const text = this.text;
    let pos = this.pos + 1;
    let out = '';
    let start = pos;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === BACKSLASH) {
        out += text.slice(start, pos);
        start = pos + 1;
        pos += 2;
        continue;
      }
      if (c === QUOTE) {
        countWork(pos - this.pos);
        this.pos = pos + 1;
        return out + text.slice(start, pos);
      }
      pos += 1;
    }
    countWork(pos - this.pos);
    this.pos = pos;
    return out + text.slice(start, Math.min(pos, text.length));
  }

  /** Reads characters up to (not including) whitespace or any character of `stops`. */
  readToken(stops: StopSet): string {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c < 128 && stops[c] === 1) break;
      pos += 1;
    }
    countWork(pos - start + 1);
    this.pos = pos;
    return text.slice(start, pos);
  }

  /** Reads a value that may be a quoted-string or a token (RFC 8601 `value`). */
  readValue(stops: StopSet): string {
    if (this.text.charCodeAt(this.pos) === QUOTE) return this.readQuoted();
    return this.readToken(stops);
  }

  /**
   * RFC 8601 `pvalue`: a value, or an address whose local-part is a quoted-string
   * (`"john doe"@example.com`, `"a>b@c"@example.com`). Such an address is returned as written,
   * quotes kept, so the domain is what follows the last `@` outside them; a quoted-string alone
   * is returned unquoted.
   */
  readPropertyValue(stops: StopSet): string {
    if (this.text.charCodeAt(this.pos) !== QUOTE) return this.readToken(stops);
    const start = this.pos;
    const inner = this.readQuoted();
    if (this.text.charCodeAt(this.pos) !== AT) return inner;
    const quoted = this.text.slice(start, this.pos);
    return quoted + this.readToken(stops);
  }
}

/** Builds a StopSet; parsers build theirs once, at module load. */
export function stopSet(stops: string): StopSet {
  const table = new Uint8Array(128);
  for (const c of [0x20, 0x09, 0x0d, 0x0a]) table[c] = 1;
  for (let i = 0; i < stops.length; i += 1) table[stops.charCodeAt(i) & 0x7f] = 1;
  return table;
}

const BACKSLASH = 0x5c;
const OPEN = 0x28;
const CLOSE = 0x29;
const QUOTE = 0x22;
const AT = 0x40;

export function isWsp(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/** Unfolding leaves runs of spaces and tabs inside comments; one space reads the same. */
function collapseWhitespace(s: string): string {
  if (isCollapsed(s)) return s;
  const parts: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i += 1) {
    const wsp = i === s.length || isWsp(s.charCodeAt(i));
    if (wsp && start !== -1) {
      parts.push(s.slice(start, i));
      start = -1;
    } else if (!wsp && start === -1) {
      start = i;
    }
  }
  return parts.join(' ');
}

/** Single spaces between words and none at the ends: most comments, which need no copy. */
function isCollapsed(s: string): boolean {
  return !UNCOLLAPSED.test(s);
}

const UNCOLLAPSED = /^ | $| {2}|[\t\r\n]/;
