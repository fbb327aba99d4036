import { decodeBase64 } from '../parse/decode-base64.ts';
import type { Resolver } from '../dns/resolver.ts';
import { isDnsName } from '../psl/domain-name.ts';
import { compact, parseTagList } from '../parse/parse-tag-list.ts';
import type { DkimLive, LiveMeta } from './live-types.ts';

/**
 * RFC 6376 §3.6.1 key records at `<selector>._domainkey.<domain>`: a TXT tag list whose `p=` is
 * the base64 public key; an empty `p=` is a revoked key (§3.6.1). The RSA modulus size is read
 * from the key's DER so a 512-bit key can be called out (Gmail wants at least 1024).
 * Not handled: verifying any signature (the receiver already did).
 */
export async function checkDkimLive(
  keyName: string,
  resolver: Resolver,
  meta: LiveMeta,
): Promise<DkimLive> {
  const base = { ...meta, keyName, record: null, keyType: null, keyBits: null, ttl: null };
  if (keyName.length > 253 || !isDnsName(keyName)) {
    return {
      ...base,
      status: 'invalid-name',
      problem: `${keyName} is not a DNS name (the signature's s= or d= holds characters a DNS name can't), so no key can be published or looked up there`,
    };
  }
  const answer = await resolver(keyName, 'TXT');
  if (answer.status === 'error') return { ...base, status: 'error', problem: answer.reason };
  const records = answer.status === 'ok' ? answer.records : [];
  const ttl = answer.ttl;
  const keys = records.filter((r) => parseTagList(r).tags.has('p'));
  const record = keys[0] ?? records[0] ?? null;
  if (keys.length === 0) {
    return {
      ...base,
      record,
      ttl,
      status: record === null ? 'missing' : 'not-a-key',
      problem:
        record === null
          ? `no TXT record at ${keyName}: publish the public key your signer generated there`
          : `the TXT record at ${keyName} has no p= tag, so it is not a DKIM key`,
    };
  }
  const { tags } = parseTagList(keys[0] ?? '');
  const p = compact(tags.get('p') ?? '');
  const keyType = (tags.get('k') ?? 'rsa').toLowerCase();
  if (p.length === 0) {
    return {
      ...base,
      record,
      ttl,
      keyType,
      status: 'revoked',
      problem: `the key at ${keyName} is revoked (empty p=)`,
    };
  }
  const keyBits = keyType === 'rsa' ? rsaModulusBits(p) : keyType === 'ed25519' ? 256 : null;
  const weak = keyType === 'rsa' && keyBits !== null && keyBits < 1024;
  return {
    ...base,
    record,
    ttl,
    keyType,
    keyBits,
    status: 'key',
    problem: weak
      ? `the RSA key is ${keyBits} bits; Gmail requires at least 1024 (2048 recommended)`
      : keys.length > 1
        ? `${keys.length} key records at ${keyName}; keep one`
        : null,
  };
}

/** Bits of the RSA modulus in a base64 SubjectPublicKeyInfo (or bare RSAPublicKey), or null. */
export function rsaModulusBits(base64: string): number | null {
  const der = decodeBase64(base64);
  if (der === null) return null;
  let pos = 0;
  const header = (): { tag: number; length: number } | null => {
    const tag = der[pos];
    let length = der[pos + 1];
    if (tag === undefined || length === undefined) return null;
    pos += 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 3) return null;
      length = 0;
      for (let i = 0; i < count; i += 1) length = length * 256 + (der[pos + i] ?? 0);
      pos += count;
    }
    return { tag, length };
  };
  // SubjectPublicKeyInfo: SEQUENCE { SEQUENCE { OID, NULL }, BIT STRING { RSAPublicKey } }
  const outer = header();
  if (outer?.tag !== 0x30) return null;
  const next = header();
  if (next === null) return null;
  if (next.tag === 0x30) {
    pos += next.length;
    const bits = header();
    if (bits?.tag !== 0x03) return null;
    pos += 1; // unused-bits byte
    if (header()?.tag !== 0x30) return null;
    const modulus = header();
    if (modulus?.tag !== 0x02) return null;
    return modulusBits(der, pos, modulus.length);
  }
  // A bare RSAPublicKey: SEQUENCE { INTEGER modulus, INTEGER exponent }
  if (next.tag !== 0x02) return null;
  return modulusBits(der, pos, next.length);
}

function modulusBits(der: Uint8Array, start: number, length: number): number | null {
  let i = start;
  let n = length;
  while (n > 0 && der[i] === 0) {
    i += 1;
    n -= 1;
  }
  const first = der[i];
  if (first === undefined || n === 0) return null;
  return (n - 1) * 8 + (32 - Math.clz32(first));
}
