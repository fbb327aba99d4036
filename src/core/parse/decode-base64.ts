const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * RFC 4648 §4 base64 to bytes, stopping at the first `=`; null on any other character (callers
 * remove folding whitespace first). Used for RFC 2047 B-encoded words and DKIM public keys.
 */
export function decodeBase64(s: string): Uint8Array | null {
  const out = new Uint8Array(s.length);
  let length = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i += 1) {
    const ch = s.charAt(i);
    if (ch === '=') break;
    const v = ALPHABET.indexOf(ch);
    if (v === -1) return null;
    buffer = ((buffer << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length] = (buffer >> bits) & 0xff;
      length += 1;
    }
  }
  return out.slice(0, length);
}
