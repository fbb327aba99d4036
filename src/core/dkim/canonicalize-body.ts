/** Counts the bytes a canonicalization visits, for the linear-cost property tests. */
export interface WorkMeter {
  steps: number;
}

export type Canonicalization = 'simple' | 'relaxed';

/**
 * RFC 6376 §3.4.3 simple and §3.4.4 relaxed body canonicalization of a body in CRLF form, in
 * one pass and one output buffer (the simple form is a view of the input unless a final CRLF
 * must be added):
 * - simple: empty lines at the end are removed; a body that does not end in CRLF gets one (so an
 *   empty body is CRLF);
 * - relaxed: whitespace at the end of each line is removed and every other run of SP/TAB becomes
 *   one SP; empty lines at the end are removed; a non-empty body that does not end in CRLF gets
 *   one (an empty body stays empty, RFC 6376 §3.4.4 and erratum 3133).
 * Only CRLF ends a line: a bare CR or LF is a byte of its line, as the signer saw it. l= is
 * applied by the caller, on the canonical result (§3.5).
 */
export function canonicalizeBody(
  body: Uint8Array,
  canon: Canonicalization,
  meter?: WorkMeter,
): Uint8Array {
  return canon === 'simple' ? simpleBody(body, meter) : relaxedBody(body, meter);
}

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;

function simpleBody(body: Uint8Array, meter?: WorkMeter): Uint8Array {
  let end = body.length;
  let steps = 0;
  while (end >= 4 && endsWithCrlf(body, end) && endsWithCrlf(body, end - 2)) {
    end -= 2;
    steps += 2;
  }
  if (meter !== undefined) meter.steps += steps + 2;
  if (end >= 2 && endsWithCrlf(body, end)) return body.subarray(0, end);
  const out = new Uint8Array(end + 2);
  out.set(body.subarray(0, end));
  out[end] = CR;
  out[end + 1] = LF;
  if (meter !== undefined) meter.steps += end;
  return out;
}

function endsWithCrlf(body: Uint8Array, end: number): boolean {
  return body[end - 2] === CR && body[end - 1] === LF;
}

function relaxedBody(body: Uint8Array, meter?: WorkMeter): Uint8Array {
  const n = body.length;
  const out = new Uint8Array(n + 2);
  let o = 0;
  /** Empty lines seen since the last line with content: written only if content follows. */
  let emptyLines = 0;
  let lineHasContent = false;
  let space = false;
  let steps = 0;
  for (let i = 0; i < n;) {
    const c = body[i] ?? 0;
    if (c === CR && body[i + 1] === LF) {
      steps += 2;
      if (lineHasContent) {
        out[o++] = CR;
        out[o++] = LF;
      } else {
        emptyLines += 1;
      }
      lineHasContent = false;
      space = false;
      i += 2;
    } else if (c === SP || c === TAB) {
      steps += 1;
      space = true;
      i += 1;
    } else {
      if (!lineHasContent) {
        for (; emptyLines > 0; emptyLines -= 1) {
          steps += 1;
          out[o++] = CR;
          out[o++] = LF;
        }
        lineHasContent = true;
      }
      if (space) {
        out[o++] = SP;
        space = false;
      }
      // The run of bytes up to the next whitespace or CR is copied as it is.
      let end = i + 1;
      while (end < n) {
        const d = body[end];
        if (d === SP || d === TAB || d === CR) break;
        end += 1;
      }
      steps += end - i;
      if (end - i > 8) {
        out.set(body.subarray(i, end), o);
        o += end - i;
      } else {
        for (let k = i; k < end; k += 1) out[o++] = body[k] ?? 0;
      }
      i = end;
    }
  }
  if (lineHasContent) {
    out[o++] = CR;
    out[o++] = LF;
  }
  if (meter !== undefined) meter.steps += steps;
  return out.subarray(0, o);
}
