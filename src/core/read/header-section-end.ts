import { countWork } from '../work-meter.ts';

/**
 * Where the header section starts and ends in a text (RFC 5322 §2.1: the header section ends at
 * the first empty line) — the one definition shared by parseHeaderSection and the content script,
 * which reads Show original's `<pre>` as the page streams in and stops at that line. Kept free of
 * imports beyond the work meter, so the content script stays small.
 *
 * - Lines end with LF; a CR before the LF belongs to the line end (CRLF or LF input). Text that
 *   uses CR alone is converted by the caller (parseHeaderSection does).
 * - A byte order mark at offset 0 is skipped.
 * - Before the section begins, blank lines (empty or spaces and tabs only), indented lines and
 *   mbox `From ` separator lines are skipped: Gmail's Show original text and pasted headers
 *   often start with a blank line, and `From sender@example.com Mon Mar  4 …` precedes an mbox
 *   message. `From : x` is a field (obsolete syntax allows space before the colon), not a
 *   separator.
 * - The section begins at the first other line (parseHeaderSection decides whether that line is
 *   a header field; when it is not, the text is not a message and the end is not used).
 * - After that, the first empty line ends it. A line of spaces or tabs does not: it continues the
 *   field above (RFC 5322 §2.2.3 folding).
 *
 * The scan is resumable for text that grows at its end: pass the previous result back with the
 * longer text, and only lines not yet read whole are read again.
 */
export interface HeaderSectionScan {
  /** Offset of the first line not read whole yet: where the next scan resumes. */
  next: number;
  /** Offset of the section's first line, or -1 while none has been read. */
  start: number;
  /** Offset just past the empty line that ends the section, or -1 when none has been read. */
  end: number;
}

export const SCAN_START: HeaderSectionScan = { next: 0, start: -1, end: -1 };

/**
 * Scans `text` from `from.next`. With `complete` false (text still arriving), a last line without
 * its LF is left for the next scan; with `complete` true it is read too (the text is whole).
 */
export function scanHeaderSection(
  text: string,
  from: HeaderSectionScan = SCAN_START,
  complete = true,
): HeaderSectionScan {
  if (from.end !== -1) return from;
  let pos = from.next === 0 && text.charCodeAt(0) === BOM ? 1 : from.next;
  let start = from.start;
  while (pos < text.length) {
    let lf = text.indexOf('\n', pos);
    if (lf === -1) {
      if (!complete) break;
      lf = text.length;
    }
    const next = Math.min(lf + 1, text.length);
    const lineEnd = lf > pos && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
    countWork(next - pos);
    if (start === -1) {
      if (!isSkippedBeforeSection(text, pos, lineEnd)) start = pos;
    } else if (lineEnd === pos) {
      return { next, start, end: next };
    }
    pos = next;
  }
  return { next: pos, start, end: -1 };
}

/** A blank or indented line, or an mbox `From ` separator (`From ` then no colon after WSP). */
function isSkippedBeforeSection(text: string, pos: number, lineEnd: number): boolean {
  const first = text.charCodeAt(pos);
  if (lineEnd === pos || first === SP || first === TAB) return true;
  if (!text.startsWith('From ', pos) || lineEnd < pos + 5) return false;
  let j = pos + 4;
  while (j < lineEnd && (text.charCodeAt(j) === SP || text.charCodeAt(j) === TAB)) j += 1;
  return j === lineEnd || text.charCodeAt(j) !== COLON;
}

const BOM = 0xfeff;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;
const COLON = 0x3a;
