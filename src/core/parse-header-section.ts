import { LIMITS } from './limits.ts';
import type { Warning } from './report.ts';

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
 * break followed by space or tab continues the field; NBSP, VT, FF, lone CR or U+2028 do not).
 * Accepts CRLF or LF line ends, a leading mbox `From ` line and leading blank lines (Gmail's
 * Show original text and pasted headers often start with one).
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
  const text = raw.length > limit ? raw.slice(0, limit) : raw;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let current: { name: string; parts: string[] } | null = null;
  let bodyOffset: number | null = null;
  let notHeaders = false;
  let longLines = 0;
  let malformed = 0;
  let sawField = false;
  let truncated = false;

  const flush = (): void => {
    if (!current) return;
    if (fields.length >= LIMITS.headerFields) {
      truncated = true;
    } else {
      const name = current.name;
      fields.push({
        name,
        key: name.toLowerCase(),
        value: current.parts.join('').trim(),
        index: fields.length,
      });
    }
    current = null;
  };

  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const next = end + 1;
    let line = text.slice(pos, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length > LIMITS.lineChars) longLines += 1;

    if (line.length === 0 || isBlank(line)) {
      if (!sawField) {
        pos = next;
        continue;
      }
      if (line.length === 0) {
        bodyOffset = next;
        break;
      }
    }
    const first = line.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      if (current) current.parts.push(line);
      else if (sawField) malformed += 1;
      pos = next;
      continue;
    }
    const name = fieldName(line);
    if (name === null) {
      if (!sawField && fields.length === 0 && line.startsWith('From ')) {
        pos = next;
        continue;
      }
      if (!sawField) {
        notHeaders = true;
        break;
      }
      flush();
      malformed += 1;
      pos = next;
      continue;
    }
    flush();
    sawField = true;
    current = { name: name.name, parts: [line.slice(name.valueStart)] };
    pos = next;
  }
  flush();
  if (bodyOffset === null && !notHeaders && raw.length > text.length) truncated = true;

  if (truncated) {
    warnings.push({
      code: 'truncated',
      text: `The header section is larger than ${LIMITS.headerSectionChars} characters or has more than ${LIMITS.headerFields} fields; only the first part was analyzed.`,
      params: {
        reason: 'header-section',
        chars: String(LIMITS.headerSectionChars),
        fields: String(LIMITS.headerFields),
      },
    });
  }
  if (longLines > 0) {
    warnings.push({
      code: 'long-line',
      text: `${longLines} header line(s) exceed RFC 5322's 998-character limit; some servers reject or rewrite such messages.`,
      params: { count: String(longLines) },
    });
  }
  if (malformed > 0) {
    warnings.push({
      code: 'malformed-line',
      text: `${malformed} line(s) in the header section are not header fields and were skipped.`,
      params: { count: String(malformed) },
    });
  }
  return { fields, bodyOffset, notHeaders, warnings };
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i += 1) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

/** RFC 5322 §3.6.8 field-name (printable US-ASCII except colon), then optional WSP (obs), colon. */
function fieldName(line: string): { name: string; valueStart: number } | null {
  let i = 0;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c === 0x3a) break;
    if (c < 33 || c > 126) break;
    i += 1;
  }
  if (i === 0) return null;
  let j = i;
  while (j < line.length && (line.charCodeAt(j) === 0x20 || line.charCodeAt(j) === 0x09)) j += 1;
  if (line.charCodeAt(j) !== 0x3a) return null;
  return { name: line.slice(0, i), valueStart: j + 1 };
}
