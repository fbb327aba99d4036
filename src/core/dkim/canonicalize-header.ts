import type { Canonicalization, WorkMeter } from './canonicalize-body.ts';

/** A field of the message: `[start, end)` without its final CRLF, the colon after its name. */
export interface FieldSpan {
  start: number;
  colon: number;
  end: number;
}

/** A range of the field's bytes left out: the b= value of the signature being verified. */
export interface Cut {
  start: number;
  end: number;
}

/**
 * RFC 6376 §3.4.1 simple and §3.4.2 relaxed canonicalization of one header field, followed by
 * CRLF:
 * - simple: the field exactly as it is, folding included;
 * - relaxed: the name lowercased, without whitespace before or after the colon; the value
 *   unfolded (CRLF removed), each run of SP/TAB one SP, no whitespace at its start or end.
 * `cut` leaves out a range of the field first (§3.7: the b= value and the whitespace around it
 * are treated as empty). One pass, one output buffer.
 */
export function canonicalizeHeader(
  bytes: Uint8Array,
  field: FieldSpan,
  canon: Canonicalization,
  cut: Cut | null = null,
  meter?: WorkMeter,
): Uint8Array {
  const out = new Uint8Array(field.end - field.start + 3);
  let o = 0;
  const cutStart = cut?.start ?? field.end;
  const cutEnd = cut?.end ?? field.end;
  if (canon === 'simple') {
    out.set(bytes.subarray(field.start, cutStart), 0);
    o = cutStart - field.start;
    if (cutEnd < field.end) {
      out.set(bytes.subarray(cutEnd, field.end), o);
      o += field.end - cutEnd;
    }
    out[o++] = CR;
    out[o++] = LF;
    if (meter !== undefined) meter.steps += o;
    return out.subarray(0, o);
  }
  let nameEnd = field.colon;
  while (nameEnd > field.start && isWsp(bytes[nameEnd - 1])) nameEnd -= 1;
  let steps = field.colon - nameEnd;
  for (let i = field.start; i < nameEnd; i += 1) {
    const c = bytes[i] ?? 0;
    out[o++] = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
  }
  out[o++] = COLON;
  let content = false;
  let space = false;
  for (let i = field.colon + 1; i < field.end; i += 1) {
    steps += 1;
    if (i === cutStart && cutEnd > cutStart) {
      i = cutEnd - 1;
      continue;
    }
    const c = bytes[i] ?? 0;
    if (c === CR && bytes[i + 1] === LF) {
      i += 1;
    } else if (c === SP || c === TAB) {
      space = content;
    } else {
      if (space) out[o++] = SP;
      space = false;
      content = true;
      out[o++] = c;
    }
  }
  out[o++] = CR;
  out[o++] = LF;
  if (meter !== undefined) meter.steps += steps + (nameEnd - field.start);
  return out.subarray(0, o);
}

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;
const COLON = 0x3a;

function isWsp(c: number | undefined): boolean {
  return c === SP || c === TAB;
}
