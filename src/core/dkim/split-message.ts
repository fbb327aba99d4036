import { DKIM_LIMITS } from './dkim-limits.ts';

/** One header field as bytes of the message: `[start, end)` without its final CRLF. */
export interface RawField {
  /** Lowercase name, for h= lookups. */
  key: string;
  start: number;
  /** Offset of the colon after the name. */
  colon: number;
  end: number;
}

export interface SplitMessage {
  bytes: Uint8Array;
  /** Topmost first. */
  fields: RawField[];
  /** Offset of the body (after the empty line); null when there is no empty line. */
  bodyStart: number | null;
  /** The header section is over DKIM_LIMITS.headerSectionBytes or headerFields: the fields read
   * are not all of them, and nothing can be verified exactly. */
  truncated: boolean;
  /** Indexes into `fields` by key, topmost first (h= takes them from the bottom). */
  byKey: Map<string, number[]>;
}

/**
 * RFC 5322 §2.2 header fields over the bytes of a message in CRLF form, as DKIM needs them
 * (RFC 6376 §3.4.2: simple header canonicalization keeps every byte): a field runs to the CRLF
 * not followed by space or tab. Leading empty lines and an mbox `From ` line are skipped (they
 * can't be part of a signed header section). A line without a colon is not a field and is
 * skipped. Not handled: bare LF as a line end (prepareMessage turns LF-only input into CRLF;
 * in mixed input a bare LF is a byte of its line, as in the signer's view).
 */
export function splitMessage(bytes: Uint8Array): SplitMessage {
  const fields: RawField[] = [];
  const byKey = new Map<string, number[]>();
  const limit = Math.min(bytes.length, DKIM_LIMITS.headerSectionBytes);
  let pos = 0;
  while (pos + 1 < limit && bytes[pos] === CR && bytes[pos + 1] === LF) pos += 2;
  if (startsWithFrom(bytes, pos)) {
    const eol = lineEnd(bytes, pos, limit);
    // `From sender date` (mbox), not an obs-field `From : value`.
    if (nameColon(bytes, pos, eol === -1 ? limit : eol) === -1) pos = eol === -1 ? limit : eol + 2;
  }
  let bodyStart: number | null = null;
  let truncated = false;
  while (pos < limit) {
    if (bytes[pos] === CR && bytes[pos + 1] === LF) {
      bodyStart = pos + 2;
      break;
    }
    let end = lineEnd(bytes, pos, limit);
    while (end !== -1 && isWsp(bytes[end + 2])) end = lineEnd(bytes, end + 2, limit);
    if (end === -1) {
      // No CRLF before the limit: the header section runs past it (or the input has no body).
      if (limit < bytes.length) truncated = true;
      end = limit;
    }
    const colon = nameColon(bytes, pos, end);
    if (colon !== -1) {
      if (fields.length >= DKIM_LIMITS.headerFields) {
        truncated = true;
        break;
      }
      const key = lowerName(bytes, pos, colon);
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [fields.length]);
      else list.push(fields.length);
      fields.push({ key, start: pos, colon, end });
    }
    pos = end + 2;
  }
  if (bodyStart === null && pos >= limit && limit < bytes.length) truncated = true;
  return { bytes, fields, bodyStart, truncated, byKey };
}

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;
const COLON = 0x3a;

function isWsp(c: number | undefined): boolean {
  return c === SP || c === TAB;
}

/** Offset of the next CRLF at or after `from` and before `limit`, or -1. */
function lineEnd(bytes: Uint8Array, from: number, limit: number): number {
  for (let i = bytes.indexOf(CR, from); i !== -1 && i + 1 < limit; i = bytes.indexOf(CR, i + 1)) {
    if (bytes[i + 1] === LF) return i;
  }
  return -1;
}

/** RFC 5322 §3.6.8 field-name (printable ASCII but colon), optional WSP (obs), then the colon:
 * the colon's offset, or -1 when the line is not a field. */
function nameColon(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = bytes[i] ?? 0;
    if (c === COLON || c < 33 || c > 126) break;
    i += 1;
  }
  if (i === start) return -1;
  while (i < end && isWsp(bytes[i])) i += 1;
  return i < end && bytes[i] === COLON ? i : -1;
}

/** The name before the colon, lowercase, without the trailing WSP of an obs-field. */
function lowerName(bytes: Uint8Array, start: number, colon: number): string {
  let end = colon;
  while (end > start && isWsp(bytes[end - 1])) end -= 1;
  let name = '';
  for (let i = start; i < end; i += 1) {
    const c = bytes[i] ?? 0;
    name += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
  }
  return name;
}

function startsWithFrom(bytes: Uint8Array, pos: number): boolean {
  return (
    bytes[pos] === 0x46 &&
    bytes[pos + 1] === 0x72 &&
    bytes[pos + 2] === 0x6f &&
    bytes[pos + 3] === 0x6d &&
    bytes[pos + 4] === SP
  );
}
