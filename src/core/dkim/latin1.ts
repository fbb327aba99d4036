/**
 * `bytes[start, end)` as a string of one character per byte (U+0000–U+00FF), so offsets in the
 * string are offsets in the bytes and 8-bit bytes survive. (TextDecoder's "latin1" is
 * windows-1252 and maps 0x80–0x9F elsewhere, so it can't be used for this.)
 */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  for (let i = start; i < end; i += CHUNK) {
    out += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + CHUNK)));
  }
  return out;
}

/** Characters per String.fromCharCode call: well under every engine's argument limit. */
const CHUNK = 8192;
