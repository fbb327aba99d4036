import { decodeBase64 } from '../parse/decode-base64.ts';
import { compact, parseTagList } from '../parse/parse-tag-list.ts';

export interface KeyRecord {
  /** k=, lowercase; `rsa` when absent. */
  keyType: string;
  /** h=: hash algorithms the key may be used with; null when absent (any). */
  hashes: string[] | null;
  /** s=: service types; null when absent (`*`). */
  services: string[] | null;
  /** t=y */
  testing: boolean;
  /** t=s */
  strict: boolean;
  /** p=, decoded; empty for a revoked key. */
  publicKey: Uint8Array;
  /** The TXT record as published (strings joined). */
  record: string;
}

/**
 * RFC 6376 §3.6.1 key record (a TXT tag list at `<s>._domainkey.<d>`): v= (if present the first
 * tag, and DKIM1), k=, h=, s=, t= flags (unknown flags ignored), and p= — base64, folding
 * whitespace allowed, empty meaning revoked. Returns the problem in words when the record is not
 * a usable key record. Not handled: n= (notes for people), g= (from RFC 4871, removed).
 */
export function parseKeyRecord(record: string): KeyRecord | { problem: string } {
  const { tags, duplicate } = parseTagList(record);
  if (duplicate) return { problem: 'a tag is given twice' };
  const first = tags.keys().next().value;
  if (tags.has('v') && (first !== 'v' || tags.get('v') !== 'DKIM1'))
    return {
      problem: `v=${tags.get('v') ?? ''} (the record must start with v=DKIM1 if it has v=)`,
    };
  if (!tags.has('p')) return { problem: 'no p= tag, so it is not a DKIM key record' };
  const p = compact(tags.get('p') ?? '');
  const publicKey = decodeBase64(p);
  if (publicKey === null) return { problem: 'p= is not base64' };
  const list = (name: string): string[] | null =>
    tags.has(name)
      ? compact(tags.get(name) ?? '')
          .toLowerCase()
          .split(':')
          .filter((x) => x.length > 0)
      : null;
  const flags = list('t') ?? [];
  return {
    keyType: (tags.get('k') ?? 'rsa').trim().toLowerCase() || 'rsa',
    hashes: list('h'),
    services: list('s'),
    testing: flags.includes('y'),
    strict: flags.includes('s'),
    publicKey,
    record,
  };
}
