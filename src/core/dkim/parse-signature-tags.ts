import { decodeBase64 } from '../parse/decode-base64.ts';
import { isDnsName, toAsciiDomain } from '../psl/domain-name.ts';
import { compact, parseTagList } from '../parse/parse-tag-list.ts';
import type { Canonicalization } from './canonicalize-body.ts';
import { DKIM_LIMITS } from './dkim-limits.ts';

/** A DKIM-Signature, an ARC-Message-Signature (DKIM tags, i= the instance) or an ARC-Seal. */
export type SignatureKind = 'dkim' | 'ams' | 'as';

export interface SignatureTags {
  kind: SignatureKind;
  /** a=, lowercase. Whether it can be verified is decided later (rsa-sha1 is refused there). */
  algorithm: string;
  headerCanon: Canonicalization;
  bodyCanon: Canonicalization;
  domain: string;
  selector: string;
  /** h=, lowercase, in order (empty for an ARC-Seal). */
  signedHeaders: string[];
  /** bh=, whitespace removed (empty for an ARC-Seal). */
  bodyHash: string;
  signature: Uint8Array;
  /** l= */
  bodyLength: number | null;
  /** DKIM i= (the agent or user identifier). */
  identity: string | null;
  /** ARC i= (the instance). */
  instance: number | null;
  /** ARC-Seal cv=, lowercase. */
  cv: string | null;
  /** t= and x=, seconds since the epoch. */
  timestamp: number | null;
  expires: number | null;
}

export type SignatureProblem = {
  reason: 'malformed-signature' | 'unsupported-algorithm';
  problem: string;
};

/**
 * The tags of a DKIM-Signature (RFC 6376 §3.5), ARC-Message-Signature (RFC 8617 §4.1.2) or
 * ARC-Seal (§4.1.3) field value, checked as §6.1.1 asks before any key is fetched: required tags
 * present, v=1, no repeated tag, h= naming From (DKIM), i= within d=, l=/t=/x= numbers, b=/bh=
 * base64, x= not before t=; an ARC-Seal has cv= and no h=, an ARC-Message-Signature's h= names no
 * ARC-Seal. Not handled: z= (copied header fields, diagnostic only), q= methods other than
 * dns/txt (none is defined).
 */
export function parseSignatureTags(
  value: string,
  kind: SignatureKind,
): SignatureTags | SignatureProblem {
  const { tags, duplicate } = parseTagList(value);
  const bad = (problem: string): SignatureProblem => ({ reason: 'malformed-signature', problem });
  if (duplicate) return bad('a tag is given twice');
  const required =
    kind === 'dkim'
      ? ['v', 'a', 'b', 'bh', 'd', 'h', 's']
      : kind === 'ams'
        ? ['i', 'a', 'b', 'bh', 'd', 'h', 's']
        : ['i', 'a', 'b', 'd', 's', 'cv'];
  const missing = required.filter((t) => !tags.has(t));
  if (missing.length > 0)
    return bad(
      `required tag${missing.length > 1 ? 's' : ''} ${missing.map((t) => `${t}=`).join(', ')} missing`,
    );
  if (kind === 'dkim' && tags.get('v') !== '1') return bad(`v=${tags.get('v') ?? ''} is not 1`);

  const domain = toAsciiDomain(tags.get('d') ?? '');
  if (domain === null) return bad(`d=${tags.get('d') ?? ''} is not a domain name`);
  const selector = (tags.get('s') ?? '').trim().toLowerCase();
  if (!isDnsName(`${selector}._domainkey.${domain}`)) return bad(`s=${selector} is not a selector`);

  const signature = decodeBase64(compact(tags.get('b') ?? ''));
  if (signature === null || signature.length === 0) return bad('b= is empty or not base64');

  let instance: number | null = null;
  let cv: string | null = null;
  if (kind !== 'dkim') {
    instance = integer(tags.get('i'), 2);
    if (instance === null || instance < 1)
      return bad(`i=${tags.get('i') ?? ''} is not an instance number`);
  }
  if (kind === 'as') {
    if (tags.has('h')) return bad('an ARC-Seal must not have h= (RFC 8617 §4.1.3)');
    cv = (tags.get('cv') ?? '').toLowerCase();
    if (cv !== 'none' && cv !== 'pass' && cv !== 'fail')
      return bad(`cv=${cv} is not none, pass or fail`);
  }

  let signedHeaders: string[] = [];
  let bodyHash = '';
  let headerCanon: Canonicalization = 'relaxed';
  let bodyCanon: Canonicalization = 'relaxed';
  if (kind !== 'as') {
    signedHeaders = compact(tags.get('h') ?? '')
      .toLowerCase()
      .split(':')
      .filter((n) => n.length > 0);
    if (signedHeaders.length > DKIM_LIMITS.signedHeaderNames)
      return bad(`h= names more than ${DKIM_LIMITS.signedHeaderNames} fields`);
    if (kind === 'dkim' && !signedHeaders.includes('from'))
      return bad('h= does not include From (RFC 6376 §5.4)');
    if (kind === 'ams' && signedHeaders.includes('arc-seal'))
      return bad('h= includes ARC-Seal (RFC 8617 §4.1.2)');
    bodyHash = compact(tags.get('bh') ?? '');
    if (bodyHash.length === 0 || decodeBase64(bodyHash) === null)
      return bad('bh= is empty or not base64');
    const c = (tags.get('c') ?? 'simple/simple').trim().toLowerCase();
    const [h = '', b = 'simple', ...rest] = c.split('/');
    if (!isCanon(h) || !isCanon(b) || rest.length > 0)
      return { reason: 'unsupported-algorithm', problem: `c=${c} is not simple or relaxed` };
    headerCanon = h;
    bodyCanon = b;
  }

  let identity: string | null = null;
  if (kind === 'dkim' && tags.has('i')) {
    identity = tags.get('i') ?? '';
    const at = identity.lastIndexOf('@');
    const idDomain = at === -1 ? null : toAsciiDomain(identity.slice(at + 1));
    if (idDomain === null) return bad(`i=${identity} is not an address or @domain`);
    if (idDomain !== domain && !idDomain.endsWith(`.${domain}`))
      return bad(`i=${identity} is not within d=${domain} (RFC 6376 §6.1.1)`);
  }
  if (kind === 'dkim' && tags.has('q')) {
    const methods = compact(tags.get('q') ?? '')
      .toLowerCase()
      .split(':');
    if (!methods.includes('dns/txt')) return bad(`q=${tags.get('q') ?? ''} offers no dns/txt`);
  }

  const bodyLength = tags.has('l') ? integer(tags.get('l'), 76) : null;
  if (tags.has('l') && bodyLength === null) return bad(`l=${tags.get('l') ?? ''} is not a length`);
  const timestamp = tags.has('t') ? integer(tags.get('t'), 12) : null;
  if (tags.has('t') && timestamp === null) return bad(`t=${tags.get('t') ?? ''} is not a time`);
  const expires = kind === 'dkim' && tags.has('x') ? integer(tags.get('x'), 12) : null;
  if (kind === 'dkim' && tags.has('x') && expires === null)
    return bad(`x=${tags.get('x') ?? ''} is not a time`);
  if (timestamp !== null && expires !== null && expires < timestamp)
    return bad('x= is earlier than t= (RFC 6376 §3.5)');

  return {
    kind,
    algorithm: (tags.get('a') ?? '').trim().toLowerCase(),
    headerCanon,
    bodyCanon,
    domain,
    selector,
    signedHeaders,
    bodyHash,
    signature,
    bodyLength,
    identity,
    instance,
    cv,
    timestamp,
    expires,
  };
}

function isCanon(s: string): s is Canonicalization {
  return s === 'simple' || s === 'relaxed';
}

/** Decimal digits only, at most `digits` of them (RFC 6376 §3.5: l= ≤ 76, t=/x= ≤ 12),
 * within the safe-integer range. */
function integer(value: string | undefined, digits: number): number | null {
  if (value === undefined) return null;
  const s = value.trim();
  if (s.length === 0 || s.length > digits) return null;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return null;
  }
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}
