/**
 * What every command shares about the terminal: whether to colour, the colours, and JSON that
 * can't drive a terminal. Text from mail, logs and DNS is hostile: the readable reports pass it
 * through `safe()` (render-text.ts); JSON goes through `safeJson()`.
 */

/**
 * Colour only on a terminal, and never when NO_COLOR is set to anything but the empty string
 * (https://no-color.org: "when present and not an empty string").
 */
export function colorWanted(stream: { isTTY?: boolean }): boolean {
  const noColor = process.env['NO_COLOR'];
  return stream.isTTY === true && (noColor === undefined || noColor === '');
}

export interface Colors {
  bold: (s: string) => string;
  dim: (s: string) => string;
  red: (s: string) => string;
  green: (s: string) => string;
  yellow: (s: string) => string;
  cyan: (s: string) => string;
}

export function colors(on: boolean): Colors {
  const sgr =
    (open: number, close: number) =>
    (s: string): string =>
      on ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

/**
 * Characters a terminal may act on besides the C0 controls: DEL and the C1 controls (U+009B is
 * CSI on terminals that read 8-bit controls), and the bidi marks, overrides and isolates that
 * reorder what is shown (with the line and paragraph separators). JSON.stringify escapes the C0
 * controls itself; written as `\uXXXX`, the JSON means the same.
 */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same and the C0 controls (`\p{Cc}` is C0, DEL and C1): what `safe()` shows in text. */
const UNSAFE_IN_TEXT = /[\p{Cc}\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

const escaped = (ch: string): string =>
  `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;

/** Text from mail, logs or DNS, safe to print: every character a terminal acts on is shown as
 * `\uXXXX` instead (`\x1b` → `\u001b`). */
export function safe(text: string): string {
  return text.replace(UNSAFE_IN_TEXT, escaped);
}

/** Pretty-printed JSON and a newline, every string safe to print on a terminal. */
export function safeJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, escaped);
  return `${text}\n`;
}

/** Word-wraps on spaces to `width` columns; continuation lines get `indent` plus `hanging`. */
export function wrap(text: string, width: number, indent: string, hanging = 0): string {
  const lines: string[] = [];
  let current = indent;
  for (const word of text.split(' ')) {
    if (current.trim().length > 0 && visibleLength(current) + 1 + visibleLength(word) > width) {
      lines.push(current);
      current = indent + ' '.repeat(hanging) + word;
    } else {
      current += (current.trim().length > 0 ? ' ' : '') + word;
    }
  }
  lines.push(current);
  return lines.join('\n');
}

function visibleLength(s: string): number {
  let n = 0;
  let inEscape = false;
  for (const ch of s) {
    if (ch === '\u001b') inEscape = true;
    else if (inEscape && ch === 'm') inEscape = false;
    else if (!inEscape) n += 1;
  }
  return n;
}

export function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** Describes a file-system error for "cannot read X: …". */
export function describeError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
