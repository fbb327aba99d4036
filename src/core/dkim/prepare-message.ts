import { DKIM_LIMITS } from './dkim-limits.ts';
import type { Approximation, VerifyInput, VerifySource } from './verify-types.ts';

export interface PreparedMessage {
  /** The message in CRLF form, at most `capBytes` long. */
  bytes: Uint8Array;
  input: VerifyInput;
}

/**
 * The bytes to verify (RFC 6376 §5.3: signatures are over the message in its canonical CRLF
 * form). Bytes (an .eml file, the CLI, Gmail's "Download original") are used as given; text (the
 * `<pre>` of Show original, a paste) is encoded as UTF-8. Where bytes had to be guessed the copy
 * is marked approximate:
 * - Show original's text has lost every CR (HTML parsing turns CRLF and lone CR into LF), so each
 *   LF becomes CRLF again; a bare LF in the original can't be told from a CRLF (`line-ends`).
 * - A file or text without any CR is read as Unix line ends (Maildir, a saved `<pre>`) and
 *   rebuilt the same way (`line-ends`); one with CRs is left as it is.
 * - Text above U+007F is encoded as UTF-8, which is what was signed only if the message was
 *   UTF-8 (`non-ascii`); U+FFFD or a lone surrogate means bytes were lost (`replacement`).
 * Over `capBytes` the copy is cut (DKIM_LIMITS.messageBytes says what that protects).
 */
export function prepareMessage(
  raw: Uint8Array | string,
  source: VerifySource,
  capBytes: number = DKIM_LIMITS.messageBytes,
): PreparedMessage {
  return typeof raw === 'string'
    ? fromText(raw, source, capBytes)
    : fromBytes(raw, source, capBytes);
}

const CR = 0x0d;
const LF = 0x0a;

function fromBytes(raw: Uint8Array, source: VerifySource, cap: number): PreparedMessage {
  if (raw.indexOf(CR) !== -1 || raw.indexOf(LF) === -1) {
    const bytes = raw.length > cap ? raw.subarray(0, cap) : raw;
    return { bytes, input: describe(source, bytes.length, raw.length, cap, []) };
  }
  let lines = 0;
  for (let i = raw.indexOf(LF); i !== -1; i = raw.indexOf(LF, i + 1)) lines += 1;
  const total = raw.length + lines;
  const out = new Uint8Array(Math.min(total, cap));
  let o = 0;
  for (let i = 0; i < raw.length && o < out.length; i += 1) {
    const c = raw[i] ?? 0;
    if (c === LF) {
      out[o] = CR;
      o += 1;
      if (o === out.length) break;
    }
    out[o] = c;
    o += 1;
  }
  return { bytes: out, input: describe(source, o, total, cap, ['line-ends']) };
}

function fromText(text: string, source: VerifySource, cap: number): PreparedMessage {
  const restore = source === 'pre' || text.indexOf('\r') === -1;
  const flags = new Set<Approximation>();
  const total = encodeText(text, restore, null, flags);
  const out = new Uint8Array(Math.min(total, cap));
  const written = encodeText(text, restore, out, flags);
  return { bytes: out, input: describe(source, written, total, cap, [...flags]) };
}

/**
 * UTF-8 of `text`, line ends rebuilt as CRLF when `restore`, written into `out` (up to its
 * length; never a partial character) or only counted when `out` is null. Returns the byte count.
 */
function encodeText(
  text: string,
  restore: boolean,
  out: Uint8Array | null,
  flags: Set<Approximation>,
): number {
  const max = out === null ? Number.POSITIVE_INFINITY : out.length;
  let o = 0;
  for (let i = 0; i < text.length; i += 1) {
    let c = text.charCodeAt(i);
    if (c < 0x80 && !(restore && (c === LF || c === CR))) {
      if (o >= max) break;
      if (out !== null) out[o] = c;
      o += 1;
      continue;
    }
    if (c < 0x80) {
      // CRLF stays one line end; a lone CR or LF becomes one.
      if (c === CR && text.charCodeAt(i + 1) === LF) i += 1;
      else flags.add('line-ends');
      if (o + 2 > max) break;
      if (out !== null) {
        out[o] = CR;
        out[o + 1] = LF;
      }
      o += 2;
      continue;
    }
    flags.add('non-ascii');
    if (c >= 0xd800 && c <= 0xdbff && isLow(text.charCodeAt(i + 1))) {
      const cp = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00);
      if (o + 4 > max) break;
      i += 1;
      if (out !== null) {
        out[o] = 0xf0 | (cp >> 18);
        out[o + 1] = 0x80 | ((cp >> 12) & 0x3f);
        out[o + 2] = 0x80 | ((cp >> 6) & 0x3f);
        out[o + 3] = 0x80 | (cp & 0x3f);
      }
      o += 4;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c === 0xfffd) flags.add('replacement');
    const size = c < 0x800 ? 2 : 3;
    if (o + size > max) break;
    if (out !== null) {
      if (size === 2) {
        out[o] = 0xc0 | (c >> 6);
        out[o + 1] = 0x80 | (c & 0x3f);
      } else {
        out[o] = 0xe0 | (c >> 12);
        out[o + 1] = 0x80 | ((c >> 6) & 0x3f);
        out[o + 2] = 0x80 | (c & 0x3f);
      }
    }
    o += size;
  }
  return o;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function describe(
  source: VerifySource,
  bytes: number,
  totalBytes: number,
  capBytes: number,
  approximations: Approximation[],
): VerifyInput {
  const order: Approximation[] = ['line-ends', 'non-ascii', 'replacement'];
  const sorted = order.filter((a) => approximations.includes(a));
  return {
    source,
    bytes,
    totalBytes,
    capBytes,
    truncated: totalBytes > bytes,
    approximate: sorted.length > 0,
    approximations: sorted,
  };
}
