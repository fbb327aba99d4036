// Over 300 lines: unfolding, the repair of lost folding and the placeholder rules act on the same
// walk over the lines, kept in one pass.
import { scanHeaderSection } from './header-section-end.ts';
import { readWarning } from './read-warnings.ts';
import { LIMITS } from '../limits.ts';
import type { Warning } from '../report.ts';
import { countWork } from '../work-meter.ts';

/** One header field, unfolded, in message order (index 0 is the topmost). */
export interface HeaderField {
  /** The name as written. */
  name: string;
  /** Lowercase name, for lookups. */
  key: string;
  /** The unfolded value, leading whitespace removed; not decoded. */
  value: string;
  index: number;
}

export interface HeaderSection {
  fields: HeaderField[];
  /** Offset of the body in the input, or null when the input has no empty line. */
  bodyOffset: number | null;
  /** The first non-blank line was not a header field: the input is not a message. */
  notHeaders: boolean;
  warnings: Warning[];
}

/**
 * RFC 5322 §2.2 header section: fields up to the first empty line, unfolded per §2.2.3 (a line
 * break followed by space or tab continues the field; NBSP, VT, FF or U+2028 do not). Accepts
 * CRLF or LF line ends, a leading mbox `From ` line and leading blank lines (Gmail's Show
 * original text and pasted headers often start with one).
 *
 * Two repairs for pasted text, each reported with a `repaired` warning:
 *   - input with no LF at all uses CR as the line end (old Mac text, some copy paths);
 *   - headers copied from a web page lose the leading whitespace of their continuation lines.
 *     When no line of the section starts with whitespace, a line that cannot start a field
 *     (no field name of letters, digits, `-`, `_` or `.` before a colon:
 *     `by mx.google.com with ESMTPS id …`, `spf=pass (google.com: …) smtp.mailfrom=…`, a date)
 *     continues the field above. A section that keeps its folding is never repaired, so a line
 *     a sender smuggles into a real message can't extend the receiver's field above it.
 *
 * The body is never read: the scan ends at the first empty line, and at LIMITS.headerSectionChars
 * when there is none. Not handled: RFC 5322 obs-fields with whitespace inside the name.
 */
export function parseHeaderSection(raw: string): HeaderSection {
  const warnings: Warning[] = [];
  const fields: HeaderField[] = [];
  const limit = LIMITS.headerSectionChars;
  // Bound every search (indexOf included) to the limit: a body or a hostile single line past it
  // is never scanned.
  let text = raw.length > limit ? raw.slice(0, limit) : raw;
  const crOnly = !text.includes('\n') && text.includes('\r');
  // One character for one: offsets into `text` stay offsets into `raw`.
  if (crOnly) text = text.replaceAll('\r', '\n');
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const repairFolding = !hasFoldedLine(text, bom);
  // Where the section starts and ends: header-section-end.ts, shared with the content script.
  const scan = scanHeaderSection(text);
  const stop = scan.end === -1 ? text.length : scan.end;
  let pos = scan.start === -1 ? text.length : scan.start;
  // The field being read: its value is text[valueStart, valueEnd), line breaks included until
  // the field ends and is unfolded in one pass (appending line by line costs a copy per line).
  let name: string | null = null;
  let valueStart = 0;
  let valueEnd = 0;
  /** The field has more than one line. */
  let folded = false;
  const finish = (): boolean =>
    name === null ||
    addField(fields, name, fieldValue(text, valueStart, valueEnd, folded, repairFolding));
  let bodyOffset: number | null = null;
  let notHeaders = false;
  let longLines = 0;
  let malformed = 0;
  let joined = 0;
  let sawField = false;
  let truncated = false;

  // From the section's first line (a field, or the text is not headers) to its empty line.
  while (pos < stop) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const next = end + 1;
    const lineEnd = end > pos && text.charCodeAt(end - 1) === CR ? end - 1 : end;
    if (lineEnd === pos) break;
    if (lineEnd - pos > LIMITS.lineChars) longLines += 1;
    countWork(next - pos);

    const first = text.charCodeAt(pos);
    if (first === SP || first === TAB) {
      // Folding, or a line of spaces (it continues the field too).
      if (name !== null) {
        valueEnd = lineEnd;
        folded = true;
      } else malformed += 1;
      pos = next;
      continue;
    }
    const colon = repairFolding
      ? pastedFieldColon(text, pos, lineEnd)
      : fieldColon(text, pos, lineEnd);
    if (colon === -1 && !sawField) {
      notHeaders = true;
      break;
    }
    if (colon === -1 && repairFolding && name !== null) {
      // A continuation line that lost its indentation.
      valueEnd = lineEnd;
      folded = true;
      joined += 1;
      pos = next;
      continue;
    }
    // A new field, or a line that is not one, ends the field being read.
    if (!finish()) truncated = true;
    name = null;
    if (colon === -1) {
      malformed += 1;
    } else {
      sawField = true;
      let nameEnd = colon;
      while (isWspAt(text, nameEnd - 1)) nameEnd -= 1;
      name = text.slice(pos, nameEnd);
      // The spaces after the colon are trimmed anyway; leaving them out spares a copy.
      valueStart = colon + 1;
      while (valueStart < lineEnd && isWspAt(text, valueStart)) valueStart += 1;
      valueEnd = lineEnd;
      folded = false;
    }
    pos = next;
  }
  if (!finish()) truncated = true;
  if (!notHeaders && sawField && scan.end !== -1) bodyOffset = scan.end;
  if (bodyOffset === null && !notHeaders && raw.length > text.length) truncated = true;

  if (crOnly && sawField) {
    warnings.push(readWarning('repaired-cr-line-ends', {}));
  }
  if (joined > 0) {
    warnings.push(readWarning('repaired-folding', { count: String(joined) }));
  }
  if (truncated) {
    const limits = {
      chars: String(LIMITS.headerSectionChars),
      fields: String(LIMITS.headerFields),
    };
    warnings.push(readWarning('truncated-header-section', limits));
  }
  if (longLines > 0) {
    warnings.push(readWarning('long-line', { count: String(longLines) }));
  }
  if (malformed > 0) {
    warnings.push(readWarning('malformed-line', { count: String(malformed) }));
  }
  return { fields, bodyOffset, notHeaders, warnings };
}

/** Some line of the header section (after its leading blank lines, before the first empty
 * line) starts with a space or tab: the text keeps RFC 5322 folding. */
function hasFoldedLine(text: string, start: number): boolean {
  let pos = start;
  let seenContent = false;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const lineEnd = end > pos && text.charCodeAt(end - 1) === CR ? end - 1 : end;
    countWork(end + 1 - pos);
    const blank = isBlank(text, pos, lineEnd);
    if (blank && seenContent) return false;
    if (!blank) {
      const c = text.charCodeAt(pos);
      if ((c === SP || c === TAB) && seenContent) return true;
      seenContent = true;
    }
    pos = end + 1;
  }
  return false;
}

/** For text that lost its folding: a field name as real header fields spell them (letters,
 * digits, `-`, `_`, `.`), then optional WSP and the colon; -1 when the line can't start one. */
function pastedFieldColon(text: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    const lower = c | 0x20;
    if (!(
      (lower >= 0x61 && lower <= 0x7a) ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2d ||
      c === 0x5f ||
      c === 0x2e
    ))
      break;
    i += 1;
  }
  if (i === start) return -1;
  let j = i;
  while (j < end && isWspAt(text, j)) j += 1;
  return j < end && text.charCodeAt(j) === COLON ? j : -1;
}

const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;
const COLON = 0x3a;

/**
 * RFC 5322 §2.2.3 unfolding of `text[start, end)`: every line break in a field's range precedes
 * a continuation line, so it is removed (CRLF or LF; a lone CR is text). For a section whose
 * folding was lost, the line break stands for the whitespace the copy dropped.
 */
function fieldValue(
  text: string,
  start: number,
  end: number,
  folded: boolean,
  repaired: boolean,
): string {
  const raw = text.slice(start, end);
  countWork(raw.length);
  if (!folded) return raw;
  if (raw.length < 4096) {
    // A few continuation lines: the pieces between the line breaks, joined.
    let out = '';
    let from = 0;
    for (let nl = raw.indexOf('\n'); nl !== -1; nl = raw.indexOf('\n', from)) {
      out += raw.slice(from, nl > from && raw.charCodeAt(nl - 1) === CR ? nl - 1 : nl);
      if (repaired) out += ' ';
      from = nl + 1;
    }
    return out + raw.slice(from);
  }
  // A long field of many lines: one pass into a buffer. A regular expression replace allocates
  // per match, and a 1 MiB field of short lines spent most of its time collecting that garbage.
  const out = new Uint16Array(raw.length);
  let n = 0;
  let bits = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw.charCodeAt(i);
    if (c === CR && raw.charCodeAt(i + 1) === LF) continue;
    if (c === LF) {
      if (repaired) out[n++] = SP;
    } else {
      out[n++] = c;
      bits |= c;
    }
  }
  return fromCodeUnits(out.subarray(0, n), bits < 0x80);
}

const LF = 0x0a;

/**
 * The string of `units`. ASCII, the common case, goes through the UTF-8 decoder in one native
 * call (exact for ASCII, and an order of magnitude faster than String.fromCharCode in chunks);
 * other text is built in chunks, exact for every code unit (a UTF-16 decoder would turn an
 * unpaired surrogate into U+FFFD).
 */
function fromCodeUnits(units: Uint16Array, ascii: boolean): string {
  if (ascii) {
    const bytes = new Uint8Array(units.length);
    bytes.set(units);
    return UTF8.decode(bytes);
  }
  let value = '';
  for (let i = 0; i < units.length; i += CHUNK) {
    // Reflect.apply takes the typed array as it is; a spread would iterate it element by element.
    value += Reflect.apply(String.fromCharCode, null, units.subarray(i, i + CHUNK));
  }
  return value;
}

const UTF8 = new TextDecoder('utf-8');
/** Characters per String.fromCharCode call: well under any engine's argument limit. */
const CHUNK = 8192;

/** Appends the field unless LIMITS.headerFields is reached; false when it was dropped. */
function addField(fields: HeaderField[], name: string, value: string): boolean {
  if (fields.length >= LIMITS.headerFields) return false;
  fields.push({ name, key: name.toLowerCase(), value: value.trim(), index: fields.length });
  return true;
}

/** The line `text[start, end)` is empty or only spaces and tabs. */
function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) if (!isWspAt(text, i)) return false;
  return true;
}

function isWspAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === SP || c === TAB;
}

/** RFC 5322 §3.6.8 field-name (printable US-ASCII except colon), then optional WSP (obs), colon:
 * where that colon is in the line `text[start, end)`, or -1 when the line is not a field. */
function fieldColon(text: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === COLON || c < 33 || c > 126) break;
    i += 1;
  }
  if (i === start) return -1;
  let j = i;
  while (j < end && isWspAt(text, j)) j += 1;
  return j < end && text.charCodeAt(j) === COLON ? j : -1;
}
