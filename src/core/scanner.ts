import { LIMITS } from './limits.ts';

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
    while (this.pos < this.text.length && isWsp(this.text.charCodeAt(this.pos))) this.pos += 1;
  }

  /** Skips whitespace and comments; the comments' texts are appended to `comments`. */
  skipCfws(comments?: string[]): void {
    for (;;) {
      this.skipWsp();
      if (this.peek() !== '(') return;
      const comment = this.readComment();
      comments?.push(comment);
    }
  }

  /**
   * Reads a comment starting at `(` and returns its inner text with nested parentheses kept and
   * quoted-pairs unescaped. An unterminated comment runs to the end of the value.
   */
  readComment(): string {
    const text = this.text;
    let depth = 0;
    let out = '';
    let start = this.pos;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === BACKSLASH) {
        out += text.slice(start, this.pos);
        start = this.pos + 1;
        this.pos += 2;
        continue;
      }
      if (c === OPEN) {
        depth += 1;
        if (depth > LIMITS.commentDepth) this.depthExceeded = true;
        if (depth === 1) start = this.pos + 1;
      } else if (c === CLOSE) {
        depth -= 1;
        if (depth === 0) {
          out += text.slice(start, this.pos);
          this.pos += 1;
          return collapseWhitespace(out);
        }
      }
      this.pos += 1;
    }
    out += text.slice(start, Math.min(this.pos, text.length));
    return collapseWhitespace(out);
  }

  /** Reads a quoted-string starting at `"` and returns its content unescaped. */
  readQuoted(): string {
    const text = this.text;
    this.pos += 1;
    let out = '';
    let start = this.pos;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === BACKSLASH) {
        out += text.slice(start, this.pos);
        start = this.pos + 1;
        this.pos += 2;
        continue;
      }
      if (c === QUOTE) {
        out += text.slice(start, this.pos);
        this.pos += 1;
        return out;
      }
      this.pos += 1;
    }
    return out + text.slice(start, Math.min(this.pos, text.length));
  }

  /** Reads characters up to (not including) whitespace or any character in `stops`. */
  readToken(stops: string): string {
    const start = this.pos;
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (isWsp(c) || stops.includes(text.charAt(this.pos))) break;
      this.pos += 1;
    }
    return text.slice(start, this.pos);
  }

  /** Reads a value that may be a quoted-string or a token (RFC 8601 `value`). */
  readValue(stops: string): string {
    if (this.peek() === '"') return this.readQuoted();
    return this.readToken(stops);
  }
}

const BACKSLASH = 0x5c;
const OPEN = 0x28;
const CLOSE = 0x29;
const QUOTE = 0x22;

export function isWsp(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/** Unfolding leaves runs of spaces and tabs inside comments; one space reads the same. */
function collapseWhitespace(s: string): string {
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
