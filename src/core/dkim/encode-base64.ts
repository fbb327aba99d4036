const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 §4 base64 with padding (for showing a computed body hash beside bh=). */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += char(n >> 18) + char(n >> 12) + char(n >> 6) + char(n);
  }
  if (i + 1 === bytes.length) {
    const n = (bytes[i] ?? 0) << 16;
    out += `${char(n >> 18)}${char(n >> 12)}==`;
  } else if (i + 2 === bytes.length) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += `${char(n >> 18)}${char(n >> 12)}${char(n >> 6)}=`;
  }
  return out;
}

function char(n: number): string {
  return ALPHABET.charAt(n & 63);
}
