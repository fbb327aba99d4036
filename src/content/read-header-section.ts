import {
  SCAN_START,
  scanHeaderSection,
  type HeaderSectionScan,
} from '../core/read/header-section-end.ts';

/** Text that arrives piece by piece (the `<pre>` as the page streams in). */
export interface TextSource {
  /** Up to `max` characters after those already read, or null when none has arrived (yet). */
  read(max: number): string | null;
}

/** The header section as the content script sends it (a PageRead of state `message`). */
export interface HeaderSectionRead {
  text: string;
  /** The text went on past `headerChars` without ending the section. */
  truncated: boolean;
}

/** Characters read per call: the page's text is copied in slices, never all at once. */
const CHUNK = 64 * 1024;

/**
 * Reads a message's header section from a growing text and stops at its end, as defined once in
 * src/core/read/header-section-end.ts (so parseHeaderSection sees the same section): what follows the
 * empty line is never read, unless the background asks for a bounded prefix of the body.
 */
export class HeaderSectionReader {
  private text = '';
  private scan: HeaderSectionScan = SCAN_START;

  constructor(
    private readonly source: TextSource,
    private readonly headerChars: number,
  ) {}

  /**
   * Reads what has arrived. Returns the header section once it is known: its empty line read,
   * more than `headerChars` read without one, or `complete` (the text has ended). Null while it
   * needs more text.
   */
  headers(complete: boolean): HeaderSectionRead | null {
    while (this.scan.end === -1 && this.text.length <= this.headerChars) {
      const chunk = this.source.read(CHUNK);
      if (chunk === null) break;
      this.text += chunk;
      this.scan = scanHeaderSection(this.text, this.scan, false);
    }
    if (this.scan.end === -1 && complete) this.scan = scanHeaderSection(this.text, this.scan, true);
    if (this.scan.end !== -1 && this.scan.end <= this.headerChars) {
      return { text: this.text.slice(0, this.scan.end), truncated: false };
    }
    if (this.text.length > this.headerChars) {
      // The core reads no more than this either (LIMITS.headerSectionChars).
      return { text: this.text.slice(0, this.headerChars), truncated: true };
    }
    return complete ? { text: this.text, truncated: false } : null;
  }

  /**
   * After headers(): the header section and the first `bodyChars` characters after it, once they
   * have arrived (or the text has ended); null while more is needed.
   */
  withBody(bodyChars: number, complete: boolean): string | null {
    const end = this.scan.end === -1 ? this.text.length : this.scan.end;
    while (this.text.length < end + bodyChars) {
      const chunk = this.source.read(Math.min(CHUNK, end + bodyChars - this.text.length));
      if (chunk === null) break;
      this.text += chunk;
    }
    return this.text.length >= end + bodyChars || complete
      ? this.text.slice(0, end + bodyChars)
      : null;
  }
}
