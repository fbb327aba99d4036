import { toAsciiDomain } from '../psl/domain-name.ts';
import { compact, parseTagList } from './parse-tag-list.ts';
import { toIso } from './parse-date.ts';
import type { DkimSignature } from '../report.ts';

/**
 * RFC 6376 §3.5 DKIM-Signature tags, for display and for naming the key record: d (domain),
 * s (selector), a (algorithm), i (identity), c (canonicalization), h (signed headers),
 * t (timestamp), x (expiry). Also the leading characters of b=, which Authentication-Results
 * quotes as `header.b` to say which signature a result is for. Nothing is verified here: the
 * verdict is the receiver's.
 */
export function parseDkimSignature(value: string): DkimSignature & { b: string | null } {
  const { tags } = parseTagList(value);
  const d = tags.get('d');
  const s = tags.get('s');
  const h = tags.get('h');
  return {
    domain: d === undefined ? null : toAsciiDomain(d),
    selector: s === undefined ? null : s.trim().toLowerCase() || null,
    algorithm: tags.get('a') ?? null,
    identity: tags.get('i') ?? null,
    canonicalization: tags.get('c') ?? null,
    signedHeaders: h === undefined ? [] : headerNames(h),
    timestamp: seconds(tags.get('t')),
    expires: seconds(tags.get('x')),
    b: tags.has('b') ? compact(tags.get('b') ?? '') : null,
  };
}

/** RFC 6376 §3.5 h=: the signed header fields' names, lowercase. */
function headerNames(h: string): string[] {
  const names: string[] = [];
  for (const name of compact(h).split(':')) if (name.length > 0) names.push(name.toLowerCase());
  return names;
}

/** RFC 6376 §3.5 t= and x=: seconds since the epoch, at most 12 digits. */
function seconds(value: string | undefined): string | null {
  if (value === undefined || !/^\d{1,12}$/.test(value)) return null;
  return toIso(Number(value) * 1000);
}
