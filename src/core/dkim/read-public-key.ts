/**
 * A key record's p= as a SubjectPublicKeyInfo for WebCrypto, and its size:
 * - RSA (RFC 6376 §3.6.1, §3.3.1): a DER SubjectPublicKeyInfo with the rsaEncryption OID, as
 *   signers publish it (`MIGfMA0G…`, `MIIBIjAN…`). A bare PKCS#1 RSAPublicKey (`MIGJAoGB…`) is
 *   accepted too and wrapped into a SubjectPublicKeyInfo (`format: 'pkcs1'`, reported so the
 *   publisher can fix it: some verifiers refuse that form). The size is the modulus's bit length.
 * - Ed25519 (RFC 8463 §4.2): the 32-byte raw public key, wrapped into a SubjectPublicKeyInfo.
 * Only the DER structure is read; whether the numbers make a usable key is WebCrypto's import.
 * Not handled: BER indefinite lengths, lengths over 3 bytes (a key of more than 16 MiB).
 */
export function readPublicKey(
  keyType: string,
  bytes: Uint8Array,
): { spki: Uint8Array; bits: number; format: 'spki' | 'pkcs1' | 'raw' } | { problem: string } {
  if (keyType === 'ed25519') {
    if (bytes.length !== 32) {
      return {
        problem: `an Ed25519 key must be the 32-byte raw key (RFC 8463 §4.2), this one has ${bytes.length} bytes`,
      };
    }
    return { spki: concat(ED25519_SPKI_PREFIX, bytes), bits: 256, format: 'raw' };
  }
  const spki = readSpki(bytes);
  if (spki !== null) return { spki: bytes, bits: spki, format: 'spki' };
  const pkcs1 = readRsaPublicKey(bytes, 0, bytes.length);
  if (pkcs1 !== null) return { spki: wrapPkcs1(bytes), bits: pkcs1, format: 'pkcs1' };
  return {
    problem: 'p= is not an RSA public key (neither SubjectPublicKeyInfo nor RSAPublicKey DER)',
  };
}

/** id-Ed25519 SubjectPublicKeyInfo header (RFC 8410 §4): SEQUENCE { SEQUENCE { OID 1.3.101.112 },
 * BIT STRING (33 bytes: no unused bits, then the key) }. */
const ED25519_SPKI_PREFIX = new Uint8Array([
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
]);

/** rsaEncryption AlgorithmIdentifier: SEQUENCE { OID 1.2.840.113549.1.1.1, NULL }. */
const RSA_ALGORITHM = new Uint8Array([
  0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
]);

interface Tlv {
  tag: number;
  /** Offset of the contents. */
  start: number;
  /** Offset just past the contents. */
  end: number;
}

/** The DER element at `pos`, within `limit`; null when its header or length doesn't fit. */
function tlv(der: Uint8Array, pos: number, limit: number): Tlv | null {
  const tag = der[pos];
  const first = der[pos + 1];
  if (tag === undefined || first === undefined || pos + 2 > limit) return null;
  let length = first;
  let start = pos + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 3 || start + count > limit) return null;
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + (der[start + i] ?? 0);
    start += count;
  }
  const end = start + length;
  return end <= limit ? { tag, start, end } : null;
}

/** SubjectPublicKeyInfo { AlgorithmIdentifier rsaEncryption, BIT STRING RSAPublicKey } filling
 * `der` exactly: the modulus size, or null. */
function readSpki(der: Uint8Array): number | null {
  const outer = tlv(der, 0, der.length);
  if (outer?.tag !== 0x30 || outer.end !== der.length) return null;
  const algorithm = tlv(der, outer.start, outer.end);
  if (algorithm?.tag !== 0x30) return null;
  const oid = tlv(der, algorithm.start, algorithm.end);
  if (oid?.tag !== 0x06 || !sameBytes(der, oid.start - 2, oid.end, RSA_ALGORITHM.subarray(2, 13)))
    return null;
  const bits = tlv(der, algorithm.end, outer.end);
  if (bits?.tag !== 0x03 || bits.end !== outer.end || der[bits.start] !== 0) return null;
  return readRsaPublicKey(der, bits.start + 1, bits.end);
}

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } filling
 * `[start, end)`: the modulus's bit length, or null. */
function readRsaPublicKey(der: Uint8Array, start: number, end: number): number | null {
  const seq = tlv(der, start, end);
  if (seq?.tag !== 0x30 || seq.end !== end) return null;
  const modulus = tlv(der, seq.start, seq.end);
  if (modulus?.tag !== 0x02) return null;
  const exponent = tlv(der, modulus.end, seq.end);
  if (exponent?.tag !== 0x02 || exponent.end !== seq.end) return null;
  let i = modulus.start;
  while (i < modulus.end && der[i] === 0) i += 1;
  const top = der[i];
  if (top === undefined || i >= modulus.end) return null;
  return (modulus.end - i - 1) * 8 + (32 - Math.clz32(top));
}

function wrapPkcs1(pkcs1: Uint8Array): Uint8Array {
  const bitString = concat(header(0x03, pkcs1.length + 1), new Uint8Array([0]), pkcs1);
  return concat(header(0x30, RSA_ALGORITHM.length + bitString.length), RSA_ALGORITHM, bitString);
}

/** A DER tag and definite length. */
function header(tag: number, length: number): Uint8Array {
  if (length < 0x80) return new Uint8Array([tag, length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return new Uint8Array([tag, 0x80 | bytes.length, ...bytes]);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function sameBytes(der: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
  if (end - start !== expected.length) return false;
  for (let i = 0; i < expected.length; i += 1) if (der[start + i] !== expected[i]) return false;
  return true;
}
